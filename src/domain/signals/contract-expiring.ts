import { daysBetween } from "../dates.js";
import { overFacts } from "./input.js";
import { makeSignal, type SignalRule } from "./types.js";

/**
 * contract_expiring (协议到期, seed 002: "距协议到期少于2个月"): the contract ends on D or within the
 * next `withinDays` (60) days: D+60 counts, D+61 does not; a contract that already ended does not.
 */
export const contractExpiringRule: SignalRule = ({ customer }, asOf, config) => {
  const rule = config.signals.contractExpiring;
  if (!rule.enabled || customer.contractEnd === null) return null;
  const daysLeft = daysBetween(asOf, customer.contractEnd);
  if (daysLeft < 0 || daysLeft > rule.withinDays) return null;
  return makeSignal("contract_expiring", rule.level, { contractEnd: customer.contractEnd, daysLeft });
};

export const contractExpiring = overFacts(contractExpiringRule);
