import { describe, expect, it } from "vitest";
import { blendPoints, rankedPriority, valueAtRisk } from "../../../src/domain/churn-priority.js";
import type { Priority } from "../../../src/domain/priority.js";
import { DEFAULT_RULES_CONFIG } from "../../../src/domain/rules-config.js";

const ranking = DEFAULT_RULES_CONFIG.ranking;
const rules: Priority = { score: 45, parts: [{ key: "signals", points: 45, level1: 1, level2: 1 }] };

describe("the risk list's priority with the churn model", () => {
  it("value at risk is p × 12 months × ARPU, a negative ARPU counting as 0", () => {
    expect(valueAtRisk(0.5, 300, ranking)).toBe(1800);
    expect(valueAtRisk(0.5, -20, ranking)).toBe(0);
  });

  it("blend adds one point per 20 yuan at risk, at most 60", () => {
    expect(blendPoints(1800, ranking)).toBe(60);
    expect(blendPoints(310, ranking)).toBe(16);
    const ranked = rankedPriority(rules, 0.1, 200, "blend", ranking); // ¥240 at risk → 12
    expect(ranked.score).toBe(57);
    expect(ranked.parts.at(-1)).toEqual({
      key: "churn",
      points: 12,
      probability: 0.1,
      valueAtRisk: expect.closeTo(240, 9),
    });
  });

  it("model ranks by the value at risk alone; rules leaves the rules' priority as it is", () => {
    expect(rankedPriority(rules, 0.1, 200, "model", ranking).score).toBe(240);
    expect(rankedPriority(rules, null, 200, "model", ranking).score).toBe(0);
    expect(rankedPriority(rules, 0.9, 200, "rules", ranking)).toBe(rules);
    // Unscored in the blend: the rules' priority.
    expect(rankedPriority(rules, null, 200, "blend", ranking)).toBe(rules);
  });
});
