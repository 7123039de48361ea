/**
 * Validated rows on their way from the parser worker to the writer, column by column in typed
 * arrays that are transferred, not copied: numbers as Float64Array, booleans as bytes, strings as
 * codes into a per-column dictionary of which each batch carries only the new entries (a usage
 * file repeats its customer ids and dates on every row). The writer's thread thus builds no row
 * objects and few strings, and the garbage collector has almost nothing to walk.
 */

export type PackedColumn =
  | { readonly t: "n"; readonly v: Float64Array }
  | { readonly t: "b"; readonly v: Uint8Array }
  /** codes: ≥ 0 a dictionary entry, NULL_CODE null, ABSENT_CODE undefined; `reset` empties it first. */
  | { readonly t: "s"; readonly v: Int32Array; readonly fresh: string[]; readonly reset: boolean }
  /** Anything else (a column mixing types): as is. */
  | { readonly t: "a"; readonly v: unknown[] };

export interface PackedBatch {
  readonly count: number;
  /** Each row's physical line. */
  readonly lines: Int32Array;
  readonly columns: PackedColumn[];
}

const NULL_CODE = -1;
const ABSENT_CODE = -2;
/** A dictionary this large starts over: a column of mostly distinct values must not grow forever. */
const DICTIONARY_MAX = 1 << 16;

/** Worker side: collects rows, then packs them into a batch with the list of buffers to transfer. */
export class BatchPacker {
  private values: unknown[][];
  private lines: number[] = [];
  private readonly dictionaries: Map<string, number>[];

  constructor(private readonly names: readonly string[]) {
    this.values = names.map(() => []);
    this.dictionaries = names.map(() => new Map());
  }

  get length(): number {
    return this.lines.length;
  }

  push(row: Record<string, unknown>, line: number): void {
    for (let c = 0; c < this.names.length; c++) this.values[c]!.push(row[this.names[c]!]);
    this.lines.push(line);
  }

  take(): { batch: PackedBatch; transfer: ArrayBuffer[] } {
    const transfer: ArrayBuffer[] = [];
    const columns = this.values.map((values, c) => {
      const column = this.pack(values, c);
      if (column.t !== "a") transfer.push(column.v.buffer as ArrayBuffer);
      return column;
    });
    const lines = new Int32Array(this.lines.length);
    for (let i = 0; i < lines.length; i++) lines[i] = this.lines[i]!;
    transfer.push(lines.buffer);
    const batch = { count: lines.length, lines, columns };
    this.values = this.names.map(() => []);
    this.lines = [];
    return { batch, transfer };
  }

  private pack(values: unknown[], c: number): PackedColumn {
    const type = typeOfAll(values);
    // Filled by plain loops: TypedArray.from goes through the iterator protocol, many times slower.
    if (type === "number") {
      const v = new Float64Array(values.length);
      for (let i = 0; i < values.length; i++) v[i] = values[i] as number;
      return { t: "n", v };
    }
    if (type === "boolean") {
      const v = new Uint8Array(values.length);
      for (let i = 0; i < values.length; i++) v[i] = values[i] ? 1 : 0;
      return { t: "b", v };
    }
    if (type === "mixed") return { t: "a", v: values };
    let dictionary = this.dictionaries[c]!;
    let reset = false;
    if (dictionary.size + values.length > DICTIONARY_MAX) {
      dictionary = new Map();
      this.dictionaries[c] = dictionary;
      reset = true;
    }
    const fresh: string[] = [];
    const codes = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as string | null | undefined;
      if (value === null) codes[i] = NULL_CODE;
      else if (value === undefined) codes[i] = ABSENT_CODE;
      else {
        let code = dictionary.get(value);
        if (code === undefined) {
          code = dictionary.size;
          dictionary.set(value, code);
          fresh.push(value);
        }
        codes[i] = code;
      }
    }
    return { t: "s", v: codes, fresh, reset };
  }
}

/** "number" or "boolean" when every value is one, "string" when each is a string, null or undefined. */
function typeOfAll(values: unknown[]): "number" | "boolean" | "string" | "mixed" {
  if (values.length === 0) return "string";
  const first = typeof values[0];
  const type = first === "number" || first === "boolean" ? first : "string";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = typeof v;
    if (t === type) continue;
    if (type === "string" && (v === null || v === undefined)) continue;
    return "mixed";
  }
  return type;
}

/** Writer side: keeps the dictionaries across batches and reads a batch's rows back. */
export class BatchReader {
  private readonly dictionaries: string[][];

  constructor(readonly names: readonly string[]) {
    this.dictionaries = names.map(() => []);
  }

  /** Takes in a batch (its new dictionary entries first, so call it once per batch, in order). */
  open(batch: PackedBatch): PackedRows {
    batch.columns.forEach((column, c) => {
      if (column.t !== "s") return;
      if (column.reset) this.dictionaries[c] = [];
      const dictionary = this.dictionaries[c]!;
      for (const value of column.fresh) dictionary.push(value);
    });
    return new PackedRows(this.names, batch, [...this.dictionaries]);
  }
}

/** The rows of one batch (or the kept ones), as the writer (./sql-upsert.ts) reads them. */
export class PackedRows {
  readonly length: number;

  constructor(
    private readonly names: readonly string[],
    private readonly batch: PackedBatch,
    private readonly dictionaries: string[][],
    private readonly keep?: Int32Array,
  ) {
    this.length = keep ? keep.length : batch.count;
  }

  /** The same batch showing only the rows `keep` lists (indexes into the batch, in order). */
  only(keep: Int32Array): PackedRows {
    return new PackedRows(this.names, this.batch, this.dictionaries, keep);
  }

  /** Row `i` of the batch itself (not of the kept ones): one column's value. */
  valueAt(row: number, c: number): unknown {
    const column = this.batch.columns[c]!;
    switch (column.t) {
      case "n":
        return column.v[row];
      case "b":
        return column.v[row] === 1;
      case "a":
        return column.v[row];
      case "s": {
        const code = column.v[row]!;
        if (code >= 0) return this.dictionaries[c]![code];
        return code === NULL_CODE ? null : undefined;
      }
    }
  }

  /** Which row of the batch the `i`th visible row is. */
  private at(i: number): number {
    return this.keep ? this.keep[i]! : i;
  }

  lineAt(i: number): number {
    return this.batch.lines[this.at(i)]!;
  }

  row(i: number): Record<string, unknown> {
    const at = this.at(i);
    const row: Record<string, unknown> = {};
    for (let c = 0; c < this.names.length; c++) row[this.names[c]!] = this.valueAt(at, c);
    return row;
  }

  /** Row `i`'s values as SQLite binds them (booleans 0/1, absent null) into `out` from `offset`. */
  bind(i: number, out: unknown[], offset: number): void {
    const at = this.at(i);
    const columns = this.batch.columns;
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c]!;
      let value: unknown;
      if (column.t === "n" || column.t === "b") value = column.v[at];
      else if (column.t === "s") {
        const code = column.v[at]!;
        value = code >= 0 ? this.dictionaries[c]![code] : null;
      } else value = bindable(column.v[at]);
      out[offset + c] = value;
    }
  }
}

function bindable(value: unknown): unknown {
  if (value === true) return 1;
  if (value === false) return 0;
  return value ?? null;
}
