import { describe, expect, it } from "vitest";
import type { EventType, UsageDay } from "../../../src/domain/customer.js";
import { addDays } from "../../../src/domain/dates.js";
import { DEFAULT_RULES_CONFIG as config } from "../../../src/domain/rules-config.js";
import { broadbandFault } from "../../../src/domain/signals/broadband-fault.js";
import { callForwarding } from "../../../src/domain/signals/call-forwarding.js";
import { competitorHotline } from "../../../src/domain/signals/competitor-hotline.js";
import { complaint } from "../../../src/domain/signals/complaint.js";
import { contractExpiring } from "../../../src/domain/signals/contract-expiring.js";
import { dataDrop } from "../../../src/domain/signals/data-drop.js";
import { computeSignals } from "../../../src/domain/signals/index.js";
import { overdueBill } from "../../../src/domain/signals/overdue-bill.js";
import { portabilityInquiry } from "../../../src/domain/signals/portability-inquiry.js";
import { spendDrop } from "../../../src/domain/signals/spend-drop.js";
import { ruleWindows } from "../../../src/domain/signals/usage-summary.js";
import { zeroCallDays } from "../../../src/domain/signals/zero-call-days.js";
import { zeroSpendMonth } from "../../../src/domain/signals/zero-spend-month.js";
import { aCustomer, aUsageDay, someFacts, usageDays } from "../../fakes/customer-facts.js";

const D = "2026-06-30";
const day = (n: number) => addDays(D, n);
const RECENT_FROM = "2026-06-01"; // D-29
const BASELINE_FROM = "2026-03-03"; // D-119
const BASELINE_TO = "2026-05-31"; // D-30

/** Baseline days shaped one way, recent days another. */
function usage(baseline: Partial<UsageDay>, recent: Partial<UsageDay>): UsageDay[] {
  return [
    ...usageDays(BASELINE_FROM, BASELINE_TO, () => baseline),
    ...usageDays(RECENT_FROM, D, () => recent),
  ];
}

describe("rule windows", () => {
  it("are the 30 days up to D and the 90 days before, inclusive", () => {
    const w = ruleWindows(D, config);
    expect(w.recent).toEqual({ from: RECENT_FROM, to: D });
    expect(w.baseline).toEqual({ from: BASELINE_FROM, to: BASELINE_TO });
    expect(w.hotline).toEqual({ from: day(-6), to: D });
  });
});

describe("contract_expiring", () => {
  const at = (end: string | null) =>
    contractExpiring(someFacts({ customer: aCustomer({ contractEnd: end }) }), D, config);
  it("fires at 59 and 60 days, not at 61", () => {
    expect(at(day(59))?.evidence.params).toEqual({ contractEnd: day(59), daysLeft: 59 });
    expect(at(day(60))?.level).toBe(1);
    expect(at(day(61))).toBeNull();
  });
  it("counts a contract ending today, not one that already ended or has no end", () => {
    expect(at(D)?.evidence.params).toMatchObject({ daysLeft: 0 });
    expect(at(day(-1))).toBeNull();
    expect(at(null)).toBeNull();
  });
});

describe("zero_spend_month", () => {
  it("fires for an active customer with no spend in D-29..D after spend before", () => {
    const s = zeroSpendMonth(someFacts({ usage: usage({ spend: 2 }, { spend: 0 }) }), D, config);
    expect(s?.evidence.params).toEqual({ days: 30, baselineDays: 90, baselineSpend: 180 });
  });
  it("treats missing recent days as no spend", () => {
    expect(
      zeroSpendMonth(someFacts({ usage: usageDays(BASELINE_FROM, BASELINE_TO) }), D, config),
    ).not.toBeNull();
  });
  it("stays quiet with any recent spend, with no spend before, or for a suspended customer", () => {
    const oneDay = usage({ spend: 2 }, { spend: 0 }).map((u) => (u.date === D ? { ...u, spend: 0.01 } : u));
    expect(zeroSpendMonth(someFacts({ usage: oneDay }), D, config)).toBeNull();
    expect(zeroSpendMonth(someFacts({ usage: usage({ spend: 0 }, { spend: 0 }) }), D, config)).toBeNull();
    const suspended = someFacts({
      customer: aCustomer({ status: "suspended" }),
      usage: usage({ spend: 2 }, { spend: 0 }),
    });
    expect(zeroSpendMonth(suspended, D, config)).toBeNull();
  });
});

