import { err, ok, type Result } from "../result.js";
import { COLUMNS, headerLookup, normalizeHeader } from "./columns.js";
import { importMessages } from "./messages.js";
import { type ControlMark, codePoint } from "./scan-text.js";
import type { ImportKind, ImportRefusal } from "./types.js";

/** One recognised column of the file: where it is and what it was called there. */
export interface MappedColumn {
  readonly name: string;
  readonly index: number;
  readonly header: string;
}

export interface HeaderMap {
  readonly columns: MappedColumn[];
  readonly ignored: string[];
  readonly width: number;
  /** Canonical names present in the file. */
  readonly present: ReadonlySet<string>;
}

/** Carries a whole-file refusal out of the reader's callbacks. */
export class Refused extends Error {
  constructor(readonly refusal: ImportRefusal) {
    super(refusal.message);
  }
}

/** A refusal with its English message, for logs and `AppError` compatibility. */
export function refusal(
  code: ImportRefusal["code"],
  file: string,
  detail = "",
  columns?: string[],
): ImportRefusal {
  return { code, file, detail, columns, message: importMessages("en").refusal[code](file, detail) };
}

/**
 * Maps the header row onto the kind's canonical columns. A missing required column or two headers
 * meaning the same column refuse the whole file; unknown headers are ignored (and reported).
 */
export function mapHeader(
  kind: ImportKind,
  headers: string[],
  file: string,
): Result<HeaderMap, ImportRefusal> {
  const lookup = headerLookup(kind);
  const columns: MappedColumn[] = [];
  const ignored: string[] = [];
  const seen = new Map<string, string>();
  const duplicates: string[] = [];
  headers.forEach((header, index) => {
    const name = lookup.get(normalizeHeader(header));
    if (!name) {
      if (header.trim() !== "") ignored.push(header.trim());
      return;
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) duplicates.push(`${name} (${earlier}, ${header.trim()})`);
    seen.set(name, header.trim());
    columns.push({ name, index, header: header.trim() });
  });
  if (columns.length === 0 && headers.every((h) => h.trim() === "")) return err(refusal("empty", file));
  if (duplicates.length > 0)
    return err(refusal("duplicate_columns", file, duplicates.join("; "), duplicates));
  const missing = COLUMNS[kind].filter((c) => c.required && !seen.has(c.name));
  if (missing.length > 0) {
    const names = missing.map((c) => c.name);
    const described = missing.map((c) => `${c.name} (${c.aliases.slice(0, 2).join("/")})`).join(", ");
    return err(refusal("missing_columns", file, described, names));
  }
  return ok({ columns, ignored, width: headers.length, present: new Set(seen.keys()) });
}

/** The header record (`line`): a control character in it, or a `mapHeader` refusal, refuses the file. */
export function checkHeader(
  kind: ImportKind,
  cells: string[],
  line: number,
  marks: ReadonlyMap<number, ControlMark>,
  file: string,
): HeaderMap {
  const control = marks.get(line);
  if (control) {
    const detail = `control character ${codePoint(control.char)} at line ${line}, column ${control.column}`;
    throw new Refused(refusal("malformed", file, detail));
  }
  const header = mapHeader(kind, cells, file);
  if (!header.ok) throw new Refused(header.error);
  return header.value;
}
