/** "What works" cells in words: signal titles, segment names, methods, rates and intervals. */
import { ALL_SIGNALS, type RateCell } from "../domain/what-works.js";
import type { Locale } from "./catalogue.js";
import { outcomeDetailMessages } from "./outcome-details.js";
import { rulesMessages } from "./rules.js";

/** A signal code's title, or "all signals" for `*`. */
export function signalLabel(signal: string, locale: Locale): string {
  if (signal === ALL_SIGNALS) return outcomeDetailMessages(locale).whatWorks.allSignals;
  const signals = rulesMessages(locale).signals;
  return signals[signal as keyof typeof signals]?.title ?? signal;
}

/** `sensitivity:price` → 价格敏感; `vip:gold` → 金卡; `stage:D` → D 衰退期; `all` → 全部客户. */
export function segmentLabel(segment: string, locale: Locale): string {
  const r = rulesMessages(locale);
  const [dimension, value = ""] = segment.split(":");
  if (dimension === "vip") return r.vipLevels[value as keyof typeof r.vipLevels] ?? value;
  if (dimension === "sensitivity") return r.sensitivities[value as keyof typeof r.sensitivities] ?? value;
  if (dimension === "stage") return `${value} ${r.stages[value as keyof typeof r.stages] ?? ""}`.trim();
  return outcomeDetailMessages(locale).whatWorks.allCustomers;
}

export const percentText = (x: number) => `${Math.round(x * 100)}%`;

/** One report line: "话费突减 · 价格敏感 · 价值保有：14/20（70%，48%–85%）". */
export function rateRow(cell: RateCell, locale: Locale): string {
  const m = outcomeDetailMessages(locale);
  return m.whatWorks.row(
    signalLabel(cell.signal, locale),
    m.methods[cell.method],
    segmentLabel(cell.segment, locale),
    cell.retained,
    cell.cases,
    percentText(cell.rate),
    percentText(cell.low),
    percentText(cell.high),
  );
}

/** "类似客户（价格敏感型 · 话费突减）近 90 天：价值保有 14/20 挽留成功，成本保有 5/12 挽留成功". */
export function similarCustomersLine(
  similar: { signal: string; segment: string; days: number; cells: readonly RateCell[] },
  locale: Locale,
): string {
  const m = outcomeDetailMessages(locale);
  const like = [
    similar.segment === "all" ? null : segmentLabel(similar.segment, locale),
    similar.signal === ALL_SIGNALS ? null : signalLabel(similar.signal, locale),
  ]
    .filter(Boolean)
    .join(" · ");
  const cells = similar.cells.map((c) => m.whatWorks.cell(m.methods[c.method], c.retained, c.cases));
  return `${m.whatWorks.similar(like, similar.days)}${cells.join(locale === "en" ? ", " : "，")}`;
}
