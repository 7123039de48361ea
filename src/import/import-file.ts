import type pg from "pg";
import { metrics } from "../metrics.js";
import { err, ok, type Result } from "../result.js";
import type { SqliteDatabase, Store } from "../store/database.js";
import { beginBulkWrite } from "./bulk-write.js";
import { ensureCaseInsensitiveIdIndex } from "./case-twins.js";
import { EncodingError, type SniffedFile, sniffFile } from "./decode.js";
import { checkHeader, Refused, refusal } from "./header-map.js";
import { KINDS } from "./kinds.js";
import { dateWindow, LimitExceeded, XLSX_LIMITS } from "./limits.js";
import { importPipelined, PIPELINE_MIN_ROWS, PIPELINED_KINDS } from "./pipelined-import.js";
import { importIntoPostgres } from "./postgres-import.js";
import type { RecordSink } from "./read-csv.js";
import { openCsvFile } from "./read-csv-file.js";
import { readXlsx } from "./read-xlsx.js";
import { RowProcessor } from "./row-processor.js";
import type { ControlMark } from "./scan-text.js";
import { rowParsers } from "./schemas.js";
import type { ImportKind, ImportOptions, ImportRefusal, ImportReport } from "./types.js";
import { checkXlsxExpansion } from "./xlsx-guard.js";

/**
 * Imports one CSV or XLSX file of `kind` into the store, in two phases. First the file is streamed,
 * parsed and validated with reads only (the good rows are kept, compactly, in memory), so a bad
 * encoding, an unclosed quote or a limit refuses the file before anything is locked. Then the good
 * rows are written in ONE transaction on the raw better-sqlite3 handle (prepared statements;
 * Prisma is far too slow for 1M rows): upserted by natural key, in-file duplicates rejected, and
 * any failure midway rolls everything back. The write waits for other writers (busy timeout).
 *
 * Returns the report, or a refusal when the file as a whole cannot be imported (not found,
 * unsupported format or encoding, malformed, too large, missing required column, write failure).
 */
export async function importFile(
  store: Store,
  path: string,
  kind: ImportKind,
  options: ImportOptions = {},
): Promise<Result<ImportReport, ImportRefusal>> {
  return importSniffed(path, kind, options, (file) =>
    pipelined(kind, file, options)
      ? importPipelined(store.sql, path, kind, file, options, parseSettings(options))
      : importOnce(store.sql, path, kind, file, options),
  );
}

/**
 * `importFile` for a PostgreSQL store: every kind, CSV or XLSX, read by the parser thread, staged
 * through COPY, checked and upserted in one transaction (./postgres-import.ts), with the report the
 * SQLite import gives for the same file and store.
 */
export async function importFileToPostgres(
  pool: pg.Pool,
  path: string,
  kind: ImportKind,
  options: ImportOptions = {},
): Promise<Result<ImportReport, ImportRefusal>> {
  return importSniffed(path, kind, options, async (file) => {
    if (file.format === "xlsx") await checkXlsxExpansion(path, options.xlsxLimits ?? XLSX_LIMITS);
    return importIntoPostgres(pool, path, kind, file, options, parseSettings(options));
  });
}

/** Sniffs the file, runs `run` on it (once more as GBK when UTF-8 turns out wrong), maps failures to refusals. */
async function importSniffed(
  path: string,
  kind: ImportKind,
  options: ImportOptions,
  run: (file: SniffedFile) => Promise<ImportReport>,
): Promise<Result<ImportReport, ImportRefusal>> {
  const sniffed = await sniffFile(path, options.encoding);
  if (!sniffed.ok) return sniffed;
  const { format, size, estimatedRows } = sniffed.value;
  let encoding = sniffed.value.encoding;
  for (;;) {
    try {
      const report = await run({ format, encoding, size, estimatedRows });
      metrics.importRows.inc({ kind, result: "stored" }, report.inserted + report.updated + report.unchanged);
      metrics.importRows.inc({ kind, result: "rejected" }, report.rejected);
      return ok(report);
    } catch (e) {
      if (e instanceof Refused) return err(e.refusal);
      if (e instanceof LimitExceeded) return err(refusal("too_large", path, e.detail));
      if (e instanceof EncodingError) {
        // The sample looked like UTF-8 but the file is not: GBK exports often start in plain ASCII.
        if (encoding === "utf8" && !options.encoding) {
          encoding = "gbk";
          continue;
        }
        return err(refusal("encoding", path, e.message));
      }
      return err(refusal("write_failed", path, e instanceof Error ? e.message : String(e)));
    }
  }
}