describe("spend_drop", () => {
  // Baseline: 6 yuan a day = 540 over 90 days = 180 a month. 60 % of that is 108.
  const recentTotal = (total: number) =>
    spendDrop(
      someFacts({
        usage: usage({ spend: 6 }, { spend: 0 }).map((u) => (u.date === D ? { ...u, spend: total } : u)),
      }),
      D,
      config,
    );
  it("fires exactly at 60 % and below, not just above", () => {
    expect(recentTotal(108)?.evidence.params).toMatchObject({
      recent: 108,
      baselineMonthly: 180,
      changePercent: -40,
    });
    expect(recentTotal(107.99)).not.toBeNull();
    expect(recentTotal(108.01)).toBeNull();
  });
  it("fires at exactly 60 % when the recent spend is spread over float-unfriendly days", () => {
    expect(spendDrop(someFacts({ usage: usage({ spend: 6 }, { spend: 3.6 }) }), D, config)).not.toBeNull();
  });
  it("leaves zero spend to zero_spend_month", () => {
    expect(recentTotal(0)).toBeNull();
  });
  it("gives the issue's example evidence", () => {
    const facts = someFacts({
      usage: usage({ spend: 6.2 }, { spend: 0 }).map((u) => (u.date === D ? { ...u, spend: 42 } : u)),
    });
    expect(spendDrop(facts, D, config)?.evidence.params).toEqual({
      days: 30,
      baselineDays: 90,
      recent: 42,
      baselineMonthly: 186,
      changePercent: -77,
    });
  });
  it("counts missing baseline days inside tenure as zero", () => {
    // Rows for only the last 45 baseline days: 270 yuan over 90 days of tenure = 90 a month.
    const rows = [
      ...usageDays(addDays(BASELINE_TO, -44), BASELINE_TO, () => ({ spend: 6 })),
      aUsageDay(D, { spend: 54 }),
    ];
    expect(spendDrop(someFacts({ usage: rows }), D, config)?.evidence.params).toMatchObject({
      baselineMonthly: 90,
    });
    expect(
      spendDrop(someFacts({ usage: rows.map((u) => (u.date === D ? { ...u, spend: 55 } : u)) }), D, config),
    ).toBeNull();
  });
  it("does not judge a newcomer: joined 20 days ago, or with under 30 days of baseline", () => {
    const newcomer = aCustomer({ joinDate: day(-19) });
    expect(
      spendDrop(
        someFacts({ customer: newcomer, usage: usageDays(day(-19), D, () => ({ spend: 0.1 })) }),
        D,
        config,
      ),
    ).toBeNull();
    const rows = [...usageDays(day(-70), BASELINE_TO, () => ({ spend: 6 })), aUsageDay(D, { spend: 1 })];
    // Joined D-49: 20 baseline days of tenure, too few to judge.
    expect(
      spendDrop(someFacts({ customer: aCustomer({ joinDate: day(-49) }), usage: rows }), D, config),
    ).toBeNull();
    // Joined D-59: 30 baseline days at 6 a day = 180 a month, averaged over tenure only.
    const s = spendDrop(someFacts({ customer: aCustomer({ joinDate: day(-59) }), usage: rows }), D, config);
    expect(s?.evidence.params).toMatchObject({ baselineMonthly: 180, recent: 1 });
  });
});

describe("data_drop", () => {
  // Baseline: 100 MB a day = 3000 MB a month; 50 % is 1500.
  const recentMb = (mb: number) =>
    dataDrop(
      someFacts({
        usage: usage({ dataMb: 100 }, { dataMb: 0 }).map((u) => (u.date === D ? { ...u, dataMb: mb } : u)),
      }),
      D,
      config,
    );
  it("fires exactly at 50 % and below, not just above", () => {
    expect(recentMb(1500)?.evidence.params).toMatchObject({
      recentMb: 1500,
      baselineMonthlyMb: 3000,
      changePercent: -50,
    });
    expect(recentMb(1500.5)).toBeNull();
    expect(recentMb(0)?.level).toBe(2);
  });
  it("needs data use before", () => {
    expect(dataDrop(someFacts({ usage: usage({ dataMb: 0 }, { dataMb: 0 }) }), D, config)).toBeNull();
  });
});

describe("zero_call_days", () => {
  const lastCallOn = (last: string) =>
    zeroCallDays(
      someFacts({ usage: usageDays(BASELINE_FROM, D, (d) => ({ calls: d <= last ? 2 : 0 })) }),
      D,
      config,
    );
  it("fires on a run of 7 silent days, not 6", () => {
    expect(lastCallOn(day(-7))?.evidence.params).toEqual({ days: 7, lastCallDay: day(-7) });
    expect(lastCallOn(day(-6))).toBeNull();
  });
  it("counts missing days as silent", () => {
    const s = zeroCallDays(someFacts({ usage: usageDays(BASELINE_FROM, day(-10)) }), D, config);
    expect(s?.evidence.params).toMatchObject({ days: 10 });
  });
  it("needs calls before the run", () => {
    expect(
      zeroCallDays(someFacts({ usage: usageDays(BASELINE_FROM, D, () => ({ calls: 0 })) }), D, config),
    ).toBeNull();
    const newcomer = aCustomer({ joinDate: day(-9) });
    expect(zeroCallDays(someFacts({ customer: newcomer, usage: [] }), D, config)).toBeNull();
  });
});

