/**
 * Fitting and scoring a public data set with the boosted learner, and the model file between the
 * two: JSON with the data set's name, how it was trained and the trees. Loading a file that is
 * missing, not JSON, for another data set or damaged is an error value naming the problem.
 */
import { readFile, writeFile } from "node:fs/promises";
import { z } from "zod";
import { err, ok, type Result } from "../../result.js";
import { type BoostedModel, predictMargins, sigmoid } from "../gbdt/model.js";
import { type BoostingOptionsInput, boostingOptionsSchema } from "../gbdt/options.js";
import { parseModel, serialiseModel } from "../gbdt/serialise.js";
import { trainBoosted } from "../gbdt/train.js";
import { priorShift, rateWeights } from "../weighting.js";
import type { DatasetSpec } from "./dataset-spec.js";
import { DATASETS } from "./index.js";
import type { DatasetTable } from "./read-dataset.js";

export const DATASET_MODEL_FORMAT = "retainbot-churn-dataset/1";

/** Training weights: `real` weights rows to the data set's real churn rate, `none` keeps the sample's. */
export type Weighting = "real" | "none";

/**
 * Defaults per data set, chosen by 5-fold cross-validation on the labelled file (the figures are
 * in docs/churn-model.md). Cell2Cell: unweighted training ranked as well as weighting to 2 %.
 */
export const DATASET_DEFAULTS: Record<
  DatasetSpec["name"],
  { boosting: BoostingOptionsInput; weighting: Weighting }
> = {
  cell2cell: { boosting: { rounds: 300 }, weighting: "none" },
  telco: {
    boosting: {
      rounds: 600,
      learningRate: 0.01,
      maxDepth: 3,
      maxLeaves: 8,
      minRowsInLeaf: 80,
      colSubsample: 0.6,
    },
    weighting: "none",
  },
};

export interface DatasetModel {
  dataset: DatasetSpec["name"];
  rows: number;
  churners: number;
  weighting: Weighting;
  fittedAt: string;
  model: BoostedModel;
}

export function fitDataset(
  spec: DatasetSpec,
  table: DatasetTable,
  options: { weighting: Weighting; boosting: BoostingOptionsInput; now: Date },
): Result<DatasetModel> {
  const labels = table.labels;
  if (!labels) return err({ code: "no_label", message: `the file has no ${spec.labelColumn} column` });
  const bad = labels.indexOf(null);
  if (bad >= 0) {
    return err({
      code: "bad_label",
      message: `${spec.labelColumn} of customer ${table.ids[bad]} is not readable (row ${bad + 1})`,
    });
  }
  const y = Uint8Array.from(labels as (0 | 1)[]);
  const churners = y.reduce((s, v) => s + v, 0);
  if (churners === 0 || churners === y.length) {
    return err({ code: "one_class", message: "the file needs both churners and stayers to fit" });
  }
  const weighted = options.weighting === "real" && spec.realBaseRate !== null;
  const model = trainBoosted(
    {
      featureNames: spec.featureNames,
      columns: table.columns,
      labels: y,
      weights: weighted ? rateWeights(y, spec.realBaseRate!) : undefined,
    },
    boostingOptionsSchema.parse(options.boosting),
  );
  // Probabilities at the real base rate: an unweighted fit learnt the sample's rate.
  if (spec.realBaseRate !== null && !weighted) {
    model.marginOffset = priorShift(churners / y.length, spec.realBaseRate);
  }
  return ok({
    dataset: spec.name,
    rows: y.length,
    churners,
    weighting: options.weighting,
    fittedAt: options.now.toISOString(),
    model,
  });
}

/** Churn probability of every row, in file order. */
export function scoreDataset(model: DatasetModel, table: DatasetTable): Float64Array {
  const margins = predictMargins(model.model, table.columns, table.rows);
  return margins.map((m) => sigmoid(m + model.model.marginOffset));
}

const fileSchema = z.object({
  format: z.literal(DATASET_MODEL_FORMAT),
  dataset: z.enum(["cell2cell", "telco"]),
  rows: z.number().int(),
  churners: z.number().int(),
  weighting: z.enum(["real", "none"]),
  fittedAt: z.string(),
  model: z.unknown(),
});

export async function saveDatasetModel(path: string, model: DatasetModel): Promise<void> {
  const { model: trees, ...about } = model;
  await writeFile(
    path,
    JSON.stringify({ format: DATASET_MODEL_FORMAT, ...about, model: serialiseModel(trees) }),
  );
}

export async function loadDatasetModel(
  path: string,
  dataset: DatasetSpec["name"],
): Promise<Result<DatasetModel>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    return err({
      code: "model_missing",
      message: `cannot read the model file ${path}: ${(e as Error).message}`,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return err({ code: "model_invalid", message: `${path} is not a model file (not JSON)` });
  }
  const about = fileSchema.safeParse(json);
  if (!about.success) {
    return err({ code: "model_invalid", message: `${path} is not a RetainBot data-set model file` });
  }
  if (about.data.dataset !== dataset) {
    return err({
      code: "model_dataset",
      message: `${path} was fitted on ${about.data.dataset}, not ${dataset}`,
    });
  }
  const trees = parseModel(about.data.model);
  if (!trees.ok) return err({ code: "model_invalid", message: `${path}: ${trees.error.message}` });
  const expected = DATASETS[dataset].featureNames;
  if (trees.value.featureNames.join() !== expected.join()) {
    return err({ code: "model_invalid", message: `${path}: its features are not ${dataset}'s` });
  }
  const { model: _, format: __, ...rest } = about.data;
  return ok({ ...rest, model: trees.value });
}
