/**
 * The validated rows of a file between the read phase and the write phase, column by column: a
 * million row objects kept alive would make every garbage collection walk them all (measured: the
 * read phase 5× slower). Numbers sit in packed arrays; strings that repeat (customer ids, dates,
 * enum values) are stored once. `row(i)` rebuilds a short-lived row object for the writer.
 */
export class StagedRows {
  private readonly columns = new Map<string, unknown[]>();
  private readonly interned = new Map<string, Map<string, string> | null>();
  private readonly lines: number[] = [];

  get length(): number {
    return this.lines.length;
  }

  push(row: Record<string, unknown>, line: number): void {
    const at = this.lines.length;
    for (const name in row) {
      let column = this.columns.get(name);
      if (!column) {
        column = new Array(at).fill(undefined);
        this.columns.set(name, column);
        this.interned.set(name, new Map());
      }
      const value = row[name];
      column.push(typeof value === "string" ? this.intern(name, value) : value);
    }
    // A column this row lacks stays aligned.
    for (const column of this.columns.values()) if (column.length === at) column.push(undefined);
    this.lines.push(line);
  }

  lineAt(i: number): number {
    return this.lines[i]!;
  }

  row(i: number): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    for (const [name, column] of this.columns) row[name] = column[i];
    return row;
  }

  clear(): void {
    this.columns.clear();
    this.interned.clear();
    this.lines.length = 0;
  }

  /** The same string object for the same text; a column of mostly distinct values stops trying. */
  private intern(column: string, value: string): string {
    const seen = this.interned.get(column);
    if (!seen) return value;
    const known = seen.get(value);
    if (known !== undefined) return known;
    if (seen.size >= 200_000) this.interned.set(column, null);
    else seen.set(value, value);
    return value;
  }
}