describe("competitor_hotline", () => {
  const hotline = (date: string, seconds: number) =>
    competitorHotline(
      someFacts({ usage: [aUsageDay(date, { competitorHotlineSeconds: seconds })] }),
      D,
      config,
    );
  it("fires above 60 s, not at 60 s", () => {
    expect(hotline(D, 60)).toBeNull();
    expect(hotline(D, 61)?.evidence.params).toEqual({
      withinDays: 7,
      daysOver: 1,
      maxSeconds: 61,
      lastDay: D,
    });
  });
  it("looks at D-6..D only", () => {
    expect(hotline(day(-6), 61)).not.toBeNull();
    expect(hotline(day(-7), 600)).toBeNull();
  });
});

describe("call_forwarding", () => {
  const forwardedOn = (from: string, to: string) =>
    callForwarding(
      someFacts({ usage: usageDays(from, to, () => ({ forwardedToCompetitor: true })) }),
      D,
      config,
    );
  it("fires on 5 consecutive days, not 4", () => {
    expect(forwardedOn(day(-3), D)).toBeNull();
    expect(forwardedOn(day(-4), D)?.evidence.params).toEqual({ runDays: 5, firstDay: day(-4), lastDay: D });
  });
  it("needs the run to end within the last 7 days", () => {
    expect(forwardedOn(day(-10), day(-6))).not.toBeNull();
    expect(forwardedOn(day(-11), day(-7))).toBeNull();
  });
  it("does not join runs across a day without forwarding", () => {
    const rows = [
      ...usageDays(day(-5), day(-4), () => ({ forwardedToCompetitor: true })),
      ...usageDays(day(-2), D, () => ({ forwardedToCompetitor: true })),
    ];
    expect(callForwarding(someFacts({ usage: rows }), D, config)).toBeNull();
  });
});

describe("overdue_bill", () => {
  const bill = (dueDate: string, paidDate: string | null) =>
    overdueBill(someFacts({ bills: [{ month: "2026-05", amount: 88.5, dueDate, paidDate }] }), D, config);
  it("fires for a bill past due and unpaid on D", () => {
    expect(bill(day(-1), null)?.evidence.params).toEqual({
      unpaidBills: 1,
      amount: 88.5,
      oldestDueDate: day(-1),
      daysOverdue: 1,
    });
    expect(bill(day(-1), day(2))).not.toBeNull();
  });
  it("stays quiet for a bill due today or paid by D", () => {
    expect(bill(D, null)).toBeNull();
    expect(bill(day(-5), day(-1))).toBeNull();
  });
});

describe("events", () => {
  const events = (type: EventType, dates: string[]) =>
    someFacts({ events: dates.map((date) => ({ date, type, note: "" })) });
  it("portability_inquiry and complaint look at D-29..D", () => {
    expect(portabilityInquiry(events("portability_inquiry", [day(-29)]), D, config)?.level).toBe(1);
    expect(portabilityInquiry(events("portability_inquiry", [day(-30)]), D, config)).toBeNull();
    expect(complaint(events("complaint", [day(-3), day(-29)]), D, config)?.evidence.params).toEqual({
      withinDays: 30,
      count: 2,
      lastDay: day(-3),
    });
    expect(complaint(events("complaint", [day(-30), day(1)]), D, config)).toBeNull();
  });
  it("broadband_fault needs two faults, one is not enough", () => {
    expect(broadbandFault(events("broadband_fault", [day(-2)]), D, config)).toBeNull();
    expect(
      broadbandFault(events("broadband_fault", [day(-2), day(-20)]), D, config)?.evidence.params,
    ).toMatchObject({
      count: 2,
    });
    expect(broadbandFault(events("broadband_fault", [day(-2), day(-40)]), D, config)).toBeNull();
  });
});

describe("computeSignals", () => {
  it("lists every signal that fires, in rule order, and none for a customer who left", () => {
    const facts = someFacts({
      customer: aCustomer({ contractEnd: day(30) }),
      usage: usage({ spend: 2, dataMb: 100 }, { spend: 0, dataMb: 0, calls: 0 }),
      events: [{ date: day(-1), type: "complaint", note: "" }],
    });
    expect(computeSignals(facts, D, config).map((s) => s.code)).toEqual([
      "contract_expiring",
      "zero_spend_month",
      "data_drop",
      "zero_call_days",
      "complaint",
    ]);
    expect(computeSignals({ ...facts, customer: { ...facts.customer, status: "left" } }, D, config)).toEqual(
      [],
    );
  });
  it("honours a disabled rule and an operator's level", () => {
    const facts = someFacts({
      customer: aCustomer({ contractEnd: day(30) }),
      events: [{ date: D, type: "complaint", note: "" }],
    });
    const custom = {
      ...config,
      signals: {
        ...config.signals,
        contractExpiring: { ...config.signals.contractExpiring, enabled: false },
        complaint: { ...config.signals.complaint, level: 1 as const },
      },
    };
    expect(computeSignals(facts, D, custom)).toEqual([
      expect.objectContaining({ code: "complaint", level: 1 }),
    ]);
  });
});
