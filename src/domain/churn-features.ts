/**
 * The churn model's features, as of a day D, in model order. Windows follow the rules: "recent" is
 * the 30 days up to D, "baseline" the 90 days before that; events look back 90 days. Changes are
 * percentages (recent vs the baseline's 30-day average); missing history is a missing value.
 */
export const CHURN_FEATURES = [
  "spend_change_pct",
  "calls_change_pct",
  "data_change_pct",
  "spend_30d",
  "baseline_spend_monthly",
  "zero_call_days_30",
  "hotline_days_30",
  "hotline_seconds_30",
  "forwarded_days_30",
  "complaints_90",
  "faults_90",
  "portability_inquiries_90",
  "competitor_offers_90",
  "overdue_bills",
  "overdue_amount",
  "tenure_days",
  "days_to_contract_end",
  "vip_level",
  "group_member",
  "stage",
  "past_contacts",
  "past_retained",
] as const;

export type ChurnFeature = (typeof CHURN_FEATURES)[number];

export const FEATURE_INDEX = Object.fromEntries(CHURN_FEATURES.map((f, i) => [f, i])) as Record<
  ChurnFeature,
  number
>;

/** VIP levels and stages as ordered codes (trees split on order). */
export const VIP_CODES: Record<string, number> = { standard: 0, silver: 1, gold: 2, diamond: 3 };
export const STAGE_CODES = ["A", "B", "C", "D"] as const;
