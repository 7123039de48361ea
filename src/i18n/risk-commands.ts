import { defineCatalogue } from "./catalogue.js";
import { riskCommandsEn } from "./risk-commands.en.js";
import { riskCommandsZh } from "./risk-commands.zh.js";
import type { RiskCommandMessages } from "./risk-commands-messages.js";

/** The risk/care/customer/done/team commands' text for a locale. */
export const riskCommandMessages = defineCatalogue<RiskCommandMessages>({
  zh: riskCommandsZh,
  en: riskCommandsEn,
});
