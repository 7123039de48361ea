/** Renders the rules' structured results (signals, care reminders, priority) in a locale. */
import type { CareReminder } from "../domain/care/types.js";
import type { DoNotChaseReason } from "../domain/do-not-chase.js";
import type { Priority, PriorityPart } from "../domain/priority.js";
import type { Signal } from "../domain/signals/types.js";
import type { Locale } from "./catalogue.js";
import { defineCatalogue } from "./catalogue.js";
import { rulesEn } from "./rules.en.js";
import { rulesZh } from "./rules.zh.js";
import type { RulesMessages } from "./rules-messages.js";

export type { RulesMessages } from "./rules-messages.js";

/** The rules' message catalogue for a locale. */
export const rulesMessages = defineCatalogue<RulesMessages>({ zh: rulesZh, en: rulesEn });

// The catalogues are keyed by code; TypeScript cannot correlate a union's code with its params,
// so each renderer looks its function up through one loosely typed step.
type Loose = (params: never, day: string) => string;

/** One short line of evidence for a signal, e.g. `近30天话费 ¥42，前90天月均 ¥186（−77%）`. */
export function renderEvidence(signal: Signal, locale: Locale = "zh"): string {
  const render = rulesMessages(locale).signals[signal.code].evidence as Loose;
  return render(signal.evidence.params as never, "");
}

/** The title of a signal, e.g. 话费突减 / Spend drop. */
export function signalTitle(signal: Signal, locale: Locale = "zh"): string {
  return rulesMessages(locale).signals[signal.code].title;
}

/** One line for a care reminder: what it is about, then the suggested action. */
export function renderCare(
  reminder: CareReminder,
  locale: Locale = "zh",
): { title: string; detail: string; action: string } {
  const m = rulesMessages(locale);
  const entry = m.care[reminder.code];
  return {
    title: entry.title,
    detail: (entry.detail as Loose)(reminder.params as never, reminder.day),
    action: m.actions[reminder.action],
  };
}

/** The priority explained, e.g. `98 = 预警 1 个一级、1 个二级 +45 · …`. */
export function renderPriority(priority: Priority, locale: Locale = "zh"): string {
  const parts = rulesMessages(locale).priorityParts;
  const shown = priority.parts
    .filter((p: PriorityPart) => p.points > 0)
    .map((p) => (parts[p.key] as Loose)(p as never, ""));
  return shown.length === 0 ? `${priority.score}` : `${priority.score} = ${shown.join(" · ")}`;
}

/** Why a customer is not chased. */
export function renderDoNotChase(reason: DoNotChaseReason, locale: Locale = "zh"): string {
  return (rulesMessages(locale).doNotChase[reason.code] as Loose)(reason as never, "");
}
