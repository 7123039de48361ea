/**
 * Lifecycle stage A–E (seeds 003 and 004: 获取 Acquisition, 提升 Build-up, 成熟 Climax, 衰退 Decline,
 * 离网 Exit), derived from status, tenure and spend trend. The first rule that matches wins:
 *   E  the customer has left or is suspended (停机, no service today): win them back;
 *   A  tenure (D minus join date) under `acquisitionDays` (90): 入网期, welcome and first bill;
 *   D  spend in the 30 days up to D is at most `declineMaxPercent` (80 %) of the 30-day average over
 *      the 90 days before (same windows and tenure rule as the spend_drop signal): renewal and
 *      retention;
 *   B  tenure under `buildUpDays` (365; seed 003 treats users of a year and more as mature): grow
 *      value with added services;
 *   C  otherwise: mature, keep loyal and offer higher-value plans.
 */
import type { CustomerFacts, CustomerProfile } from "./customer.js";
import { daysBetween } from "./dates.js";
import type { RulesConfig } from "./rules-config.js";
import {
  atMostPercentOf,
  baselinePerPeriod,
  summarizeUsage,
  type UsageSummary,
} from "./signals/usage-summary.js";

export const LIFECYCLE_STAGES = ["A", "B", "C", "D", "E"] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** The stage of one customer on day D, from prepared usage (see the file comment for the rule). */
export function lifecycleStage(
  customer: CustomerProfile,
  usage: UsageSummary,
  asOf: string,
  config: RulesConfig,
): LifecycleStage {
  const { acquisitionDays, buildUpDays, declineMaxPercent } = config.lifecycle;
  if (customer.status === "left" || customer.status === "suspended") return "E";
  const tenureDays = daysBetween(customer.joinDate, asOf);
  if (tenureDays < acquisitionDays) return "A";
  const baseline = baselinePerPeriod(usage.baselineSpend, usage.baselineTenureDays, config);
  if (baseline !== null && baseline > 0 && atMostPercentOf(usage.recentSpend, baseline, declineMaxPercent))
    return "D";
  return tenureDays < buildUpDays ? "B" : "C";
}

/** The stage of one customer on day D, from raw facts. */
export function lifecycleStageFromFacts(
  facts: CustomerFacts,
  asOf: string,
  config: RulesConfig,
): LifecycleStage {
  const usage = summarizeUsage(facts.usage, facts.customer.joinDate, asOf, config);
  return lifecycleStage(facts.customer, usage, asOf, config);
}
