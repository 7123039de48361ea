/**
 * The Chinese lunar month and day of a solar day, through lunar-javascript (a real calendar, not a
 * table). The package ships no types, so it is loaded with require and given the one shape used.
 */
import { createRequire } from "node:module";

interface LunarDate {
  getMonth(): number; // negative for a leap month
  getDay(): number;
}
interface LunarCalendar {
  Solar: { fromYmd(year: number, month: number, day: number): { getLunar(): LunarDate } };
}

const calendar = createRequire(import.meta.url)("lunar-javascript") as LunarCalendar;

/** Lunar month (1–12) and day (1–30) of a "YYYY-MM-DD" day; `leap` when it falls in a leap month. */
export function lunarMonthDay(day: string): { month: number; day: number; leap: boolean } {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const lunar = calendar.Solar.fromYmd(y, m, d).getLunar();
  return { month: Math.abs(lunar.getMonth()), day: lunar.getDay(), leap: lunar.getMonth() < 0 };
}
