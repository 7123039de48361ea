import type { ChurnReasonMessages } from "./churn-reasons.js";
import { plural } from "./plural.js";

const change = (what: string) => (v: number) =>
  Number.isNaN(v)
    ? `${what}: not enough history`
    : `${what} ${v < 0 ? "down" : "up"} ${Math.round(Math.abs(v))}% in the last 30 days`;
const vip = ["standard", "silver", "gold", "diamond"];
const stage = ["acquisition", "build-up", "mature", "decline"];
const yuan = (v: number) => `¥${v.toFixed(2)}`;

export const churnReasonsEn: ChurnReasonMessages = {
  spend_change_pct: change("spend"),
  calls_change_pct: change("calls"),
  data_change_pct: change("data use"),
  spend_30d: (v) => `spend in the last 30 days ${yuan(v)}`,
  baseline_spend_monthly: (v) =>
    Number.isNaN(v) ? "little spending history" : `earlier monthly spend ${yuan(v)}`,
  zero_call_days_30: (v) => `${plural(v, "day")} without calls in the last 30`,
  hotline_days_30: (v) =>
    v > 0 ? `called a competitor's hotline on ${v} of the last 30 days` : "no competitor hotline calls",
  hotline_seconds_30: (v) => `${Math.round(v)} s on competitors' hotlines in the last 30 days`,
  forwarded_days_30: (v) =>
    v > 0 ? `calls forwarded to a competitor on ${plural(v, "day")}` : "no forwarding to competitors",
  complaints_90: (v) =>
    v > 0 ? `${plural(v, "complaint")} in the last 90 days` : "no complaints in 90 days",
  faults_90: (v) =>
    v > 0 ? `${plural(v, "broadband fault")} in the last 90 days` : "no broadband faults in 90 days",
  portability_inquiries_90: (v) =>
    v > 0 ? `asked about number porting ${plural(v, "time")} in 90 days` : "no porting inquiries",
  competitor_offers_90: (v) =>
    v > 0 ? `${plural(v, "competitor offer")} in 90 days` : "no competitor offers",
  overdue_bills: (v) => (v > 0 ? `${plural(v, "overdue bill")}` : "no overdue bills"),
  overdue_amount: (v) => `${yuan(v)} overdue`,
  tenure_days: (v) =>
    v < 365 ? `customer for only ${v} days` : `customer for ${(v / 365).toFixed(1)} years`,
  days_to_contract_end: (v) =>
    Number.isNaN(v) ? "no contract" : v >= 0 ? `contract ends in ${v} days` : `contract ended ${-v} days ago`,
  vip_level: (v) => `VIP level: ${vip[v] ?? "standard"}`,
  // 0 is also the group account itself (its own row has no groupId): not "personal".
  group_member: (v) => (v ? "member of a group account" : "not a member of a group account"),
  stage: (v) => `lifecycle: ${stage[v] ?? "mature"}`,
  past_contacts: (v) => (v > 0 ? `contacted ${plural(v, "time")} before` : "never contacted before"),
  past_retained: (v) => (v > 0 ? `retained ${plural(v, "time")} before` : "no earlier retention"),
  probability: (percent) => `churn probability ${percent}`,
  rulesOnly: (why) => `ranked by rules only (${why})`,
};
