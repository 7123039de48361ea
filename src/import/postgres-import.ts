import type pg from "pg";
import { beginStagedImport, type StagedImport, type StagedTarget } from "../store/postgres/staged-import.js";
import type { SniffedFile } from "./decode.js";
import type { HeaderMap } from "./header-map.js";
import { IssueLog, mergedIssues } from "./issue-log.js";
import { KINDS } from "./kinds.js";
import { BatchReader } from "./packed-rows.js";
import type { ParseTask } from "./parse-worker.js";
import { pipelinedReport, rebuilt, startFileParser } from "./pipelined-import.js";
import { writtenColumns } from "./sql-upsert.js";
import type { ImportKind, ImportOptions, ImportReport, RowIssue } from "./types.js";

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
  task: Omit<ParseTask, "path" | "kind" | "encoding" | "forced" | "progressEvery" | "batchRows">,
): Promise<ImportReport> {
  const started = performance.now();
  const definition = KINDS[kind];
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
          const names = writtenColumns(definition.table, header.present);
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
        const idColumn = definition.table.key[0]![0];
        const canonical = new Map(definition.table.key.map(([name, column]) => [column, name]));
        for (const issue of referenceIssues(kind, result, parserIssues, canonical, path, header!))
          validation.add(issue);
        validation.omitted += parserOmitted + (result ? result.missedRows - missedLines(result) : 0);
        for (const d of result?.duplicates ?? [])
          writing.reject(d.line, [{ column: idColumn, code: "duplicate_key", detail: String(d.earlier) }], {
            [idColumn]: d.firstKey,
          });
        writing.omitted += result ? result.duplicateRows - result.duplicates.length : 0;
        const counts = {
          rows: message.rows,
          inserted: result?.inserted ?? 0,
          updated: result?.updated ?? 0,
          unchanged: result?.unchanged ?? 0,
          rejected: parserRejected + (result ? result.missedRows + result.duplicateRows : 0),
        };
        const merged = mergedIssues(validation, writing, maxIssues);
        return pipelinedReport({ path, kind, file, header, started }, message, counts, merged);
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

/** The store's columns for a kind's file: the key, the values the file has, the references. */
function stagedTarget(kind: ImportKind, present: ReadonlySet<string>): StagedTarget {
  const { table, references } = KINDS[kind];
  const column = (name: string) =>
    [...table.key, ...table.values].find(([canonical]) => canonical === name)?.[1] ?? name;
  return {
    table: table.table,
    key: table.key.map(([, c]) => c),
    values: table.values.filter(([name]) => present.has(name)).map(([, c]) => c),
    references: references.map((r) => ({ column: column(r.column), table: r.table })),
  };
}

/** Lines among the misses returned (a line may miss several references). */
function missedLines(result: { misses: { line: number }[] }): number {
  return new Set(result.misses.map((m) => m.line)).size;
}

/** The parser's issues and the reference misses, merged in line order as one validation log takes them. */
function referenceIssues(
  kind: ImportKind,
  result: { misses: { line: number; column: string; value: string }[] } | null,
  parserIssues: RowIssue[],
  canonical: ReadonlyMap<string, string>,
  path: string,
  header: HeaderMap,
): RowIssue[] {
  const log = new IssueLog(path, header, Number.MAX_SAFE_INTEGER);
  for (const miss of result?.misses ?? []) {
    const name = canonical.get(miss.column) ?? miss.column;
    const code = KINDS[kind].references.find((r) => r.column === name)!.code;
    log.reject(miss.line, [{ column: name, code }], { [name]: miss.value });
  }
  return [...parserIssues, ...log.issues].sort((a, b) => a.line - b.line);
}
