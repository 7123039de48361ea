import type { HeaderMap } from "./header-map.js";
import type { IssueLog } from "./issue-log.js";
import type { RowParser } from "./row-schema.js";
import { type ControlMark, codePoint } from "./scan-text.js";
import type { ImportCounts } from "./types.js";

/**
 * The checks of one record that need nothing but the record itself — blank, control characters,
 * field count, every cell through its parser — so they can run in the parser worker as well as
 * in the main thread (./row-processor.ts adds the checks that read the store). Counts every
 * record; a rejected one goes to the issue log with its line.
 */
export class RecordChecker {
  /** Blank records (lines with nothing but separators); a trailing one past `lines` is not a line. */
  blankLines = 0;
  private lastBlankLine = 0;
  /** Lines with a control character (./scan-text.ts); their rows are rejected. */
  marks: ReadonlyMap<number, ControlMark> = new Map();

  constructor(
    private readonly parser: RowParser<Record<string, unknown>>,
    private readonly header: HeaderMap,
    readonly counts: ImportCounts,
    private readonly log: IssueLog,
  ) {
    this.at = parser.columns.map((name) => header.columns.find((c) => c.name === name)?.index ?? -1);
  }

  /** Where each of the parser's columns sits in a record (-1: not in the file). */
  private readonly at: number[];

  /** A record's trimmed cells by canonical column, as issues show them. */
  inputOf(cells: readonly string[]): Record<string, string> {
    const input: Record<string, string> = {};
    for (const c of this.header.columns) input[c.name] = (cells[c.index] ?? "").trim();
    return input;
  }

  /** A CSV-level problem the reader found (unterminated quote…). */
  rejectMalformed(line: number, lastLine: number, detail: string): void {
    this.counts.rows++;
    this.reject(line, [{ column: null, code: "malformed_csv", detail }], null, lastLine);
  }

  /** Physical lines: blank ones not counted as such when they were only the file's final newline. */
  countBlankLines(lines: number): number {
    return this.lastBlankLine > lines ? this.blankLines - 1 : this.blankLines;
  }

  /**
   * One record of cells spanning physical lines `line`…`lastLine`: its parsed row, or null when it
   * is blank (skipped) or rejected (logged).
   */
  check(cells: string[], line: number, lastLine: number): Record<string, unknown> | null {
    if (isBlank(cells)) {
      this.blankLines++;
      this.lastBlankLine = line;
      return null;
    }
    this.counts.rows++;
    if (this.marks.size > 0) {
      for (let l = line; l <= lastLine; l++) {
        const mark = this.marks.get(l);
        if (!mark) continue;
        const detail = `${codePoint(mark.char)}|${l}:${mark.column}`;
        this.reject(line, [{ column: null, code: "control_char", detail }], null, lastLine);
        return null;
      }
    }
    const { width } = this.header;
    if (cells.length < width || (cells.length > width && !isBlank(cells.slice(width)))) {
      const detail = `${cells.length}/${width}`;
      this.reject(line, [{ column: null, code: "field_count", detail }], null, lastLine);
      return null;
    }
    const parsed = this.parser.parse(cells, this.at);
    if (parsed.problems) {
      this.reject(line, parsed.problems, this.inputOf(cells));
      return null;
    }
    return parsed.row;
  }

  reject(
    line: number,
    problems: Parameters<IssueLog["reject"]>[1],
    input: Record<string, string> | null,
    lastLine = line,
  ): void {
    this.counts.rejected++;
    this.log.reject(line, problems, input, lastLine);
  }
}

function isBlank(cells: string[]): boolean {
  for (const c of cells) if (c.trim() !== "") return false;
  return true;
}
