import { describe, expect, it } from "vitest";
import type { VipLevel } from "../../../src/domain/customer.js";
import { addDays } from "../../../src/domain/dates.js";
import { doNotChaseReasons } from "../../../src/domain/do-not-chase.js";
import { priorityOf } from "../../../src/domain/priority.js";
import { assessRisks, atRisk } from "../../../src/domain/risk-assessment.js";
import { DEFAULT_RULES_CONFIG as config, parseRulesConfig } from "../../../src/domain/rules-config.js";
import { makeSignal, type Signal, signalInputFromFacts } from "../../../src/domain/signals/index.js";
import { aCustomer, someFacts } from "../../fakes/customer-facts.js";

const D = "2026-06-30";
const day = (n: number) => addDays(D, n);
const l1 = makeSignal("contract_expiring", 1, { contractEnd: day(10), daysLeft: 10 });
const l2 = makeSignal("complaint", 2, { withinDays: 30, count: 1, lastDay: D });

describe("priority", () => {
  it("is explained by parts that add up to the score", () => {
    const p = priorityOf(aCustomer({ vipLevel: "gold", arpu: 186 }), [l1, l2], "D", config);
    expect(p.parts).toEqual([
      { key: "signals", points: 45, level1: 1, level2: 1 },
      { key: "extra_signals", points: 5, extra: 1 },
      { key: "vip", points: 15, vipLevel: "gold" },
      { key: "arpu", points: 18, arpu: 186 },
      { key: "stage", points: 15, stage: "D" },
    ]);
    expect(p.score).toBe(98);
  });
  it("caps the ARPU part", () => {
    const p = priorityOf(aCustomer({ arpu: 5000 }), [l1], "C", config);
    expect(p.parts.find((x) => x.key === "arpu")?.points).toBe(20);
  });
  it("ranks a level-1 signal over a level-2 one, more signals over fewer, and value breaks level ties", () => {
    const standard = aCustomer({ vipLevel: "standard", arpu: 50 });
    const score = (c = standard, s: Signal[] = [l1], stage: "C" | "D" = "C") =>
      priorityOf(c, s, stage, config).score;
    expect(score(standard, [l1])).toBeGreaterThan(score(standard, [l2]));
    expect(score(standard, [l1, l2])).toBeGreaterThan(score(standard, [l1]));
    expect(score(aCustomer({ vipLevel: "diamond", arpu: 300 }), [l1])).toBeGreaterThan(score(standard, [l1]));
    expect(score(standard, [l1], "D")).toBeGreaterThan(score(standard, [l1], "C"));
  });
});

describe("do not chase", () => {
  const bill = (month: string, dueDate: string) => ({ month, amount: 50, dueDate, paidDate: null });
  it("flags malicious arrears: two bills unpaid 60+ days past due", () => {
    const c = aCustomer();
    expect(doNotChaseReasons(c, [bill("2026-03", day(-90)), bill("2026-04", day(-60))], D, config)).toEqual([
      { code: "malicious_arrears", unpaidBills: 2, amount: 100, oldestDaysOverdue: 90 },
    ]);
    expect(doNotChaseReasons(c, [bill("2026-03", day(-90)), bill("2026-04", day(-59))], D, config)).toEqual(
      [],
    );
  });
  it("flags very low value standard customers only", () => {
    expect(doNotChaseReasons(aCustomer({ vipLevel: "standard", arpu: 10 }), [], D, config)).toEqual([
      { code: "low_value", arpu: 10 },
    ]);
    expect(doNotChaseReasons(aCustomer({ vipLevel: "standard", arpu: 10.5 }), [], D, config)).toEqual([]);
    expect(doNotChaseReasons(aCustomer({ vipLevel: "silver", arpu: 5 }), [], D, config)).toEqual([]);
  });
  it("can be switched off", () => {
    const off = parseRulesConfig({ doNotChase: { enabled: false } });
    expect(doNotChaseReasons(aCustomer({ vipLevel: "standard", arpu: 1 }), [], D, off)).toEqual([]);
  });
});

describe("assessRisks", () => {
  it("orders customers at risk by priority and keeps do-not-chase ones off the main list", () => {
    const input = (id: string, vipLevel: VipLevel, arpu: number, contractEnd: string | null) =>
      signalInputFromFacts(
        someFacts({ customer: aCustomer({ id, vipLevel, arpu, contractEnd }) }),
        D,
        config,
      );
    const all = assessRisks(
      [
        input("C1", "standard", 60, day(30)),
        input("C2", "diamond", 300, day(30)),
        input("C3", "standard", 5, day(30)),
        input("C4", "gold", 200, null),
      ],
      D,
      config,
    );
    expect(atRisk(all).map((a) => a.customer.id)).toEqual(["C2", "C1"]);
    expect(atRisk(all, { includeDoNotChase: true }).map((a) => a.customer.id)).toEqual(["C2", "C1", "C3"]);
    expect(all.find((a) => a.customer.id === "C3")?.doNotChase).toEqual([{ code: "low_value", arpu: 5 }]);
  });
});
