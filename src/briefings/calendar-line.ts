import lunar from "lunar-javascript";
import { festivalsOn } from "../domain/care/festivals.js";
import { calendarDay } from "../domain/care/lunar-calendar.js";
import type { Locale } from "../i18n/index.js";

/** The parts of lunar-javascript's day objects used here, beyond the care rules' declaration. */
interface LunarText {
  getMonthInChinese(): string;
  getDayInChinese(): string;
  getFestivals(): string[];
  getJieQi(): string;
}
interface SolarText {
  getFestivals(): string[];
  getLunar(): unknown;
}

const FESTIVALS_EN: Record<string, string> = {
  spring_festival: "Spring Festival",
  lantern: "Lantern Festival",
  dragon_boat: "Dragon Boat Festival",
  mid_autumn: "Mid-Autumn Festival",
  national_day: "National Day",
  new_year: "New Year's Day",
};

/**
 * The lunar date of a day and the festivals (and solar term, 节气) on it: "十月初六", ["冬至"] in
 * Chinese; "10/6", ["Mid-Autumn Festival"] in English (the six major festivals only).
 */
export function lunarDateAndFestivals(day: string, locale: Locale): { lunar: string; festivals: string[] } {
  const d = calendarDay(day);
  if (locale === "en") {
    const month = d.lunarMonth < 0 ? `leap ${-d.lunarMonth}` : String(d.lunarMonth);
    return { lunar: `${month}/${d.lunarDay}`, festivals: festivalsOn(d).map((f) => FESTIVALS_EN[f] ?? f) };
  }
  const solar = lunar.Solar.fromYmd(d.year, d.month, d.dayOfMonth) as unknown as SolarText;
  const l = solar.getLunar() as LunarText;
  const festivals = [...l.getFestivals(), ...solar.getFestivals(), l.getJieQi()].filter((f) => f !== "");
  return { lunar: `${l.getMonthInChinese()}月${l.getDayInChinese()}`, festivals: [...new Set(festivals)] };
}
