import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { UsageError } from "../create-app.js";
import { plural } from "../i18n/plural.js";
import {
  DATASET_DEFAULTS,
  fitDataset,
  loadDatasetModel,
  saveDatasetModel,
  scoreDataset,
  type Weighting,
} from "../model/datasets/dataset-model.js";
import type { DatasetSpec } from "../model/datasets/dataset-spec.js";
import { DATASET_NAMES, DATASETS } from "../model/datasets/index.js";
import { readDataset } from "../model/datasets/read-dataset.js";

/** Exit codes: 0 done, 2 the input was refused (bad options, columns, model file); nothing written. */
const REFUSED = 2;

function datasetOf(name: string): DatasetSpec {
  const spec = DATASETS[name as DatasetSpec["name"]];
  if (!spec) throw new UsageError(`--dataset must be one of ${DATASET_NAMES.join(", ")}`);
  return spec;
}

function refuse(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = REFUSED;
}

function noteProblems(problems: { count: number; first: { column: string; value: string } | null }): void {
  if (problems.count > 0) {
    process.stderr.write(
      `${plural(problems.count, "unreadable cell")} treated as missing, first: ${problems.first!.column} = "${problems.first!.value}"\n`,
    );
  }
}

/**
 * `model fit` and `model score`: the churn learner on a public data set (Cell2Cell, IBM Telco),
 * from CSV to a model file and from a model file to `customer,score` for every row.
 */
export function registerDatasetModelCommands(model: Command): void {
  model
    .command("fit")
    .description("fit the churn model on a labelled public data set and save it to a file")
    .requiredOption("--dataset <name>", DATASET_NAMES.join(" | "))
    .requiredOption("--data <csv>", "the labelled CSV file")
    .requiredOption("--out <file>", "where to write the model (JSON)")
    .option(
      "--weighting <mode>",
      "real: weight rows to the real churn rate; none: as sampled (default per data set)",
    )
    .action(async (options: { dataset: string; data: string; out: string; weighting?: string }) => {
      const spec = datasetOf(options.dataset);
      const defaults = DATASET_DEFAULTS[spec.name];
      const weighting = (options.weighting ?? defaults.weighting) as Weighting;
      if (weighting !== "real" && weighting !== "none")
        throw new UsageError("--weighting must be real or none");
      const table = await readDataset(spec, options.data, { needLabel: true });
      if (!table.ok) return refuse(table.error.message);
      noteProblems(table.value.problems);
      const started = performance.now();
      const fitted = fitDataset(spec, table.value, {
        weighting,
        boosting: defaults.boosting,
        now: new Date(),
      });
      if (!fitted.ok) return refuse(fitted.error.message);
      await saveDatasetModel(options.out, fitted.value);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(
        `Fitted ${spec.name} on ${fitted.value.rows} rows (${fitted.value.churners} churners, weighting ${weighting}), ${fitted.value.model.trees.length} trees in ${seconds} s → ${options.out}\n`,
      );
    });

  model
    .command("score")
    .description("score every row of a data-set CSV with a fitted model: writes customer,score")
    .requiredOption("--dataset <name>", DATASET_NAMES.join(" | "))
    .requiredOption("--model <file>", "a model file written by `model fit`")
    .requiredOption("--data <csv>", "the CSV to score (the churn column may be absent)")
    .requiredOption("--out <csv>", "where to write customer,score")
    .action(async (options: { dataset: string; model: string; data: string; out: string }) => {
      const spec = datasetOf(options.dataset);
      const fitted = await loadDatasetModel(options.model, spec.name);
      if (!fitted.ok) return refuse(fitted.error.message);
      const table = await readDataset(spec, options.data, { needLabel: false });
      if (!table.ok) return refuse(table.error.message);
      noteProblems(table.value.problems);
      const scores = scoreDataset(fitted.value, table.value);
      const lines = ["customer,score"];
      for (const [i, id] of table.value.ids.entries())
        lines.push(`${csvCell(id)},${scores[i]!.toPrecision(8)}`);
      await writeFile(options.out, `${lines.join("\n")}\n`);
      process.stdout.write(`Scored ${plural(table.value.rows, "row")} → ${options.out}\n`);
    });
}

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
