/** The Chinese lunar month and day of a solar day, for demo birthdays (via the care rules' calendar). */
import { calendarDay } from "../domain/care/lunar-calendar.js";

/** Lunar month (1–12) and day (1–30) of a "YYYY-MM-DD" day; `leap` when it falls in a leap month. */
export function lunarMonthDay(day: string): { month: number; day: number; leap: boolean } {
  const d = calendarDay(day);
  return { month: Math.abs(d.lunarMonth), day: d.lunarDay, leap: d.lunarMonth < 0 };
}
