import { describe, expect, it } from "vitest";
import { CHURN_FEATURES, FEATURE_INDEX } from "../../../src/domain/churn-features.js";
import { churnReasonMessages } from "../../../src/i18n/churn-reasons.js";
import { blockContributions } from "../../../src/model/gbdt/bulk-contributions.js";
import { contributions, predictMargins } from "../../../src/model/gbdt/model.js";
import { seededRandom } from "../../../src/model/gbdt/random.js";
import { trainBoosted } from "../../../src/model/gbdt/train.js";
import { pickReasons, topReasons } from "../../../src/services/churn/score-store.js";

describe("churn reasons", () => {
  // Churn here is driven by porting inquiries and a falling spend; everything else is noise.
  const rows = 3000;
  const random = seededRandom(4);
  const columns = CHURN_FEATURES.map(() => new Float64Array(rows));
  const labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    for (const column of columns) column[r] = Math.floor(random() * 5);
    const inquiries = random() < 0.15 ? 1 + Math.floor(random() * 2) : 0;
    const spendChange = random() * 120 - 80;
    columns[FEATURE_INDEX.portability_inquiries_90]![r] = inquiries;
    columns[FEATURE_INDEX.spend_change_pct]![r] = spendChange;
    const logit = -3 + 2.5 * inquiries - spendChange / 25;
    labels[r] = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  const model = trainBoosted(
    { featureNames: [...CHURN_FEATURES], columns, labels },
    { rounds: 80, learningRate: 0.1 },
  );
  const row = (values: Partial<Record<(typeof CHURN_FEATURES)[number], number>>) => {
    const out = new Float64Array(CHURN_FEATURES.length).fill(2);
    for (const [k, v] of Object.entries(values)) out[FEATURE_INDEX[k as keyof typeof FEATURE_INDEX]] = v;
    return out;
  };

  it("name the features that moved the score, largest first", () => {
    const reasons = topReasons(model, row({ portability_inquiries_90: 2, spend_change_pct: -62 }));
    expect(
      reasons
        .map((r) => r.feature)
        .slice(0, 2)
        .sort(),
    ).toEqual(["portability_inquiries_90", "spend_change_pct"]);
    expect(reasons[0]!.contribution).toBeGreaterThanOrEqual(reasons[1]!.contribution);
    // A customer with neither gets no such reason.
    const calm = topReasons(model, row({ portability_inquiries_90: 0, spend_change_pct: 30 }));
    expect(calm.map((r) => r.feature)).not.toContain("portability_inquiries_90");
    expect(calm.map((r) => r.feature)).not.toContain("spend_change_pct");
  });

  it("scoring in blocks gives each row's margin and contributions, and the same reasons", () => {
    const from = 500;
    const to = 900;
    const block = blockContributions(model, columns, from, to);
    const margins = predictMargins(model, columns, rows);
    const n = CHURN_FEATURES.length;
    for (let r = from; r < to; r++) {
      const row = Float64Array.from(columns, (c) => c[r]!);
      const one = contributions(model, row);
      expect(block.margins[r - from]).toBeCloseTo(margins[r]!, 9);
      for (let f = 0; f < n; f++)
        expect(block.perFeature[(r - from) * n + f]).toBeCloseTo(one.perFeature[f]!, 9);
      // The reference: every feature above 0.01, sorted largest first (stable), the first three.
      const expected = [...one.perFeature.keys()]
        .filter((f) => one.perFeature[f]! > 0.01)
        .sort((a, b) => one.perFeature[b]! - one.perFeature[a]!)
        .slice(0, 3)
        .map((f) => CHURN_FEATURES[f]);
      expect(pickReasons(block.perFeature, (r - from) * n, (f) => row[f]!).map((x) => x.feature)).toEqual(
        expected,
      );
    }
  });

  it("read as a manager's words in both languages", () => {
    const zh = churnReasonMessages("zh");
    expect(zh.spend_change_pct(-62)).toBe("话费近30天下降 62%");
    expect(zh.days_to_contract_end(20)).toBe("协议 20 天后到期");
    expect(zh.portability_inquiries_90(2)).toBe("近90天咨询携号转网 2 次");
    expect(churnReasonMessages("en").days_to_contract_end(-3)).toBe("contract ended 3 days ago");
  });
});
