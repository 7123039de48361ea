import type { SqliteDatabase } from "../store/database.js";
import { type BulkWrite, beginBulkWrite } from "./bulk-write.js";
import { EncodingError, type SniffedFile } from "./decode.js";
import { type HeaderMap, Refused } from "./header-map.js";
import { IssueLog, mergedIssues } from "./issue-log.js";
import { KINDS } from "./kinds.js";
import { LimitExceeded, XLSX_LIMITS } from "./limits.js";
import { BatchReader, type PackedBatch } from "./packed-rows.js";
import type { ParseFailure, ParseTask } from "./parse-worker.js";
import { type ParserThread, startParserThread } from "./parser-thread.js";
import { existenceCheck, type RowsWriter, upsertWriter, writtenColumns } from "./sql-upsert.js";
import type { ImportCounts, ImportKind, ImportOptions, ImportReport, RowIssue } from "./types.js";

/** What a parser thread's task holds beyond what the file and the options say. */
export type FileTask = Omit<
  ParseTask,
  "path" | "kind" | "format" | "maxCells" | "encoding" | "forced" | "progressEvery" | "batchRows"
>;

/** Kinds whose rows need nothing from the store but their references: these can be pipelined. */
export const PIPELINED_KINDS: readonly ImportKind[] = ["usage", "bills", "events"];
/** Below this many rows (estimated) the parser thread's start-up costs more than it saves. */
export const PIPELINE_MIN_ROWS = 20_000;
const BATCH_ROWS = 8192;

/**
 * A CSV import with parsing overlapped with writing: a worker thread (./parse-worker.ts) parses
 * and checks the records and streams packed batches; this thread checks each good row's
 * references (cached reads), and upserts it in the import's one transaction, begun at the first
 * batch — so the write lock is held while the rest of the file is read, and a refusal found late
 * (an unclosed quote at the end, bad bytes) rolls everything back. The report is the one the
 * two-phase import (./import-file.ts) gives for the same file: same counts, same issues in the
 * same order, the same limit on them.
 */
