/**
 * The churn model's reasons in words a manager reads: one phrase per feature, given the feature's
 * value for the customer (e.g. spend_change_pct = −62 → "话费近30天下降 62%").
 */
import type { ChurnFeature } from "../domain/churn-features.js";
import { churnReasonsEn } from "./churn-reasons.en.js";
import { churnReasonsZh } from "./churn-reasons.zh.js";
import type { Locale } from "./index.js";

export type ChurnReasonMessages = {
  [F in ChurnFeature]: (value: number) => string;
} & {
  /** Heading beside the probability, e.g. "流失概率 23%". */
  probability: (percent: string) => string;
  /** What /risk and `model train` say when there is no usable model. */
  rulesOnly: (why: string) => string;
};

export function churnReasonMessages(locale: Locale): ChurnReasonMessages {
  return locale === "en" ? churnReasonsEn : churnReasonsZh;
}
