/**
 * How a public churn data set maps onto the learner: its id and label columns, the columns the
 * features come from, and how a row's cells become numbers. Specs are fixed (no fitted encoders),
 * so a model file needs only the spec's name to score new rows.
 */
export interface DatasetSpec {
  name: "cell2cell" | "telco";
  idColumn: string;
  labelColumn: string;
  /** Columns a file may carry that the features do not use. */
  ignoredColumns: string[];
  /** Columns the features are computed from (all required for scoring). */
  inputColumns: string[];
  featureNames: string[];
  /** The label from its cell; null when it cannot be read. */
  label(cell: string): 0 | 1 | null;
  /** Features of one row (cells by input column, in inputColumns order) into out (featureNames order). */
  encode(cells: string[], out: Float64Array, problems: CellProblems): void;
  /** The population churn rate when the file's sample is not representative (Cell2Cell: ~2 %). */
  realBaseRate: number | null;
}

/** Counts cells that could not be read (they become missing values) and remembers the first. */
export class CellProblems {
  count = 0;
  first: { column: string; value: string } | null = null;
  note(column: string, value: string): void {
    this.count++;
    this.first ??= { column, value };
  }
}

/** A number, or NaN for an empty cell; unreadable text is noted and becomes NaN too. */
export function numberCell(cell: string, column: string, problems: CellProblems): number {
  const text = cell.trim();
  if (text === "" || text === "NA") return Number.NaN;
  const value = Number(text);
  if (Number.isFinite(value)) return value;
  problems.note(column, cell);
  return Number.NaN;
}
