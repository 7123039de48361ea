/** All signal rules, and the functions that run them for one customer or a set of customers. */
import type { CustomerFacts } from "../customer.js";
import type { RulesConfig } from "../rules-config.js";
import { broadbandFaultRule } from "./broadband-fault.js";
import { callForwardingRule } from "./call-forwarding.js";
import { competitorHotlineRule } from "./competitor-hotline.js";
import { complaintRule } from "./complaint.js";
import { contractExpiringRule } from "./contract-expiring.js";
import { dataDropRule } from "./data-drop.js";
import { type GroupMember, groupBulkAnomaly } from "./group-bulk-anomaly.js";
import { signalInputFromFacts } from "./input.js";
import { overdueBillRule } from "./overdue-bill.js";
import { portabilityInquiryRule } from "./portability-inquiry.js";
import { spendDropRule } from "./spend-drop.js";
import type { Signal, SignalInput, SignalRule } from "./types.js";
import { zeroCallDaysRule } from "./zero-call-days.js";
import { zeroSpendMonthRule } from "./zero-spend-month.js";

export { type GroupMember, groupBulkAnomaly, groupBulkAnomalyFromCounts } from "./group-bulk-anomaly.js";
export { signalInputFromFacts } from "./input.js";
export * from "./types.js";
export { ruleWindows, summarizeUsage, type UsageSummary } from "./usage-summary.js";

/** The per-customer rules, in the order their signals are listed. */
export const PER_CUSTOMER_RULES: readonly SignalRule[] = [
  contractExpiringRule,
  zeroSpendMonthRule,
  spendDropRule,
  dataDropRule,
  zeroCallDaysRule,
  competitorHotlineRule,
  callForwardingRule,
  overdueBillRule,
  portabilityInquiryRule,
  complaintRule,
  broadbandFaultRule,
];

/** Every per-customer signal for prepared input; customers who have left get none. */
export function evaluateSignals(input: SignalInput, asOf: string, config: RulesConfig): Signal[] {
  if (input.customer.status === "left" || input.customer.joinDate > asOf) return [];
  const found: Signal[] = [];
  for (const rule of PER_CUSTOMER_RULES) {
    const signal = rule(input, asOf, config);
    if (signal) found.push(signal);
  }
  return found;
}

/** Every per-customer signal for one customer's raw facts. */
export function computeSignals(facts: CustomerFacts, asOf: string, config: RulesConfig): Signal[] {
  return evaluateSignals(signalInputFromFacts(facts, asOf, config), asOf, config);
}

/**
 * Adds group_bulk_anomaly to the group customers among `all`, judged from the members in `all`
 * (so `all` must hold every member of those groups). Returns new entries; the input is untouched.
 */
export function withGroupSignals(all: GroupMember[], asOf: string, config: RulesConfig): GroupMember[] {
  const membersByGroup = new Map<string, GroupMember[]>();
  for (const m of all) {
    if (m.customer.groupId === null) continue;
    const list = membersByGroup.get(m.customer.groupId) ?? [];
    list.push(m);
    membersByGroup.set(m.customer.groupId, list);
  }
  return all.map((entry) => {
    const members = membersByGroup.get(entry.customer.id);
    if (!members) return entry;
    const signal = groupBulkAnomaly(entry.customer, members, asOf, config);
    return signal ? { ...entry, signals: [...entry.signals, signal] } : entry;
  });
}
