import type { SqliteDatabase } from "../store/database.js";
import { type CaseTwins, caseTwins } from "./case-twins.js";
import type { HeaderMap } from "./header-map.js";
import type { KindDefinition } from "./kinds.js";
import { type ManagerHooks, managerHooks, type RowProblem } from "./manager-teams.js";
import type { RowParser } from "./row-schema.js";
import { existenceCheck, type RowWriter, upsertWriter } from "./sql-upsert.js";
import type { ImportCounts, ImportKind, IssueCode, RowIssue } from "./types.js";

/**
 * Takes the file's records one at a time (synchronously, inside the import's transaction):
 * validate with the kind's schema, refuse in-file duplicates and dangling references, upsert.
 * Rejected rows become issues; everything else is counted.
 */
export class RowProcessor {
  readonly counts: ImportCounts = { rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  readonly issues: RowIssue[] = [];
  issuesOmitted = 0;
  private readonly write: RowWriter;
  private readonly references: { column: string; exists: (id: string) => boolean; code: IssueCode }[];
  private readonly managers: ManagerHooks | null;
  private readonly twins: CaseTwins | null;
  private readonly idColumn: string;
  private readonly headerOf = new Map<string, string>();

  constructor(
    sql: SqliteDatabase,
    kind: ImportKind,
    definition: KindDefinition,
    private readonly parser: RowParser<Record<string, unknown>>,
    private readonly header: HeaderMap,
    private readonly file: string,
    private readonly maxIssues: number,
  ) {
    this.write = upsertWriter(sql, definition.table, header.present);
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
  rejectMalformed(line: number, detail: string): void {
    this.counts.rows++;
    this.reject(line, [{ column: null, code: "malformed_csv", detail }], null);
  }

  /** One record of cells; `line` is its first physical line. Blank records are skipped. */
  process(cells: string[], line: number): void {
    if (isBlank(cells)) return;
    this.counts.rows++;
    const { width, columns } = this.header;
    if (cells.length < width || (cells.length > width && !isBlank(cells.slice(width)))) {
      this.reject(line, [{ column: null, code: "field_count", detail: `${cells.length}/${width}` }], null);
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
    this.managers?.beforeWrite(row);
    const outcome = this.write(row, line);
    if (typeof outcome === "string") {
      this.counts[outcome]++;
      this.twins?.accept(id, line);
    } else {
      this.reject(line, [{ column: this.idColumn, code: "duplicate_key", detail: String(outcome) }], input);
    }
  }

  private reject(line: number, problems: RowProblem[], input: Record<string, string> | null): void {
    this.counts.rejected++;
    for (const p of problems) {
      if (this.issues.length >= this.maxIssues) {
        this.issuesOmitted++;
        continue;
      }
      this.issues.push({
        file: this.file,
        line,
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
