import { describe, expect, it } from "vitest";
import { binColumns, binEdges, binOf } from "../../../src/model/gbdt/binning.js";
import {
  contributions,
  predictMargin,
  predictMargins,
  predictProbability,
} from "../../../src/model/gbdt/model.js";
import { seededRandom } from "../../../src/model/gbdt/random.js";
import { parseModel, serialiseModel } from "../../../src/model/gbdt/serialise.js";
import { trainBoosted } from "../../../src/model/gbdt/train.js";
import { rankingMetrics } from "../../../src/model/metrics.js";

/** Rows where churn depends on x0 (strongly), x1 (an interaction) and not at all on x2 (noise). */
function synthetic(rows: number, seed: number, missingShare = 0) {
  const random = seededRandom(seed);
  const columns = [new Float64Array(rows), new Float64Array(rows), new Float64Array(rows)];
  const labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const x0 = random() * 10;
    const x1 = random() * 10;
    const x2 = random() * 10;
    const logit = 1.2 * (x0 - 5) + (x1 > 7 && x0 > 3 ? 2 : 0);
    labels[r] = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    columns[0]![r] = random() < missingShare ? Number.NaN : x0;
    columns[1]![r] = x1;
    columns[2]![r] = x2;
  }
  return { featureNames: ["x0", "x1", "x2"], columns, labels };
}

describe("binning", () => {
  it("keeps few distinct values apart and puts missing values in bin 0", () => {
    const edges = binEdges([3, 1, 2, 2, Number.NaN, 1]);
    expect([...edges]).toEqual([1.5, 2.5]);
    expect([1, 2, 3, Number.NaN, 99].map((v) => binOf(edges, v))).toEqual([1, 2, 3, 0, 3]);
  });

  it("cuts many distinct values into at most the bin limit, in order", () => {
    const values = Array.from({ length: 10_000 }, (_, i) => i);
    const edges = binEdges(values, 16);
    expect(edges.length).toBeLessThanOrEqual(15);
    expect(edges.length).toBeGreaterThan(10);
    const { bins } = binColumns([Float64Array.from(values)], values.length, 16);
    for (let i = 1; i < values.length; i++) expect(bins[0]![i]!).toBeGreaterThanOrEqual(bins[0]![i - 1]!);
  });
});