/** Whether the file goes through the parser thread (./pipelined-import.ts). */
function pipelined(kind: ImportKind, file: SniffedFile, options: ImportOptions): boolean {
  if (file.format !== "csv" || !PIPELINED_KINDS.includes(kind)) return false;
  return options.pipeline?.use ?? file.estimatedRows >= PIPELINE_MIN_ROWS;
}

function parseSettings(options: ImportOptions) {
  return {
    today: options.today ?? new Date().toISOString().slice(0, 10),
    datePastYears: options.datePastYears ?? 50,
    dateFutureYears: options.dateFutureYears ?? 10,
    maxIssues: options.maxIssues ?? 10_000,
  };
}

async function importOnce(
  sql: SqliteDatabase,
  path: string,
  kind: ImportKind,
  file: SniffedFile,
  options: ImportOptions,
): Promise<ImportReport> {
  const { format, encoding, size } = file;
  const started = performance.now();
  const every = options.progressEvery ?? 100_000;
  const { today, datePastYears, dateFutureYears, maxIssues } = parseSettings(options);
  const window = dateWindow(today, datePastYears, dateFutureYears);
  const parser = rowParsers(window)[kind];
  const table = KINDS[kind].table.table;
  if (kind === "customers" || kind === "managers") ensureCaseInsensitiveIdIndex(sql, table);
  const marks = new Map<number, ControlMark>();
  // The first record is the header; the processor exists from then on.
  const state: { processor: RowProcessor | null } = { processor: null };
  let bytesRead = () => 0;
  const totalBytes = format === "csv" ? size : 0;
  const progress = () =>
    options.onProgress?.({ rows: state.processor?.counts.rows ?? 0, bytes: bytesRead(), totalBytes });
  const sink: RecordSink = {
    record(cells, line, lastLine) {
      const processor = state.processor;
      if (!processor) {
        const header = checkHeader(kind, cells, line, marks, path);
        state.processor = new RowProcessor(sql, kind, KINDS[kind], parser, header, path, maxIssues);
        state.processor.marks = marks;
        return;
      }
      processor.process(cells, line, lastLine);
      if (processor.counts.rows % every === 0) progress();
    },
    malformed(line, lastLine, detail) {
      if (!state.processor) throw new Refused(refusal("empty", path));
      state.processor.rejectMalformed(line, lastLine, detail);
    },
  };
  // Phase 1, reads only: parse and validate the whole file. Other writers are not held up.
  let lines: number;
  if (format === "xlsx") {
    const limits = options.xlsxLimits ?? XLSX_LIMITS;
    await checkXlsxExpansion(path, limits);
    lines = await readXlsx(path, sink, limits.maxCells, marks);
  } else {
    const csv = openCsvFile(path, encoding === "gbk" ? "gbk" : "utf8", options.encoding !== undefined, marks);
    bytesRead = csv.bytesRead;
    lines = await csv.read(sink);
  }
  const processor = state.processor;
  if (!processor) throw new Refused(refusal("empty", path));
  // Phase 2: the write transaction, waiting for the lock (busy timeout) rather than failing.
  const bulk = beginBulkWrite(sql, table, file.estimatedRows);
  try {
    processor.writeStaged();
    bulk.finish();
    sql.exec("COMMIT");
  } catch (e) {
    if (sql.inTransaction) sql.exec("ROLLBACK");
    throw e;
  } finally {
    bulk.restore();
  }
  progress();
  const blankLines = format === "xlsx" ? lines - 1 - processor.counts.rows : processor.countBlankLines(lines);
  return {
    file: path,
    kind,
    encoding,
    lines,
    blankLines,
    ...processor.counts,
    issues: processor.issues,
    issuesOmitted: processor.issuesOmitted,
    ignoredColumns: processor.ignoredColumns,
    teamsCreated: processor.teamsCreated(),
    durationMs: Math.round(performance.now() - started),
  };
}
