import type pg from "pg";
import {
  beginStagedImport,
  type StagedImport,
  type StagedIssue,
  type StagedTarget,
} from "../store/postgres/staged-import.js";
import type { PeopleChecks } from "../store/postgres/staged-people.js";
import type { SniffedFile } from "./decode.js";
import type { HeaderMap } from "./header-map.js";
import { IssueLog, mergedIssues } from "./issue-log.js";
import { KINDS, packedColumns } from "./kinds.js";
import { BatchReader } from "./packed-rows.js";
import { type FileTask, pipelinedReport, rebuilt, startFileParser } from "./pipelined-import.js";
import type { ImportKind, ImportOptions, ImportReport, IssueCode, RowIssue } from "./types.js";

/** The sort memory of an import's transaction: a 1M-row file's keys sort in memory. */
const IMPORT_WORK_MEM = "256MB";

/**
 * A CSV import into PostgreSQL: the parser thread (./parse-worker.ts) parses and checks the records
 * as for SQLite, and the good rows stream through `COPY` into a temporary staging table; at the end
 * one statement per step finds unknown references and in-file duplicates and upserts the rest
 * (src/store/postgres/staged-import.ts). Everything runs in one transaction: a refusal found late
 * (an unclosed quote at the end, bad bytes) leaves the store as it was. The report is the SQLite
 * import's for the same file and store: the same counts, and the same issues in the same order.
 */
export async function importIntoPostgres(
  pool: pg.Pool,
  path: string,
  kind: ImportKind,
  file: SniffedFile,
  options: ImportOptions,
  task: FileTask,
): Promise<ImportReport> {
  const started = performance.now();
  const maxIssues = task.maxIssues;
  const { parser, progress } = startFileParser(path, kind, file, options, task);
  const client = await pool.connect();
  let header: HeaderMap | null = null;
  let staged: StagedImport | null = null;
  let reader: BatchReader | null = null;
  let open = false;
  const parserIssues: RowIssue[] = [];
  let parserOmitted = 0;
  let parserRejected = 0;
  try {
    for await (const message of parser.messages()) {
      if (message.type === "header") header = message.header;
      else if (message.type === "progress") progress(message.rows, message.bytes);
      else if (message.type === "batch") {
        if (!header) throw new Error("the parser sent rows before the header");
        if (!staged) {
          const names = packedColumns(kind, header.present);
          reader = new BatchReader(names);
          await client.query("BEGIN");
          open = true;
          // COPY is one statement for as long as the file takes to read: PG_STATEMENT_TIMEOUT_MS
          // is for the bot's queries, a large import gets an hour.
          await client.query("SET LOCAL statement_timeout = '1h'");
          // The duplicate check and the upsert sort the whole file by key: in memory, not on disk.
          await client.query(`SET LOCAL work_mem = '${IMPORT_WORK_MEM}'`);
          staged = await beginStagedImport(client, stagedTarget(kind, header.present));
        }
        const rows = reader!.open(message.batch);
        const values: unknown[] = [];
        for (let r = 0; r < rows.length; r++) {
          rows.bind(r, values, 0);
          staged.push(rows.lineAt(r), values);
        }
        await staged.drain();
        parserIssues.push(...message.issues);
        parserOmitted += message.omitted;
        parserRejected += message.rejected;
        parser.taken();
      } else if (message.type === "failed") throw rebuilt(message.failure);
      else {
        const result = staged ? await staged.finish(maxIssues) : null;
        if (open) await client.query("COMMIT");
        open = false;
        progress(message.rows, message.bytes);
        const validation = new IssueLog(path, header!, maxIssues);
        const writing = new IssueLog(path, header!, maxIssues);
        for (const issue of checkedIssues(kind, result?.checked ?? [], parserIssues, path, header!))
          validation.add(issue);
        validation.omitted += parserOmitted + (result ? result.checkedTotal - result.checked.length : 0);
        for (const issue of storeIssues(kind, result?.written ?? [], path, header!)) writing.add(issue);
        writing.omitted += result ? result.writtenTotal - result.written.length : 0;
        const counts = {
          rows: message.rows,
          inserted: result?.inserted ?? 0,
          updated: result?.updated ?? 0,
          unchanged: result?.unchanged ?? 0,
          rejected: parserRejected + (result?.rejectedRows ?? 0),
        };
        const merged = mergedIssues(validation, writing, maxIssues);
        const report = pipelinedReport({ path, kind, file, header, started }, message, counts, merged);
        return { ...report, teamsCreated: result?.teamsCreated ?? 0 };
      }
    }
    throw new Error("the parser thread stopped without a word");
  } catch (e) {
    await staged?.abort(e instanceof Error ? e : new Error(String(e)));
    if (open) await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
    await parser.stop();
  }
}

/** The store's columns for a kind's file: the key, the values the file has, the references, the checks. */
function stagedTarget(kind: ImportKind, present: ReadonlySet<string>): StagedTarget {
  const { table, references, carried } = KINDS[kind];
  return {
    table: table.table,
    key: table.key.map(([, c]) => c),
    values: table.values.filter(([name]) => present.has(name)).map(([, c]) => c),
    references: references.map((r) => ({
      column: storeColumn(kind, r.column),
      table: r.table,
      code: r.code,
    })),
    ...(carried ? { carried } : {}),
    ...(kind === "managers" || kind === "customers" ? { people: peopleChecks(kind) } : {}),
  };
}

/** Managers: chat ids held by one manager, teams created; customers: case twins and duplicates only. */
function peopleChecks(kind: "managers" | "customers"): PeopleChecks {
  if (kind === "customers") return { owned: [], duplicatesWhileChecking: false };
  return {
    owned: ["telegram_user_id", "slack_user_id"].map((name) => ({
      column: storeColumn(kind, name),
      code: "chat_id_taken",
    })),
    duplicatesWhileChecking: true,
    teams: { table: "Team", column: storeColumn(kind, "team_id"), name: "team_name" },
  };
}

function storeColumn(kind: ImportKind, name: string): string {
  const { table } = KINDS[kind];
  return [...table.key, ...table.values].find(([canonical]) => canonical === name)?.[1] ?? name;
}

/** The store's problems as the report's issues (canonical column names, the value the file had). */
function storeIssues(
  kind: ImportKind,
  found: readonly StagedIssue[],
  path: string,
  header: HeaderMap,
): RowIssue[] {
  const { table } = KINDS[kind];
  const canonical = new Map([...table.key, ...table.values].map(([name, column]) => [column, name]));
  const log = new IssueLog(path, header, Number.MAX_SAFE_INTEGER);
  for (const f of found) {
    const name = canonical.get(f.column) ?? f.column;
    const problem = {
      column: name,
      code: f.code as IssueCode,
      ...(f.detail !== null ? { detail: f.detail } : {}),
    };
    log.reject(f.line, [problem], f.value !== null ? { [name]: f.value } : {});
  }
  return log.issues;
}

/** The parser's issues and the store's checks, merged in line order as one validation log takes them. */
function checkedIssues(
  kind: ImportKind,
  found: readonly StagedIssue[],
  parserIssues: RowIssue[],
  path: string,
  header: HeaderMap,
): RowIssue[] {
  // Stable: a line's problems keep the order the store gave them.
  return [...parserIssues, ...storeIssues(kind, found, path, header)].sort((a, b) => a.line - b.line);
}
