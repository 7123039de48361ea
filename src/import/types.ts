import type { XlsxLimits } from "./limits.js";

/** The vocabulary of imports: kinds, per-row issues, the report and whole-file refusals. */

export const IMPORT_KINDS = ["managers", "customers", "usage", "bills", "events"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** What `--encoding` may force; without it the encoding is detected. */
export const FORCEABLE_ENCODINGS = ["utf8", "gbk"] as const;
export type ForcedEncoding = (typeof FORCEABLE_ENCODINGS)[number];

/** How the file was actually read. */
export type SourceEncoding = "utf8" | "utf8-bom" | "gbk" | "xlsx";

/** Why one row (or one cell of it) was rejected; rendered in zh/en by ./messages.ts. */
export type IssueCode =
  | "required"
  | "bad_date"
  | "bad_month"
  | "bad_number"
  | "negative"
  | "not_integer"
  | "bad_boolean"
  | "bad_enum"
  | "bad_phone"
  | "bad_id"
  | "unknown_manager"
  | "unknown_customer"
  | "duplicate_key"
  | "chat_id_taken"
  | "field_count"
  | "malformed_csv"
  | "too_long"
  | "out_of_range"
  | "date_out_of_window"
  | "case_twin_store"
  | "case_twin_file"
  | "control_char"
  | "record_too_long";

/** One rejected cell or row. `line` is the physical line of the file (header = 1), or the sheet row. */
export interface RowIssue {
  readonly file: string;
  readonly line: number;
  /** The record's last physical line, when it spans several (a quoted field with line breaks). */
  readonly lastLine?: number;
  /** Canonical column name, or null when the whole row is at fault. */
  readonly column: string | null;
  /** The header as written in the file (e.g. 入网日期), or null. */
  readonly header: string | null;
  readonly value: string | null;
  readonly code: IssueCode;
  /** Extra fact for the message: allowed values, the line of the first occurrence… */
  readonly detail?: string;
}

export interface ImportCounts {
  /** Data rows read (blank lines not counted). */
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportReport extends ImportCounts {
  readonly file: string;
  /**
   * Physical lines of the file (sheet rows of an XLSX), header included. Every one is accounted
   * for: lines = 1 (header) + blankLines + the lines of the `rows` records (one each, more for a
   * quoted field with line breaks: see an issue's `lastLine`).
   */
  readonly lines: number;
  readonly blankLines: number;
  readonly kind: ImportKind;
  readonly encoding: SourceEncoding;
  /** Issues, at most `maxIssues` of them (the counts are always complete). */
  readonly issues: RowIssue[];
  readonly issuesOmitted: number;
  /** Headers that map to no known column; they are ignored. */
  readonly ignoredColumns: string[];
  /** Teams created by a managers import. */
  readonly teamsCreated: number;
  readonly durationMs: number;
}

export type RefusalCode =
  | "not_found"
  | "unsupported_format"
  | "encoding"
  | "empty"
  | "missing_columns"
  | "duplicate_columns"
  | "too_large"
  | "malformed"
  | "write_failed";

/** The file as a whole was refused; nothing was written. `message` is English, for logs. */
export interface ImportRefusal {
  readonly code: RefusalCode;
  readonly file: string;
  readonly message: string;
  /** Columns at fault (missing_columns, duplicate_columns), the encoding tried, or the cause. */
  readonly columns?: string[];
  readonly detail?: string;
}

export interface ImportProgress {
  rows: number;
  /** Bytes read so far and the file size; both 0 when unknown (XLSX). */
  bytes: number;
  totalBytes: number;
}

export interface ImportOptions {
  /** Force an encoding for CSV; detected when absent. */
  encoding?: ForcedEncoding;
  /** Called about every `progressEvery` rows (default 100,000) and once at the end. */
  onProgress?: (progress: ImportProgress) => void;
  progressEvery?: number;
  /** How many issues the report keeps (default 10,000); the rest are only counted. */
  maxIssues?: number;
  /** The day date cells are checked against (default: today in UTC) and the window around it. */
  today?: string;
  datePastYears?: number;
  dateFutureYears?: number;
  /** Bounds for XLSX files (default XLSX_LIMITS). */
  xlsxLimits?: XlsxLimits;
  /**
   * Parsing in a worker thread overlapped with writing (./pipelined-import.ts), for CSV files of
   * usage, bills and events: `use` forces it on or off (default: on from 20,000 estimated rows);
   * `batchRows` rows per batch (default 8,192); `failAfterRows` makes the parser thread throw
   * (fault injection for tests).
   */
  pipeline?: { use?: boolean; batchRows?: number; failAfterRows?: number };
}
