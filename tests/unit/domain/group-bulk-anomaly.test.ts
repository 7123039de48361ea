import { describe, expect, it } from "vitest";
import type { CustomerStatus } from "../../../src/domain/customer.js";
import { DEFAULT_RULES_CONFIG as config } from "../../../src/domain/rules-config.js";
import {
  groupBulkAnomaly,
  makeSignal,
  type Signal,
  withGroupSignals,
} from "../../../src/domain/signals/index.js";
import { aCustomer } from "../../fakes/customer-facts.js";

const D = "2026-06-30";
const group = aCustomer({ id: "G1", segment: "group", name: "华远物流" });
const level1 = makeSignal("spend_drop", 1, {
  days: 30,
  baselineDays: 90,
  recent: 1,
  baselineMonthly: 10,
  changePercent: -90,
});
const level2 = makeSignal("complaint", 2, { withinDays: 30, count: 1, lastDay: D });

/** `n` members of G1, the first `flagged` of them with `signal`. */
function members(n: number, flagged: number, signal: Signal = level1, status: CustomerStatus = "active") {
  return Array.from({ length: n }, (_, i) => ({
    customer: aCustomer({ id: `P${i}`, groupId: "G1", status }),
    signals: i < flagged ? [signal] : [],
  }));
}

describe("group_bulk_anomaly", () => {
  it("fires when exactly 20 % of members show a level-1 signal", () => {
    expect(groupBulkAnomaly(group, members(5, 1), D, config)?.evidence.params).toEqual({
      members: 5,
      flaggedMembers: 1,
      sharePercent: 20,
    });
  });
  it("stays quiet below 20 %, for level-2 signals only, and for groups under 5 members", () => {
    expect(groupBulkAnomaly(group, members(6, 1), D, config)).toBeNull();
    expect(groupBulkAnomaly(group, members(5, 5, level2), D, config)).toBeNull();
    expect(groupBulkAnomaly(group, members(4, 4), D, config)).toBeNull();
  });
  it("does not count members who left", () => {
    const list = [
      ...members(4, 1),
      ...members(3, 0, level1, "left").map((m, i) => ({ ...m, customer: { ...m.customer, id: `L${i}` } })),
    ];
    expect(groupBulkAnomaly(group, list, D, config)).toBeNull();
  });
  it("withGroupSignals adds the signal to the group entry only", () => {
    const out = withGroupSignals([{ customer: group, signals: [] }, ...members(5, 2)], D, config);
    expect(out[0]?.signals.map((s) => s.code)).toEqual(["group_bulk_anomaly"]);
    expect(out.slice(1).every((m) => m.signals.every((s) => s.code !== "group_bulk_anomaly"))).toBe(true);
  });
});
