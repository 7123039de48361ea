/** Importing operators' CSV/XLSX exports (managers, customers, usage, bills, events) into the store. */
export { COLUMNS, type ColumnSpec, normalizeHeader } from "./columns.js";
export { formatIssue, formatRefusal, formatReport } from "./format-report.js";
export { importFile, importFileToPostgres } from "./import-file.js";
export { type ImportMessages, importMessages } from "./messages.js";
export {
  FORCEABLE_ENCODINGS,
  type ForcedEncoding,
  IMPORT_KINDS,
  type ImportCounts,
  type ImportKind,
  type ImportOptions,
  type ImportProgress,
  type ImportRefusal,
  type ImportReport,
  type IssueCode,
  type RefusalCode,
  type RowIssue,
  type SourceEncoding,
} from "./types.js";
