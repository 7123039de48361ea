import type { SqliteDatabase } from "../store/database.js";
import { type CaseTwins, caseTwins } from "./case-twins.js";
import type { HeaderMap } from "./header-map.js";
import { IssueLog } from "./issue-log.js";
import type { KindDefinition } from "./kinds.js";
import { type ManagerHooks, managerHooks, type RowProblem } from "./manager-teams.js";
import { RecordChecker } from "./record-checker.js";
import type { RowParser } from "./row-schema.js";
import type { ControlMark } from "./scan-text.js";
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
  private readonly log: IssueLog;
  private readonly checker: RecordChecker;
  private readonly sql: SqliteDatabase;
  private readonly definition: KindDefinition;
  private readonly references: { column: string; exists: (id: string) => boolean; code: IssueCode }[];
  private readonly managers: ManagerHooks | null;
  private readonly twins: CaseTwins | null;
  private readonly idColumn: string;
  /** Validated rows waiting for the write phase, with their lines. */
  private readonly staged = new StagedRows();

  constructor(
    sql: SqliteDatabase,
    kind: ImportKind,
    definition: KindDefinition,
    parser: RowParser<Record<string, unknown>>,
    private readonly header: HeaderMap,
    file: string,
    maxIssues: number,
  ) {
    this.sql = sql;
    this.definition = definition;
    this.log = new IssueLog(file, header, maxIssues);
    this.checker = new RecordChecker(parser, header, this.counts, this.log);
    this.references = definition.references.map((r) => ({ ...r, exists: existenceCheck(sql, r.table) }));
    this.managers = kind === "managers" ? managerHooks(sql) : null;
    this.idColumn = definition.table.key[0]![0];
    const entity = kind === "managers" || kind === "customers";
    this.twins = entity ? caseTwins(sql, definition.table.table, this.idColumn) : null;
  }

  get issues(): RowIssue[] {
    return this.log.issues;
  }

  get issuesOmitted(): number {
    return this.log.omitted;
  }

  get ignoredColumns(): string[] {
    return this.header.ignored;
  }

  /** Lines with a control character (./scan-text.ts); their rows are rejected. */
  set marks(marks: ReadonlyMap<number, ControlMark>) {
    this.checker.marks = marks;
  }

  teamsCreated(): number {
    return this.managers?.teamsCreated() ?? 0;
  }

  /** A CSV-level problem the reader found (unterminated quote…). */
  rejectMalformed(line: number, lastLine: number, detail: string): void {
    this.checker.rejectMalformed(line, lastLine, detail);
  }

  /** Physical lines: blank ones not counted as such when they were only the file's final newline. */
  countBlankLines(lines: number): number {
    return this.checker.countBlankLines(lines);
  }

  /** One record of cells spanning physical lines `line`…`lastLine`. Blank records are skipped. */
  process(cells: string[], line: number, lastLine: number): void {
    const row = this.checker.check(cells, line, lastLine);
    if (!row) return;
    const problems: RowProblem[] = [];
    for (const ref of this.references) {
      if (!ref.exists(row[ref.column] as string)) problems.push({ column: ref.column, code: ref.code });
    }
    const id = row[this.idColumn] as string;
    const twin = this.twins?.check(id, line);
    if (twin) problems.push(twin);
    if (this.managers && problems.length === 0) problems.push(...this.managers.check(row, line));
    if (problems.length > 0) {
      this.checker.reject(line, problems, this.checker.inputOf(cells));
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
    write(staged, (i, outcome) => {
      if (typeof outcome === "string") this.counts[outcome]++;
      else {
        const input = { [this.idColumn]: String(staged.row(i)[this.idColumn]) };
        const detail = String(outcome);
        this.checker.reject(
          staged.lineAt(i),
          [{ column: this.idColumn, code: "duplicate_key", detail }],
          input,
        );
      }
    });
    staged.clear();
    this.log.issues.sort((a, b) => a.line - b.line);
  }
}
