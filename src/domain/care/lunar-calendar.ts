/**
 * Calendar facts for one day, solar and lunar (农历), from the lunar-javascript library (real
 * astronomical data, no year tables of our own). The only file that touches the library.
 */
import lunar from "lunar-javascript";

export interface CalendarDay {
  /** "YYYY-MM-DD" */
  day: string;
  year: number;
  month: number;
  dayOfMonth: number;
  /** The lunar month, negative for a leap month (闰月). */
  lunarMonth: number;
  lunarDay: number;
  /** Days in this lunar month (29 or 30). */
  lunarMonthDays: number;
}

/** Solar and lunar facts for a calendar day. */
export function calendarDay(day: string): CalendarDay {
  const [year, month, dayOfMonth] = day.split("-").map(Number) as [number, number, number];
  const l = lunar.Solar.fromYmd(year, month, dayOfMonth).getLunar();
  const monthInfo = lunar.LunarMonth.fromYm(l.getYear(), l.getMonth());
  return {
    day,
    year,
    month,
    dayOfMonth,
    lunarMonth: l.getMonth(),
    lunarDay: l.getDay(),
    lunarMonthDays: monthInfo?.getDayCount() ?? 30,
  };
}

/** The solar day of a lunar date (leap months negative), e.g. Spring Festival 2027 → "2027-02-06". */
export function solarDayOfLunar(lunarYear: number, lunarMonth: number, lunarDay: number): string {
  return lunar.Lunar.fromYmd(lunarYear, lunarMonth, lunarDay).getSolar().toYmd();
}

/**
 * The lunar date in Chinese and the traditional festivals and solar term (节气) named on a day,
 * as the calendar library names them: "十月初六", ["冬至"].
 */
export function lunarTextZh(day: string): { lunarDate: string; festivals: string[] } {
  const [year, month, dayOfMonth] = day.split("-").map(Number) as [number, number, number];
  const solar = lunar.Solar.fromYmd(year, month, dayOfMonth);
  const l = solar.getLunar();
  const festivals = [...l.getFestivals(), ...solar.getFestivals(), l.getJieQi()].filter((f) => f !== "");
  return {
    lunarDate: `${l.getMonthInChinese()}月${l.getDayInChinese()}`,
    festivals: [...new Set(festivals)],
  };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
