import type { Locale } from "./index.js";
import { riskCommandsEn } from "./risk-commands.en.js";
import { riskCommandsZh } from "./risk-commands.zh.js";
import type { RiskCommandMessages } from "./risk-commands-messages.js";

const catalogs: Record<Locale, RiskCommandMessages> = { zh: riskCommandsZh, en: riskCommandsEn };

/** The risk/care/customer/done/team commands' text for a locale. */
export function riskCommandMessages(locale: Locale = "zh"): RiskCommandMessages {
  return catalogs[locale];
}
