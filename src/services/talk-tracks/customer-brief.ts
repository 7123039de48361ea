/**
 * The customer as the LLM may see them: a pseudonym, the profile categories, the signals with
 * their evidence, and notes only when the operator allows personal data. No id, name or number.
 */

import { daysBetween } from "../../domain/dates.js";
import { type Locale, messages } from "../../i18n/index.js";
import { renderEvidence, rulesMessages, signalTitle } from "../../i18n/rules.js";
import { talkTrackMessages } from "../../i18n/talk-tracks.js";
import type { CustomerSituation } from "./situation.js";

/** Profile lines for the reply and the prompt (label: value), in the caller's language. */
export function profileLines(s: CustomerSituation, locale: Locale): string[] {
  const t = talkTrackMessages(locale);
  const r = rulesMessages(locale);
  const c = s.customer;
  const unknown = t.situation.unknown;
  return [
    `${t.situation.vip}: ${r.vipLevels[c.vipLevel as keyof typeof r.vipLevels] ?? c.vipLevel}`,
    `${t.situation.stage}: ${s.stage} ${r.stages[s.stage]}`,
    `${t.situation.sensitivity}: ${c.sensitivity ? (r.sensitivities[c.sensitivity as keyof typeof r.sensitivities] ?? c.sensitivity) : unknown}`,
    `${t.situation.personality}: ${c.personality ? (r.personalities[c.personality as keyof typeof r.personalities] ?? c.personality) : unknown}`,
  ];
}

/** One line per signal: title, level and evidence. */
export function signalLines(s: CustomerSituation, locale: Locale): string[] {
  const r = rulesMessages(locale);
  return s.signals.map((sig) =>
    messages(locale).labelled(
      messages(locale).aside(signalTitle(sig, locale), r.level(sig.level)),
      renderEvidence(sig, locale),
    ),
  );
}

/** The customer section of the prompt, before pseudonymisation (names are masked afterwards). */
export function customerBrief(
  s: CustomerSituation,
  locale: Locale,
  options: { pseudonym: string; includeNotes: boolean; asOf: string },
): string {
  const t = talkTrackMessages(locale);
  const c = s.customer;
  const years = Math.max(0, Math.floor(daysBetween(c.joinDate, options.asOf) / 365));
  const lines = [
    `${locale === "en" ? "Customer" : "客户"}: ${options.pseudonym}`,
    `${locale === "en" ? "Segment" : "客户类型"}: ${c.segment === "group" ? (locale === "en" ? "group (enterprise)" : "集团客户") : locale === "en" ? "personal" : "个人客户"}`,
    ...profileLines(s, locale),
    `${locale === "en" ? "Years with us" : "在网年数"}: ${years}`,
    `ARPU: ${Math.round(c.arpu)}`,
    ...(c.contractEnd ? [`${locale === "en" ? "Contract ends" : "合约到期"}: ${c.contractEnd}`] : []),
    `${t.situation.signals}:`,
    ...(s.signals.length > 0 ? signalLines(s, locale).map((l) => `- ${l}`) : [`- ${t.situation.noSignals}`]),
  ];
  if (options.includeNotes && s.notes.length > 0) {
    lines.push(locale === "en" ? "Notes:" : "备注:", ...s.notes.map((n) => `- ${n}`));
  }
  return lines.join("\n");
}
