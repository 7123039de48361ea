import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cell2cell } from "../../../src/model/datasets/cell2cell.js";
import { seededRandom } from "../../../src/model/gbdt/random.js";
import { rankingMetrics } from "../../../src/model/metrics.js";
import { runCli } from "../../setup/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "retainbot-model-cli-"));

/** A small Cell2Cell-shaped file: churn driven by changer (spend drop), eqpdays and custcare. */
function cell2cellCsv(
  rows: number,
  seed: number,
  options: { churn?: boolean; drop?: string; extra?: string } = {},
) {
  const random = seededRandom(seed);
  const columns = [
    "customer",
    "calibrat",
    ...(options.churn === false ? [] : ["churn"]),
    ...cell2cell.inputColumns,
  ]
    .filter((c) => c !== options.drop)
    .concat(options.extra ? [options.extra] : []);
  const lines = [columns.join(",")];
  const truth: number[] = [];
  for (let r = 0; r < rows; r++) {
    const values: Record<string, string> = {};
    for (const c of cell2cell.inputColumns) values[c] = (random() * 10).toFixed(2);
    const changer = random() * 100 - 60;
    const eqpdays = random() * 1500;
    values.changer = changer.toFixed(1);
    values.eqpdays = eqpdays.toFixed(0);
    values.age1 = random() < 0.1 ? "" : values.age1!; // missing values are allowed
    const logit = -changer / 20 + (eqpdays - 750) / 400;
    const churned = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    truth.push(churned);
    const row: Record<string, string> = {
      ...values,
      customer: String(1000 + r),
      calibrat: "1",
      churn: String(churned),
    };
    if (options.extra) row[options.extra] = "x";
    lines.push(columns.map((c) => row[c] ?? "").join(","));
  }
  return { text: `${lines.join("\n")}\n`, truth };
}

describe("model fit / model score on a data set", () => {
  const train = join(dir, "train.csv");
  const holdout = join(dir, "holdout.csv");
  const model = join(dir, "model.json");
  const scores = join(dir, "scores.csv");
  writeFileSync(train, cell2cellCsv(1500, 1).text);
  const held = cell2cellCsv(600, 2, { churn: false });
  writeFileSync(holdout, held.text);

  it("fits, then scores every row of a file without a churn column, churners first", async () => {
    const fit = await runCli(["model", "fit", "--dataset", "cell2cell", "--data", train, "--out", model]);
    expect(fit.stderr).toBe("");
    expect(fit.code).toBe(0);
    expect(fit.stdout).toContain("1500 rows");
    const run = await runCli([
      "model",
      "score",
      "--dataset",
      "cell2cell",
      "--model",
      model,
      "--data",
      holdout,
      "--out",
      scores,
    ]);
    expect(run.code).toBe(0);
    const lines = readFileSync(scores, "utf8").trim().split("\n");
    expect(lines[0]).toBe("customer,score");
    expect(lines).toHaveLength(601);
    expect(lines[1]).toMatch(/^1000,0\.\d+/);
    const values = lines.slice(1).map((l) => Number(l.split(",")[1]));
    expect(rankingMetrics(values, held.truth).auc).toBeGreaterThan(0.75);
  }, 120_000);

  it("refuses a scoring file with missing or unknown columns, naming them, and writes nothing", async () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(
      bad,
      cell2cellCsv(20, 3, { churn: false, drop: "eqpdays", extra: "favourite_colour" }).text,
    );
    const out = join(dir, "never.csv");
    const run = await runCli([
      "model",
      "score",
      "--dataset",
      "cell2cell",
      "--model",
      model,
      "--data",
      bad,
      "--out",
      out,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("missing column(s): eqpdays");
    expect(run.stderr).toContain("unknown column(s): favourite_colour");
    expect(() => readFileSync(out)).toThrow();
  }, 60_000);

  it("a missing or corrupt model file is a clear message, not a crash", async () => {
    const missing = await runCli([
      "model",
      "score",
      "--dataset",
      "cell2cell",
      "--model",
      join(dir, "nope.json"),
      "--data",
      holdout,
      "--out",
      scores,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read the model file");
    const corrupt = join(dir, "corrupt.json");
    writeFileSync(corrupt, readFileSync(model, "utf8").slice(0, 500));
    const run = await runCli([
      "model",
      "score",
      "--dataset",
      "cell2cell",
      "--model",
      corrupt,
      "--data",
      holdout,
      "--out",
      scores,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("not a model file");
    const wrong = await runCli([
      "model",
      "score",
      "--dataset",
      "telco",
      "--model",
      model,
      "--data",
      holdout,
      "--out",
      scores,
    ]);
    expect(wrong.stderr).toContain("fitted on cell2cell, not telco");
  }, 60_000);
});
