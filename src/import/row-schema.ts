import { z } from "zod";
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

/**
 * One zod schema for a kind's row: every present column must be a string (the trimmed cell), then
 * ONE transform parses all cells and reports each bad one as a zod issue at its column, with the
 * IssueCode as message. (A zod transform per cell costs ~1.5 µs each: too much for 1M rows; for
 * the same reason nothing here allocates a closure per row.) `refine` checks across columns of a
 * row whose cells all parsed.
 */
export function rowSchema<F extends Fields>(fields: F, refine?: (row: RowOf<F>) => RowProblem | null) {
  const shape: Record<string, z.ZodOptional<z.ZodString> | z.ZodString> = {};
  for (const [name, field] of Object.entries(fields))
    shape[name] = field.required ? z.string() : z.string().optional();
  const names = Object.keys(fields);
  const specs = Object.values(fields);
  return z.object(shape).transform((raw, ctx): RowOf<F> => {
    const out: Record<string, unknown> = {};
    let failed = false;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const field = specs[i]!;
      const cell = raw[name];
      if (cell === undefined) continue;
      if (cell === "") {
        if (!field.required) out[name] = field.empty;
        else {
          failed = true;
          ctx.addIssue({ code: "custom", path: [name], message: "required", input: cell });
        }
        continue;
      }
      const value = field.parse(cell);
      if (!isInvalid(value)) out[name] = value;
      else {
        failed = true;
        const params = { detail: value.detail };
        ctx.addIssue({ code: "custom", path: [name], message: value.invalid, input: cell, params });
      }
    }
    const problem = !failed && refine ? refine(out as RowOf<F>) : null;
    if (problem)
      ctx.addIssue({ code: "custom", path: [problem[0]], message: problem[1], input: raw[problem[0]] });
    return out as RowOf<F>;
  });
}