export async function importPipelined(
  sql: SqliteDatabase,
  path: string,
  kind: ImportKind,
  file: SniffedFile,
  options: ImportOptions,
  task: FileTask,
): Promise<ImportReport> {
  const started = performance.now();
  const definition = KINDS[kind];
  const maxIssues = task.maxIssues;
  const counts: ImportCounts = { rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  const { parser, progress } = startFileParser(path, kind, file, options, task);
  let header: HeaderMap | null = null;
  let writer: BatchWriter | null = null;
  let bulk: BulkWrite | null = null;
  try {
    for await (const message of parser.messages()) {
      if (message.type === "header") header = message.header;
      else if (message.type === "progress") progress(message.rows, message.bytes);
      else if (message.type === "batch") {
        if (!header) throw new Error("the parser sent rows before the header");
        if (!writer) {
          // The write transaction, waiting for the lock (busy timeout) rather than failing.
          bulk = beginBulkWrite(sql, definition.table.table, file.estimatedRows);
          writer = batchWriter(sql, kind, header, path, maxIssues, counts);
        }
        writer.write(message.batch, message.issues, message.omitted);
        counts.rejected += message.rejected;
        parser.taken();
      } else if (message.type === "failed") throw rebuilt(message.failure);
      else {
        bulk?.finish();
        if (sql.inTransaction) sql.exec("COMMIT");
        counts.rows = message.rows;
        progress(message.rows, message.bytes);
        const logs = writer?.logs() ?? null;
        const merged = logs
          ? mergedIssues(logs.validation, logs.writing, maxIssues)
          : { issues: [] as RowIssue[], omitted: 0 };
        return pipelinedReport({ path, kind, file, header, started }, message, counts, merged);
      }
    }
    throw new Error("the parser thread stopped without a word");
  } catch (e) {
    if (sql.inTransaction) sql.exec("ROLLBACK");
    throw e;
  } finally {
    (bulk as BulkWrite | null)?.restore();
    await parser.stop();
  }
}

/** The parser thread on one file, and the progress callback its messages feed. */
export function startFileParser(
  path: string,
  kind: ImportKind,
  file: SniffedFile,
  options: ImportOptions,
  task: FileTask,
): { parser: ParserThread; progress: (rows: number, bytes: number) => void } {
  const parser = startParserThread({
    ...task,
    path,
    kind,
    format: file.format === "xlsx" ? "xlsx" : "csv",
    maxCells: (options.xlsxLimits ?? XLSX_LIMITS).maxCells,
    encoding: file.encoding === "gbk" ? "gbk" : "utf8",
    forced: options.encoding !== undefined,
    progressEvery: options.progressEvery ?? 100_000,
    batchRows: options.pipeline?.batchRows ?? BATCH_ROWS,
    failAfterRows: options.pipeline?.failAfterRows,
  });
  // An XLSX sheet is read from inside the zip: no share of the file's bytes to show.
  const totalBytes = file.format === "csv" ? file.size : 0;
  const progress = (rows: number, bytes: number) => options.onProgress?.({ rows, bytes, totalBytes });
  return { parser, progress };
}

/** The report of a file read by the parser thread, once its last message came. */
export function pipelinedReport(
  run: { path: string; kind: ImportKind; file: SniffedFile; header: HeaderMap | null; started: number },
  done: { lines: number; blankLines: number },
  counts: ImportCounts,
  merged: { issues: RowIssue[]; omitted: number },
): ImportReport {
  return {
    file: run.path,
    kind: run.kind,
    encoding: run.file.encoding,
    lines: done.lines,
    blankLines: done.blankLines,
    ...counts,
    issues: merged.issues,
    issuesOmitted: merged.omitted,
    ignoredColumns: run.header?.ignored ?? [],
    teamsCreated: 0,
    durationMs: Math.round(performance.now() - run.started),
  };
}

interface BatchWriter {
  /** One batch with the issues the parser found among its records (in line order). */
  write(batch: PackedBatch, parserIssues: RowIssue[], parserOmitted: number): void;
  logs(): { validation: IssueLog; writing: IssueLog };
}

/**
 * Checks references and writes, batch by batch; issues go to two logs, validation (the parser's
 * and the references', merged in line order) and writing (in-file duplicates), as the two-phase
 * import logs them in its two phases.
 */
function batchWriter(
  sql: SqliteDatabase,
  kind: ImportKind,
  header: HeaderMap,
  path: string,
  maxIssues: number,
  counts: ImportCounts,
): BatchWriter {
  const definition = KINDS[kind];
  const names = writtenColumns(definition.table, header.present);
  const reader = new BatchReader(names);
  const references = definition.references.map((r) => ({
    ...r,
    at: names.indexOf(r.column),
    exists: existenceCheck(sql, r.table),
  }));
  const validation = new IssueLog(path, header, maxIssues);
  const writing = new IssueLog(path, header, maxIssues);
  const idColumn = definition.table.key[0]![0];
  // Prepared inside the transaction: it reads the table's highest rowid.
  const write: RowsWriter = upsertWriter(sql, definition.table, header.present);
  return {
    write(batch, parserIssues, parserOmitted) {
      const all = reader.open(batch);
      const keep = new Int32Array(batch.count);
      let kept = 0;
      let next = 0;
      for (let r = 0; r < batch.count; r++) {
        const line = batch.lines[r]!;
        while (next < parserIssues.length && parserIssues[next]!.line < line)
          validation.add(parserIssues[next++]!);
        let problems: { column: string; code: (typeof references)[number]["code"] }[] | null = null;
        let input: Record<string, string> | null = null;
        for (const ref of references) {
          const value = all.valueAt(r, ref.at) as string;
          if (ref.exists(value)) continue;
          problems ??= [];
          input ??= {};
          problems.push({ column: ref.column, code: ref.code });
          input[ref.column] = value;
        }
        if (!problems) keep[kept++] = r;
        else {
          counts.rejected++;
          validation.reject(line, problems, input);
        }
      }
      while (next < parserIssues.length) validation.add(parserIssues[next++]!);
      validation.omitted += parserOmitted;
      const rows = all.only(keep.subarray(0, kept));
      write(rows, (i, outcome) => {
        if (typeof outcome === "string") counts[outcome]++;
        else {
          counts.rejected++;
          const input = { [idColumn]: String(rows.row(i)[idColumn]) };
          writing.reject(
            rows.lineAt(i),
            [{ column: idColumn, code: "duplicate_key", detail: String(outcome) }],
            input,
          );
        }
      });
    },
    logs: () => ({ validation, writing }),
  };
}

/** A parser failure, rebuilt on this side as the error the importer's callers know. */
export function rebuilt(failure: ParseFailure): Error {
  if (failure.kind === "refused") return new Refused(failure.refusal);
  if (failure.kind === "encoding") return new EncodingError(failure.encoding, failure.offset);
  if (failure.kind === "limit") return new LimitExceeded(failure.detail);
  return new Error(`the parser thread failed: ${failure.message}`);
}
