/**
 * Customers the seeds say not to chase (seed 002: 彻底放弃不值得挽留的客户 — 恶意欠费, 低价值客户).
 * They stay off the main risk list and can be listed on request. Both parts are configurable:
 * - malicious_arrears: at least `minUnpaidBills` (2) bills unpaid on D and at least
 *   `minDaysOverdue` (60) days past their due date — arrears left standing, not a late payment;
 * - low_value: ARPU at most `maxArpu` (10 yuan) and a VIP level in `vipLevels` (standard).
 */
import type { BillFact, CustomerProfile } from "./customer.js";
import { daysBetween } from "./dates.js";
import type { RulesConfig } from "./rules-config.js";
import { overdueBills } from "./signals/overdue-bill.js";

export type DoNotChaseReason =
  | { code: "malicious_arrears"; unpaidBills: number; amount: number; oldestDaysOverdue: number }
  | { code: "low_value"; arpu: number };

/** Why this customer should not be chased on day D; empty when they should. */
export function doNotChaseReasons(
  customer: CustomerProfile,
  bills: BillFact[],
  asOf: string,
  config: RulesConfig,
): DoNotChaseReason[] {
  const rule = config.doNotChase;
  if (!rule.enabled) return [];
  const reasons: DoNotChaseReason[] = [];
  if (rule.maliciousArrears.enabled) {
    const longOverdue = overdueBills(bills, asOf).filter(
      (b) => daysBetween(b.dueDate, asOf) >= rule.maliciousArrears.minDaysOverdue,
    );
    if (longOverdue.length >= rule.maliciousArrears.minUnpaidBills) {
      reasons.push({
        code: "malicious_arrears",
        unpaidBills: longOverdue.length,
        amount: Math.round(longOverdue.reduce((sum, b) => sum + b.amount, 0) * 100) / 100,
        oldestDaysOverdue: Math.max(...longOverdue.map((b) => daysBetween(b.dueDate, asOf))),
      });
    }
  }
  const low = rule.lowValue;
  if (
    low.enabled &&
    customer.arpu <= low.maxArpu &&
    (low.vipLevels as string[]).includes(customer.vipLevel)
  ) {
    reasons.push({ code: "low_value", arpu: customer.arpu });
  }
  return reasons;
}
