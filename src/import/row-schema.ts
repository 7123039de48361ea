import type { IssueCode } from "./types.js";
import { type Invalid, isInvalid } from "./values.js";

/** How one column's cell becomes a value: its parser, and what an empty cell means. */
export type Field<T, E> =
  | { readonly parse: (raw: string) => T | Invalid; readonly required: true }
  | { readonly parse: (raw: string) => T | Invalid; readonly required: false; readonly empty: E };

export const required = <T>(parse: (raw: string) => T | Invalid): Field<T, never> => ({
  parse,
  required: true,
});
export const optional = <T, E>(parse: (raw: string) => T | Invalid, empty: E): Field<T, E> => ({
  parse,
  required: false,
  empty,
});

// biome-ignore lint/suspicious/noExplicitAny: a field table mixes value types
type Fields = Record<string, Field<any, any>>;
/** The parsed row: required columns have their value; optional ones may be absent from the file. */
export type RowOf<F extends Fields> = {
  [K in keyof F]: F[K] extends Field<infer T, infer E>
    ? F[K]["required"] extends true
      ? T
      : T | E | undefined
    : never;
};

/** A problem found across columns: [column, code]. */
export type RowProblem = readonly [column: string, code: IssueCode];

/** One rejected cell: its column, the IssueCode, and a fact for the message. */
export interface CellProblem {
  readonly column: string;
  readonly code: IssueCode;
  readonly detail?: string;
}

export type RowParse<R> = { readonly row: R; readonly problems: null } | { readonly problems: CellProblem[] };

/**
 * Parses one record: `at[i]` is where the cell of the `i`th of `columns` sits in `cells`, or -1
 * when the file has no such column. Cells are trimmed here.
 */
export interface RowParser<R> {
  readonly columns: readonly string[];
  parse(cells: readonly string[], at: readonly number[]): RowParse<R>;
}

/**
 * One parser per kind's row: every cell through its column's parser, each bad one reported at its
 * column; `refine` then checks across the columns of a row whose cells all parsed. A plain loop, no
 * schema library: it runs for every row of a 1M-row file (zod's object parsing cost ~10 µs a row,
 * most of the import's time), and nothing here allocates a closure per row.
 */
export function rowSchema<F extends Fields, R = RowOf<F>>(
  fields: F,
  refine?: (row: RowOf<F>) => RowProblem | null,
  finish: (row: RowOf<F>) => R = (row) => row as unknown as R,
): RowParser<R> {
  const names = Object.keys(fields);
  const specs = Object.values(fields);
  return {
    columns: names,
    parse(cells, at) {
      const out: Record<string, unknown> = {};
      // Made only for a bad row: most rows have none.
      let problems: CellProblem[] | null = null;
      for (let i = 0; i < names.length; i++) {
        const index = at[i]!;
        if (index < 0) continue;
        const name = names[i]!;
        const field = specs[i]!;
        const cell = (cells[index] ?? "").trim();
        if (cell === "") {
          if (!field.required) out[name] = field.empty;
          else problems = withProblem(problems, { column: name, code: "required" });
          continue;
        }
        const value = field.parse(cell);
        if (!isInvalid(value)) out[name] = value;
        else problems = withProblem(problems, { column: name, code: value.invalid, detail: value.detail });
      }
      if (problems) return { problems };
      const problem = refine ? refine(out as RowOf<F>) : null;
      if (problem) return { problems: [{ column: problem[0], code: problem[1] }] };
      return { row: finish(out as RowOf<F>), problems: null };
    },
  };
}

function withProblem(problems: CellProblem[] | null, problem: CellProblem): CellProblem[] {
  if (!problems) return [problem];
  problems.push(problem);
  return problems;
}
