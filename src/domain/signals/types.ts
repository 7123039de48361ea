/**
 * Signals (异动/预警): a reason code, its level (一级/二级预警) and the evidence behind it. Evidence is
 * structured numbers plus a message key, so every chat and locale renders it (src/i18n/rules.*.ts).
 */
import type { BillFact, CustomerFacts, CustomerProfile, EventFact } from "../customer.js";
import type { RulesConfig } from "../rules-config.js";
import type { UsageSummary } from "./usage-summary.js";

export const SIGNAL_CODES = [
  "contract_expiring",
  "zero_spend_month",
  "spend_drop",
  "data_drop",
  "zero_call_days",
  "competitor_hotline",
  "call_forwarding",
  "overdue_bill",
  "portability_inquiry",
  "complaint",
  "broadband_fault",
  "group_bulk_anomaly",
] as const;
export type SignalCode = (typeof SIGNAL_CODES)[number];

export type SignalLevel = 1 | 2;

/** The numbers each signal carries; money in yuan, data in MB, windows in days. */
export interface EvidenceParams {
  contract_expiring: { contractEnd: string; daysLeft: number };
  zero_spend_month: { days: number; baselineDays: number; baselineSpend: number };
  spend_drop: {
    days: number;
    baselineDays: number;
    recent: number;
    baselineMonthly: number;
    changePercent: number;
  };
  data_drop: {
    days: number;
    baselineDays: number;
    recentMb: number;
    baselineMonthlyMb: number;
    changePercent: number;
  };
  zero_call_days: { days: number; lastCallDay: string };
  competitor_hotline: { withinDays: number; daysOver: number; maxSeconds: number; lastDay: string };
  call_forwarding: { runDays: number; firstDay: string; lastDay: string };
  overdue_bill: { unpaidBills: number; amount: number; oldestDueDate: string; daysOverdue: number };
  portability_inquiry: { withinDays: number; count: number; lastDay: string };
  complaint: { withinDays: number; count: number; lastDay: string };
  broadband_fault: { withinDays: number; count: number; lastDay: string };
  group_bulk_anomaly: { members: number; flaggedMembers: number; sharePercent: number };
}

/** One signal of one code; `evidence.key` names the message that renders it. */
export type SignalOf<C extends SignalCode> = {
  code: C;
  level: SignalLevel;
  evidence: { key: C; params: EvidenceParams[C] };
};

/** Any signal. */
export type Signal = { [C in SignalCode]: SignalOf<C> }[SignalCode];

/**
 * What the per-customer rules read: the profile, bills and events as they are, and usage already
 * summarised over the rule windows (usage-summary.ts). The warning engine builds the same summary
 * in SQL for many customers at once; tests build it from daily rows.
 */
export interface SignalInput {
  customer: CustomerProfile;
  usage: UsageSummary;
  bills: BillFact[];
  events: EventFact[];
}

/** A per-customer rule over prepared input. */
export type SignalRule = (input: SignalInput, asOf: string, config: RulesConfig) => Signal | null;

/** A per-customer rule over raw facts, as the brief of issue 3 names them. */
export type FactsRule = (facts: CustomerFacts, asOf: string, config: RulesConfig) => Signal | null;

/** Builds a signal, keeping code and evidence key in step. */
export function makeSignal<C extends SignalCode>(
  code: C,
  level: SignalLevel,
  params: EvidenceParams[C],
): SignalOf<C> {
  return { code, level, evidence: { key: code, params } };
}

/** Rounds money and volumes for evidence (two decimals), so JSON and messages stay short. */
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
