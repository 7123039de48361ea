/**
 * The product's rules-only priority applied to Cell2Cell rows, for the benchmark's side-by-side:
 * each column is mapped to the nearest signal (thresholds are the rules' own where a column matches
 * a rule, otherwise fixed here and never tuned on the data), then priorityOf() scores the customer
 * exactly as the risk list does. Customers no rule flags are not on the list: they rank below every
 * listed one, in the order of their remaining parts (VIP, ARPU, stage).
 *
 *   spend_drop (1)           changer ≤ −spendDrop.maxPercent (60)    % change in revenue
 *   data_drop (2)            changem ≤ −dataDrop.maxPercent (50)     % change in minutes
 *   zero_call_days (2)       mou = 0                                 no minutes in the period
 *   complaint (2)            custcare > 0                            customer-care calls
 *   broadband_fault (2)      dropblk ≥ 10 a month                    dropped or blocked calls
 *   portability_inquiry (1)  retcalls > 0                            calls to the retention team
 *   contract_expiring (1)    eqpdays ≥ 670                           a 24-month handset plan ending within 60 days or over
 *   stage                    months < 3 → A, < 12 → B, changer ≤ −20 → D, else C
 *   arpu                     revenue (one point per 10, capped as configured)
 */
import type { CustomerProfile } from "../../domain/customer.js";
import type { LifecycleStage } from "../../domain/lifecycle.js";
import { priorityOf } from "../../domain/priority.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import type { Signal, SignalCode } from "../../domain/signals/types.js";

const NOT_LISTED = -1000;

export function cell2cellRulePriority(
  featureNames: string[],
  columns: ArrayLike<number>[],
  rows: number,
  config: RulesConfig,
): Float64Array {
  const col = (name: string) => {
    const i = featureNames.indexOf(name);
    if (i < 0) throw new Error(`no ${name} column`);
    return columns[i]!;
  };
  const [changer, changem, mou, custcare, dropblk, retcalls, eqpdays, months, revenue] = [
    "changer",
    "changem",
    "mou",
    "custcare",
    "dropblk",
    "retcalls",
    "eqpdays",
    "months",
    "revenue",
  ].map(col) as ArrayLike<number>[];
  const s = config.signals;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const fired: [SignalCode, 1 | 2][] = [];
    const when = (on: boolean, code: SignalCode, level: 1 | 2) => on && fired.push([code, level]);
    when(changer![r]! <= -s.spendDrop.maxPercent, "spend_drop", s.spendDrop.level);
    when(changem![r]! <= -s.dataDrop.maxPercent, "data_drop", s.dataDrop.level);
    when(mou![r] === 0, "zero_call_days", s.zeroCallDays.level);
    when(custcare![r]! > 0, "complaint", s.complaint.level);
    when(dropblk![r]! >= 10, "broadband_fault", s.broadbandFault.level);
    when(retcalls![r]! > 0, "portability_inquiry", s.portabilityInquiry.level);
    when(eqpdays![r]! >= 670, "contract_expiring", s.contractExpiring.level);
    const m = months![r]!;
    const stage: LifecycleStage = m < 3 ? "A" : m < 12 ? "B" : changer![r]! <= -20 ? "D" : "C";
    const revenueValue = revenue![r]!;
    const customer = {
      vipLevel: "standard",
      arpu: Number.isNaN(revenueValue) ? 0 : revenueValue,
    } as CustomerProfile;
    const signals = fired.map(([code, level]) => ({ code, level }) as unknown as Signal);
    const { score } = priorityOf(customer, signals, stage, config);
    out[r] = signals.length > 0 ? score : NOT_LISTED + score;
  }
  return out;
}
