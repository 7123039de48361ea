import { festivalsOn } from "../domain/care/festivals.js";
import { calendarDay, lunarTextZh } from "../domain/care/lunar-calendar.js";
import type { Locale } from "../i18n/index.js";
import { rulesMessages } from "../i18n/rules.js";

/**
 * The lunar date of a day and the festivals (and solar term, 节气) on it: "十月初六", ["冬至"] in
 * Chinese; "10/6", ["Mid-Autumn Festival"] in English (the six major festivals only, named as
 * the care reminders name them).
 */
export function lunarDateAndFestivals(day: string, locale: Locale): { lunar: string; festivals: string[] } {
  if (locale === "zh") {
    const { lunarDate, festivals } = lunarTextZh(day);
    return { lunar: lunarDate, festivals };
  }
  const d = calendarDay(day);
  const month = d.lunarMonth < 0 ? `leap ${-d.lunarMonth}` : String(d.lunarMonth);
  const names = rulesMessages(locale).festivals;
  return { lunar: `${month}/${d.lunarDay}`, festivals: festivalsOn(d).map((f) => names[f]) };
}
