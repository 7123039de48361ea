import type { CustomerFacts } from "../customer.js";
import type { RulesConfig } from "../rules-config.js";
import type { FactsRule, SignalInput, SignalRule } from "./types.js";
import { summarizeUsage } from "./usage-summary.js";

/** Prepares one customer's raw facts for the rules (summarises the daily usage rows). */
export function signalInputFromFacts(facts: CustomerFacts, asOf: string, config: RulesConfig): SignalInput {
  return {
    customer: facts.customer,
    usage: summarizeUsage(facts.usage, facts.customer.joinDate, asOf, config),
    bills: facts.bills,
    events: facts.events,
  };
}

/** Lifts a rule over prepared input to a rule over raw facts. */
export function overFacts(rule: SignalRule): FactsRule {
  return (facts, asOf, config) => rule(signalInputFromFacts(facts, asOf, config), asOf, config);
}
