/**
 * Reads a data set's CSV into a column-major feature table. The header is checked first: a column
 * the spec does not know, or a required one that is absent, refuses the file naming them. Every
 * data row is kept (unreadable cells become missing values and are counted), so scoring writes a
 * line for every customer.
 */
import { createReadStream } from "node:fs";
import { plural } from "../../i18n/plural.js";
import { readCsv } from "../../import/read-csv.js";
import { err, ok, type Result } from "../../result.js";
import { CellProblems, type DatasetSpec } from "./dataset-spec.js";

export interface DatasetTable {
  ids: string[];
  /** columns[f][row]. */
  columns: Float64Array[];
  /** Present when the file has the label column; null where a label cell could not be read. */
  labels: (0 | 1 | null)[] | null;
  rows: number;
  problems: CellProblems;
}

export interface HeaderCheck {
  missing: string[];
  unknown: string[];
}

export function checkHeader(spec: DatasetSpec, header: string[], needLabel: boolean): HeaderCheck {
  const names = header.map((h) => h.trim());
  const known = new Set([spec.idColumn, spec.labelColumn, ...spec.ignoredColumns, ...spec.inputColumns]);
  const required = [spec.idColumn, ...(needLabel ? [spec.labelColumn] : []), ...spec.inputColumns];
  return {
    missing: required.filter((c) => !names.includes(c)),
    unknown: names.filter((c) => !known.has(c)),
  };
}

export async function readDataset(
  spec: DatasetSpec,
  path: string,
  options: { needLabel: boolean },
): Promise<Result<DatasetTable>> {
  let header: string[] | null = null;
  let headerError: string | null = null;
  let positions: number[] = [];
  let idAt = -1;
  let labelAt = -1;
  const ids: string[] = [];
  const values: number[][] = spec.featureNames.map(() => []);
  const labels: (0 | 1 | null)[] = [];
  const problems = new CellProblems();
  const malformed: string[] = [];
  const out = new Float64Array(spec.featureNames.length);
  const stream = createReadStream(path, { encoding: "utf8" });
  const opened = await new Promise<Error | null>((resolve) => {
    stream.once("open", () => resolve(null));
    stream.once("error", (e) => resolve(e));
  });
  if (opened) return err({ code: "dataset_unreadable", message: `${path}: ${opened.message}` });
  try {
    await readCsv(stream, {
      record(cells, line) {
        if (header === null) {
          header = cells.map((c) => c.replace(/^\uFEFF/, "").trim());
          const check = checkHeader(spec, header, options.needLabel);
          if (check.missing.length > 0 || check.unknown.length > 0) {
            headerError = describeHeader(spec, path, check);
            throw new Error(headerError);
          }
          positions = spec.inputColumns.map((c) => header!.indexOf(c));
          idAt = header.indexOf(spec.idColumn);
          labelAt = header.indexOf(spec.labelColumn);
          return;
        }
        if (cells.length === 1 && cells[0]!.trim() === "") return; // blank line
        if (cells.length !== header.length) {
          malformed.push(`${path}:${line}: ${cells.length} cells, the header has ${header.length}`);
          return;
        }
        spec.encode(
          positions.map((p) => cells[p]!),
          out,
          problems,
        );
        for (let f = 0; f < out.length; f++) values[f]!.push(out[f]!);
        ids.push(cells[idAt]!.trim());
        if (labelAt >= 0) labels.push(spec.label(cells[labelAt]!));
      },
      malformed(line, detail) {
        malformed.push(`${path}:${line}: ${detail}`);
      },
    });
  } catch (e) {
    if (headerError) return err({ code: "dataset_columns", message: headerError });
    return err({
      code: "dataset_unreadable",
      message: `${path}: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
  if (header === null) return err({ code: "dataset_empty", message: `${path}: the file is empty` });
  if (malformed.length > 0) {
    return err({
      code: "dataset_malformed",
      message: `${plural(malformed.length, "malformed row")}, nothing scored; first: ${malformed[0]}`,
    });
  }
  return ok({
    ids,
    columns: values.map((v) => Float64Array.from(v)),
    labels: labelAt >= 0 ? labels : null,
    rows: ids.length,
    problems,
  });
}

function describeHeader(spec: DatasetSpec, path: string, check: HeaderCheck): string {
  const parts: string[] = [];
  if (check.missing.length > 0) parts.push(`missing column(s): ${check.missing.join(", ")}`);
  if (check.unknown.length > 0) parts.push(`unknown column(s): ${check.unknown.join(", ")}`);
  return `${path} is not a ${spec.name} file: ${parts.join("; ")}`;
}
