/**
 * The parser thread of a pipelined import (./pipelined-import.ts): reads, parses and checks a
 * CSV file (or, for a PostgreSQL store, an XLSX file's first sheet) record by record (everything that needs no store), and streams the good rows packed
 * (./packed-rows.ts) with the rejected rows' issues to the writer, batch by batch, while the
 * writer writes the previous ones. At most WINDOW batches are in flight: the writer counts the
 * batches it has taken in a shared counter and this thread waits on it.
 */
import type { MessagePort } from "node:worker_threads";
import { EncodingError } from "./decode.js";
import { checkHeader, type HeaderMap, Refused, refusal } from "./header-map.js";
import { IssueLog } from "./issue-log.js";
import { packedColumns } from "./kinds.js";
import { dateWindow, LimitExceeded } from "./limits.js";
import { BatchPacker, type PackedBatch } from "./packed-rows.js";
import type { RecordSink } from "./read-csv.js";
import { openCsvFile } from "./read-csv-file.js";
import { readXlsx } from "./read-xlsx.js";
import { RecordChecker } from "./record-checker.js";
import type { ControlMark } from "./scan-text.js";
import { rowParsers } from "./schemas.js";
import type { ImportCounts, ImportKind, ImportRefusal, RowIssue } from "./types.js";

export interface ParseTask {
  readonly path: string;
  readonly kind: ImportKind;
  /** An XLSX file was checked for its expansion (./xlsx-guard.ts) before the thread starts. */
  readonly format: "csv" | "xlsx";
  /** The most cells an XLSX sheet may have (XLSX_LIMITS.maxCells). */
  readonly maxCells: number;
  readonly encoding: "utf8" | "gbk";
  /** The encoding was forced (`--encoding`): GBK is then not second-guessed. */
  readonly forced: boolean;
  readonly today: string;
  readonly datePastYears: number;
  readonly dateFutureYears: number;
  readonly maxIssues: number;
  readonly progressEvery: number;
  readonly batchRows: number;
  /** Fault injection for tests: the thread throws once this many records were read. */
  readonly failAfterRows?: number;
}

/** Why the parser stopped: errors cross the thread boundary as data and are rebuilt. */
export type ParseFailure =
  | { readonly kind: "refused"; readonly refusal: ImportRefusal }
  | { readonly kind: "encoding"; readonly encoding: "utf8" | "gbk"; readonly offset: number }
  | { readonly kind: "limit"; readonly detail: string }
  | { readonly kind: "failed"; readonly message: string };

export type ParseMessage =
  | { readonly type: "header"; readonly header: HeaderMap }
  | {
      readonly type: "batch";
      readonly batch: PackedBatch;
      /** Issues of the rejected rows among this batch's records, in line order… */
      readonly issues: RowIssue[];
      /** …and how many more there were beyond the report's limit. */
      readonly omitted: number;
      readonly rejected: number;
    }
  | { readonly type: "progress"; readonly rows: number; readonly bytes: number }
  | {
      readonly type: "done";
      readonly rows: number;
      readonly lines: number;
      readonly blankLines: number;
      readonly bytes: number;
    }
  | { readonly type: "failed"; readonly failure: ParseFailure };

/** Batches sent but not yet taken in by the writer, at most. */
export const WINDOW = 4;

/** The worker's task: parses `task.path` and posts ParseMessages to `port` until done or failed. */
export async function runParser(task: ParseTask, port: MessagePort, taken: Int32Array): Promise<void> {
  try {
    await parse(task, port, taken);
  } catch (e) {
    port.postMessage({ type: "failed", failure: failureOf(e) } satisfies ParseMessage);
  }
}

async function parse(task: ParseTask, port: MessagePort, taken: Int32Array): Promise<void> {
  const { path, kind } = task;
  const window = dateWindow(task.today, task.datePastYears, task.dateFutureYears);
  const parser = rowParsers(window)[kind];
  const marks = new Map<number, ControlMark>();
  const counts: ImportCounts = { rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  let checker: RecordChecker | null = null;
  let log: IssueLog | null = null;
  let packer: BatchPacker | null = null;
  let sent = 0;
  let omittedSent = 0;
  let rejectedSent = 0;

  const flush = () => {
    if (!packer || !log) return;
    while (sent - Atomics.load(taken, 0) >= WINDOW) Atomics.wait(taken, 0, Atomics.load(taken, 0), 100);
    const { batch, transfer } = packer.take();
    // The writer keeps the report's issues: this thread hands each over once.
    const issues = log.issues.splice(0);
    const message: ParseMessage = {
      type: "batch",
      batch,
      issues,
      omitted: log.omitted - omittedSent,
      rejected: counts.rejected - rejectedSent,
    };
    omittedSent = log.omitted;
    rejectedSent = counts.rejected;
    port.postMessage(message, transfer);
    sent++;
  };

  let bytesRead = () => 0;
  const sink: RecordSink = {
    record(cells, line, lastLine) {
      if (!checker) {
        const header = checkHeader(kind, cells, line, marks, path);
        port.postMessage({ type: "header", header } satisfies ParseMessage);
        log = new LimitedIssueLog(path, header, task.maxIssues);
        checker = new RecordChecker(parser, header, counts, log);
        checker.marks = marks;
        packer = new BatchPacker(packedColumns(kind, header.present));
        return;
      }
      const rows = counts.rows;
      const row = checker.check(cells, line, lastLine);
      if (row) packer!.push(row, line);
      if (counts.rows === rows) return; // blank
      if (task.failAfterRows !== undefined && counts.rows >= task.failAfterRows)
        throw new Error(`injected parser failure at line ${line}`);
      if (counts.rows % task.progressEvery === 0)
        port.postMessage({
          type: "progress",
          rows: counts.rows,
          bytes: bytesRead(),
        } satisfies ParseMessage);
      if (packer!.length >= task.batchRows || log!.issues.length >= task.batchRows) flush();
    },
    malformed(line, lastLine, detail) {
      if (!checker) throw new Refused(refusal("empty", path));
      checker.rejectMalformed(line, lastLine, detail);
    },
  };
  let lines: number;
  if (task.format === "xlsx") lines = await readXlsx(path, sink, task.maxCells, marks);
  else {
    const csv = openCsvFile(path, task.encoding, task.forced, marks);
    bytesRead = csv.bytesRead;
    lines = await csv.read(sink);
  }
  if (!checker) throw new Refused(refusal("empty", path));
  flush();
  // A sheet has no blank records: the rows it skips are the blank lines (as ./import-file.ts counts).
  const blankLines =
    task.format === "xlsx" ? lines - 1 - counts.rows : (checker as RecordChecker).countBlankLines(lines);
  const done: ParseMessage = { type: "done", rows: counts.rows, lines, blankLines, bytes: bytesRead() };
  port.postMessage(done);
}

/**
 * The worker's issue log: the report keeps at most `max` issues, so once this many went to the
 * writer the rest are only counted (the writer merges them in line order with its own).
 */
class LimitedIssueLog extends IssueLog {
  private total = 0;

  override add(issue: RowIssue): void {
    if (this.total >= this.max) this.omitted++;
    else {
      this.total++;
      this.issues.push(issue);
    }
  }
}

function failureOf(e: unknown): ParseFailure {
  if (e instanceof Refused) return { kind: "refused", refusal: e.refusal };
  if (e instanceof EncodingError) return { kind: "encoding", encoding: e.encoding, offset: e.offset };
  if (e instanceof LimitExceeded) return { kind: "limit", detail: e.detail };
  return { kind: "failed", message: e instanceof Error ? e.message : String(e) };
}
