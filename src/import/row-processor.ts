import type { SqliteDatabase } from "../store/database.js";
import { type CaseTwins, caseTwins } from "./case-twins.js";
import type { HeaderMap } from "./header-map.js";
import type { KindDefinition } from "./kinds.js";
import { type ManagerHooks, managerHooks, type RowProblem } from "./manager-teams.js";
import type { RowParser } from "./row-schema.js";
import { type ControlMark, codePoint } from "./scan-text.js";
import { existenceCheck, type RowsWriter, upsertWriter } from "./sql-upsert.js";
import { StagedRows } from "./staged-rows.js";
import type { ImportCounts, ImportKind, IssueCode, RowIssue } from "./types.js";

/**
 * Takes the file's records one at a time and validates them (parse, references, case twins) with
 * reads only, keeping the good rows; `writeStaged()` then upserts them inside the write
 * transaction, refusing in-file duplicates. Rejected rows become issues; everything is counted.
 */
export class RowProcessor {
  readonly counts: ImportCounts = { rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  readonly issues: RowIssue[] = [];
  issuesOmitted = 0;
  /** Blank records (lines with nothing but separators); a trailing one past `lines` is not a line. */
  blankLines = 0;
  private lastBlankLine = 0;
  /** Lines with a control character (./scan-text.ts); their rows are rejected. */
  marks: ReadonlyMap<number, ControlMark> = new Map();
  private readonly sql: SqliteDatabase;
  private readonly definition: KindDefinition;
  private readonly references: { column: string; exists: (id: string) => boolean; code: IssueCode }[];
  private readonly managers: ManagerHooks | null;
  private readonly twins: CaseTwins | null;
  private readonly idColumn: string;
  private readonly headerOf = new Map<string, string>();
  /** Validated rows waiting for the write phase, with their lines. */
  private readonly staged = new StagedRows();

  constructor(
    sql: SqliteDatabase,
    kind: ImportKind,
    definition: KindDefinition,
    private readonly parser: RowParser<Record<string, unknown>>,
    private readonly header: HeaderMap,
    private readonly file: string,
    private readonly maxIssues: number,
  ) {
    this.sql = sql;
    this.definition = definition;
    this.references = definition.references.map((r) => ({ ...r, exists: existenceCheck(sql, r.table) }));
    this.managers = kind === "managers" ? managerHooks(sql) : null;
    this.idColumn = definition.table.key[0]![0];
    const entity = kind === "managers" || kind === "customers";
    this.twins = entity ? caseTwins(sql, definition.table.table, this.idColumn) : null;
    for (const c of header.columns) this.headerOf.set(c.name, c.header);
  }

  get ignoredColumns(): string[] {
    return this.header.ignored;
  }

  teamsCreated(): number {
    return this.managers?.teamsCreated() ?? 0;
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

  /** One record of cells spanning physical lines `line`…`lastLine`. Blank records are skipped. */
  process(cells: string[], line: number, lastLine: number): void {
    if (isBlank(cells)) {
      this.blankLines++;
      this.lastBlankLine = line;
      return;
    }
    this.counts.rows++;
    if (this.marks.size > 0) {
      for (let l = line; l <= lastLine; l++) {
        const mark = this.marks.get(l);
        if (!mark) continue;
        const detail = `${codePoint(mark.char)}|${l}:${mark.column}`;
        this.reject(line, [{ column: null, code: "control_char", detail }], null, lastLine);
        return;
      }
    }
    const { width, columns } = this.header;
    if (cells.length < width || (cells.length > width && !isBlank(cells.slice(width)))) {
      const detail = `${cells.length}/${width}`;
      this.reject(line, [{ column: null, code: "field_count", detail }], null, lastLine);
      return;
    }
    const input: Record<string, string> = {};
    for (const c of columns) input[c.name] = (cells[c.index] ?? "").trim();
    const parsed = this.parser.parse(input);
    if (parsed.problems) {
      this.reject(line, parsed.problems, input);
      return;
    }
    const row = parsed.row;
    const problems: RowProblem[] = [];
    for (const ref of this.references) {
      if (!ref.exists(row[ref.column] as string)) problems.push({ column: ref.column, code: ref.code });
    }
    const id = row[this.idColumn] as string;
    const twin = this.twins?.check(id, line);
    if (twin) problems.push(twin);
    if (this.managers && problems.length === 0) problems.push(...this.managers.check(row, line));
    if (problems.length > 0) {
      this.reject(line, problems, input);
      return;
    }
    this.twins?.accept(id, line);
    this.staged.push(row, line);
  }

  /**
   * Writes the rows that passed validation, in file order; call inside the write transaction.
   * A key already written from this file rejects the row as a duplicate of that line.
   */
  writeStaged(): void {
    const { staged } = this;
    if (this.managers) for (let i = 0; i < staged.length; i++) this.managers.beforeWrite(staged.row(i));
    // Prepared now, inside the transaction: it reads the table's highest rowid.
    const write: RowsWriter = upsertWriter(this.sql, this.definition.table, this.header.present);
    write(staged, (i, row, outcome) => {
      if (typeof outcome === "string") this.counts[outcome]++;
      else {
        const input = { [this.idColumn]: String(row[this.idColumn]) };
        const detail = String(outcome);
        this.reject(staged.lineAt(i), [{ column: this.idColumn, code: "duplicate_key", detail }], input);
      }
    });
    staged.clear();
    this.issues.sort((a, b) => a.line - b.line);
  }

  private reject(
    line: number,
    problems: RowProblem[],
    input: Record<string, string> | null,
    lastLine = line,
  ): void {
    this.counts.rejected++;
    for (const p of problems) {
      if (this.issues.length >= this.maxIssues) {
        this.issuesOmitted++;
        continue;
      }
      this.issues.push({
        file: this.file,
        line,
        ...(lastLine !== line ? { lastLine } : {}),
        column: p.column,
        header: p.column ? (this.headerOf.get(p.column) ?? null) : null,
        value: p.column && input ? (input[p.column] ?? null) : null,
        code: p.code,
        ...(p.detail !== undefined ? { detail: p.detail } : {}),
      });
    }
  }
}

function isBlank(cells: string[]): boolean {
  for (const c of cells) if (c.trim() !== "") return false;
  return true;
}
