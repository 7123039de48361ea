/**
 * The whole judgement for a set of customers on day D: signals (group signals judged from the
 * members in the same set), lifecycle stage, explained priority and the do-not-chase verdict.
 */
import type { CustomerProfile } from "./customer.js";
import { type DoNotChaseReason, doNotChaseReasons } from "./do-not-chase.js";
import { type LifecycleStage, lifecycleStage } from "./lifecycle.js";
import { byPriority, type Priority, priorityOf } from "./priority.js";
import type { RulesConfig } from "./rules-config.js";
import { evaluateSignals, withGroupSignals } from "./signals/index.js";
import type { Signal, SignalInput } from "./signals/types.js";

export interface RiskAssessment {
  customer: CustomerProfile;
  signals: Signal[];
  stage: LifecycleStage;
  priority: Priority;
  /** Non-empty when the do-not-chase rule keeps this customer off the main list. */
  doNotChase: DoNotChaseReason[];
}

/**
 * Assesses every customer in `inputs`. Group customers are judged from their members found in
 * `inputs`, so pass whole groups. Returns every customer, most urgent first; filter with
 * `atRisk` for the list managers see.
 */
export function assessRisks(
  inputs: readonly SignalInput[],
  asOf: string,
  config: RulesConfig,
): RiskAssessment[] {
  const withSignals = withGroupSignals(
    inputs.map((input) => ({ customer: input.customer, signals: evaluateSignals(input, asOf, config) })),
    asOf,
    config,
  );
  return withSignals
    .map(({ customer, signals }, i) => {
      const input = inputs[i]!;
      const stage = lifecycleStage(customer, input.usage, asOf, config);
      return {
        customer,
        signals,
        stage,
        priority: priorityOf(customer, signals, stage, config),
        doNotChase: doNotChaseReasons(customer, input.bills, asOf, config),
      };
    })
    .sort(byPriority);
}

/** Customers with at least one signal; do-not-chase ones only when asked for. */
export function atRisk(
  all: readonly RiskAssessment[],
  options: { includeDoNotChase?: boolean } = {},
): RiskAssessment[] {
  return all.filter((a) => a.signals.length > 0 && (options.includeDoNotChase || a.doNotChase.length === 0));
}