describe("boosted trees", () => {
  const train = synthetic(4000, 1);
  const test = synthetic(2000, 2);

  it("learns the signal: held-out AUC near what the generating function allows", () => {
    const model = trainBoosted(train, { rounds: 80, learningRate: 0.1, seed: 3 });
    const margins = predictMargins(model, test.columns, 2000);
    expect(rankingMetrics(margins, test.labels).auc).toBeGreaterThan(0.9);
    // The bulk path and the one-row path agree.
    expect(
      predictMargin(model, [test.columns[0]![5]!, test.columns[1]![5]!, test.columns[2]![5]!]),
    ).toBeCloseTo(margins[5]!, 10);
  });

  it("respects depth and leaf limits", () => {
    const model = trainBoosted(train, { rounds: 10, maxDepth: 2, maxLeaves: 3 });
    for (const tree of model.trees) {
      expect(tree.feature.filter((f) => f < 0).length).toBeLessThanOrEqual(3);
      const depth = (node: number): number =>
        tree.feature[node]! < 0 ? 0 : 1 + Math.max(depth(tree.left[node]!), depth(tree.right[node]!));
      expect(depth(0)).toBeLessThanOrEqual(2);
    }
  });

  it("never splits below the minimum rows per leaf", () => {
    const model = trainBoosted(train, { rounds: 5, minRowsInLeaf: 1500, rowSubsample: 1 });
    // 4000 rows with at least 1500 per child allow at most two leaves.
    for (const tree of model.trees) expect(tree.feature.filter((f) => f < 0).length).toBeLessThanOrEqual(2);
  });

  it("sample weights move the learnt base rate", () => {
    const weights = Float64Array.from(train.labels, (y) => (y ? 1 : 9));
    const plain = trainBoosted(train, { rounds: 20, seed: 1 });
    const weighted = trainBoosted({ ...train, weights }, { rounds: 20, seed: 1 });
    const mean = (m: typeof plain) =>
      Array.from({ length: 500 }, (_, r) =>
        predictProbability(m, [test.columns[0]![r]!, test.columns[1]![r]!, test.columns[2]![r]!]),
      ).reduce((s, p) => s + p, 0) / 500;
    expect(mean(weighted)).toBeLessThan(mean(plain) - 0.2);
  });

  it("learns where missing values go", () => {
    // Missing x0 always means churn here: the model must route NaN to the high-risk side.
    const data = synthetic(4000, 5, 0.2);
    for (let r = 0; r < 4000; r++) if (Number.isNaN(data.columns[0]![r]!)) data.labels[r] = 1;
    const model = trainBoosted(data, { rounds: 40, learningRate: 0.2 });
    expect(predictProbability(model, [Number.NaN, 5, 5])).toBeGreaterThan(0.8);
    expect(predictProbability(model, [1, 5, 5])).toBeLessThan(0.2);
  });

  it("path contributions add up to the margin and credit the feature that moved it", () => {
    const model = trainBoosted(train, { rounds: 60, learningRate: 0.1 });
    const row = [9.5, 2, 5];
    const c = contributions(model, row);
    const sum = c.bias + c.perFeature.reduce((s, v) => s + v, 0);
    expect(sum).toBeCloseTo(predictMargin(model, row), 9);
    expect(c.perFeature[0]!).toBeGreaterThan(1);
    expect(Math.abs(c.perFeature[2]!)).toBeLessThan(c.perFeature[0]! / 5);
    expect(contributions(model, [0.5, 2, 5]).perFeature[0]!).toBeLessThan(-1);
  });

  it("round-trips through JSON with identical predictions, and refuses a damaged model", () => {
    const model = trainBoosted(train, { rounds: 15 });
    const back = parseModel(JSON.parse(JSON.stringify(serialiseModel(model))));
    if (!back.ok) throw new Error(back.error.message);
    for (let r = 0; r < 50; r++) {
      const row = [test.columns[0]![r]!, test.columns[1]![r]!, test.columns[2]![r]!];
      expect(predictMargin(back.value, row)).toBe(predictMargin(model, row));
    }
    const damaged = serialiseModel(model);
    damaged.trees[0]!.left[0] = 0; // a loop
    const refused = parseModel(damaged);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toContain("bad child link");
    expect(parseModel({ format: "something else" }).ok).toBe(false);
  });

  it("is reproducible for a seed", () => {
    const a = trainBoosted(train, { rounds: 5, seed: 9 });
    const b = trainBoosted(train, { rounds: 5, seed: 9 });
    expect(serialiseModel(a)).toEqual(serialiseModel(b));
  });
});

describe("ranking metrics", () => {
  it("AUC counts ordered pairs (ties half), Gini is 2·AUC − 1", () => {
    const m = rankingMetrics([0.9, 0.8, 0.7, 0.7, 0.1], [1, 0, 1, 0, 0]);
    // Positives at 0.9 (beats 3 negatives) and 0.7 (beats 1, ties 1): (3 + 1.5) / 6.
    expect(m.auc).toBeCloseTo(4.5 / 6, 10);
    expect(m.gini).toBeCloseTo(2 * (4.5 / 6) - 1, 10);
  });

  it("top-decile lift is the top tenth's churn rate over the overall rate, weighted", () => {
    const scores = Array.from({ length: 100 }, (_, i) => 100 - i);
    const labels = scores.map((_, i) => (i < 5 || i === 50 || i === 60 ? 1 : 0));
    // Top 10 rows hold 5 of 7 churners: (5/10) / (7/100).
    expect(rankingMetrics(scores, labels).topDecileLift).toBeCloseTo(0.5 / 0.07, 10);
    // Doubling every churner's weight: total 107, the top tenth is 10.7 of weight (the five
    // churners and 0.7 of the next row), holding 10 of the 14 churn weight.
    const weights = labels.map((y) => (y ? 2 : 1));
    expect(rankingMetrics(scores, labels, weights).topDecileLift).toBeCloseTo(10 / 10.7 / (14 / 107), 10);
  });
});
