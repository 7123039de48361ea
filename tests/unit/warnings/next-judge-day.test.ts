/**
 * The next day the calendar alone can change a customer's warnings (nextJudgeDay): the incremental
 * job carries a customer's rows over until then, so it must never be late. For call_forwarding
 * that is the day a run of forwarded days long enough to raise it leaves the window of recent
 * ends; a shorter run sets no such day (it never counts), only the day it leaves the history window.
 * The property is checked by brute force: on every day before the one returned, the rule says
 * what it says on D.
 */
import { describe, expect, it } from "vitest";
import { addDays } from "../../../src/domain/dates.js";
import { DEFAULT_RULES_CONFIG as config } from "../../../src/domain/rules-config.js";
import { callForwarding } from "../../../src/domain/signals/call-forwarding.js";
import type { SignalInput } from "../../../src/domain/signals/types.js";
import { nextJudgeDay } from "../../../src/services/warnings/next-judge-day.js";
import type { UsageAggregate } from "../../../src/services/warnings/rolling-aggregates.js";
import { aCustomer, someFacts, usageDays } from "../../fakes/customer-facts.js";

const D = "2026-06-30";
const customer = aCustomer({ joinDate: "2020-01-01", contractEnd: null });
const historyDays = config.windows.recentDays + config.windows.baselineDays;

/** The next judge day of a customer whose only date-driven facts are these forwarded days (and hotline marks). */
function nextDayWith(forwarded: readonly string[], hotlineDays: string | null = null): string | null {
  const aggregate: UsageAggregate = {
    recentSpendFen: 0,
    baselineSpendFen: 0,
    recentDataCenti: 0,
    baselineDataCenti: 0,
    lastCallDay: D,
    hotlineDays,
    forwardedDays: forwarded.length === 0 ? null : [...forwarded].sort().join(","),
  };
  const input = { customer, usage: {}, bills: [], events: [] } as unknown as SignalInput;
  return nextJudgeDay(input, aggregate, D, config);
}

/** call_forwarding on day `day` with these forwarded days (and nothing new after D), as JSON. */
function forwardingOn(forwarded: readonly string[], day: string): string {
  const set = new Set(forwarded);
  const facts = someFacts({
    customer,
    usage: usageDays(addDays(D, -150), D, (d) => ({ forwardedToCompetitor: set.has(d) })),
  });
  return JSON.stringify(callForwarding(facts, day, config));
}

/** A small deterministic generator (the test must fail the same way twice). */
function random(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

describe("the next judge day for competitor hotline marks", () => {
  it("is none: the job finds the newest mark leaving its window from the marks (decision 035)", () => {
    expect(nextDayWith([], `${addDays(D, -5)}:300,${addDays(D, -1)}:90`)).toBeNull();
  });
});

describe("the next judge day for forwarded days", () => {
  it("is a week after the end of a run long enough to raise call_forwarding", () => {
    const run = [-8, -7, -6, -5, -4].map((n) => addDays(D, n));
    expect(forwardingOn(run, D)).not.toBe("null");
    expect(nextDayWith(run)).toBe(addDays(D, -4 + config.signals.callForwarding.endedWithinDays));
  });

  it("is none for shorter runs until their days leave the history window", () => {
    const scattered = [-10, -7, -6, -3, -2, -1].map((n) => addDays(D, n));
    expect(forwardingOn(scattered, D)).toBe("null");
    expect(nextDayWith(scattered)).toBe(addDays(D, -10 + historyDays));
  });

  it("is never later than the first day the rule's answer changes", () => {
    const next = random(20261204);
    for (let trial = 0; trial < 60; trial += 1) {
      // Forwarded days in the last 40 days: runs of 1 to 8 days with gaps of 1 to 4.
      const days: string[] = [];
      for (let n = -40 + next(5); n <= 0; n += 1 + next(4))
        for (let len = 1 + next(8); len > 0 && n <= 0; len -= 1, n += 1) days.push(addDays(D, n));
      const until = nextDayWith(days) ?? addDays(D, 60);
      const onD = forwardingOn(days, D);
      for (let day = addDays(D, 1); day < until && day <= addDays(D, 60); day = addDays(day, 1))
        expect({ days, day, answer: forwardingOn(days, day) }).toEqual({ days, day, answer: onD });
    }
  });
});
