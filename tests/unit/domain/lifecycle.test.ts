import { describe, expect, it } from "vitest";
import type { CustomerStatus } from "../../../src/domain/customer.js";
import { addDays } from "../../../src/domain/dates.js";
import { lifecycleStageFromFacts } from "../../../src/domain/lifecycle.js";
import { DEFAULT_RULES_CONFIG as config } from "../../../src/domain/rules-config.js";
import { aCustomer, someFacts, usageDays } from "../../fakes/customer-facts.js";

const D = "2026-06-30";
const day = (n: number) => addDays(D, n);
/** A customer who joined `tenure` days before D and spent `baseline`/day, then `recent`/day in D-29..D. */
function stageOf(tenure: number, baseline: number, recent: number, status: CustomerStatus = "active") {
  const join = day(-tenure);
  const usage = usageDays(join, D, (d) => ({ spend: d >= day(-29) ? recent : baseline }));
  return lifecycleStageFromFacts(
    someFacts({ customer: aCustomer({ joinDate: join, status }), usage }),
    D,
    config,
  );
}

describe("lifecycle stage", () => {
  it("A while tenure is under 90 days, B until a year, C after", () => {
    expect(stageOf(0, 5, 5)).toBe("A");
    expect(stageOf(89, 5, 5)).toBe("A");
    expect(stageOf(90, 5, 5)).toBe("B");
    expect(stageOf(364, 5, 5)).toBe("B");
    expect(stageOf(365, 5, 5)).toBe("C");
  });
  it("D when recent spend is at most 80 % of the baseline average, for any tenure past acquisition", () => {
    expect(stageOf(400, 5, 4)).toBe("D");
    expect(stageOf(400, 5, 4.01)).toBe("C");
    expect(stageOf(120, 5, 1)).toBe("D");
    expect(stageOf(60, 5, 0)).toBe("A");
  });
  it("E for customers who left or are suspended, whatever their usage", () => {
    expect(stageOf(400, 5, 5, "left")).toBe("E");
    expect(stageOf(10, 5, 5, "suspended")).toBe("E");
  });
});
