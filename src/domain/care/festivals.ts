/**
 * Festival greetings (节日问候) for VIP customers: Spring Festival 春节 (lunar 1/1), Lantern 元宵
 * (1/15), Dragon Boat 端午 (5/5), Mid-Autumn 中秋 (8/15) through the lunar calendar, National Day
 * 国庆 (10-01) and New Year 元旦 (01-01) on the solar one. Lunar festivals never fall in a leap month.
 * Only customers whose VIP level is in `festivalVipLevels` (diamond, gold, silver) get them.
 */
import type { RulesConfig } from "../rules-config.js";
import type { CalendarDay } from "./lunar-calendar.js";
import { type CareInput, type CareReminder, type CareWindow, type Festival, makeReminder } from "./types.js";
import { daysUntil } from "./window.js";

const FESTIVAL_DATES: { festival: Festival; lunar: boolean; month: number; day: number }[] = [
  { festival: "new_year", lunar: false, month: 1, day: 1 },
  { festival: "spring_festival", lunar: true, month: 1, day: 1 },
  { festival: "lantern", lunar: true, month: 1, day: 15 },
  { festival: "dragon_boat", lunar: true, month: 5, day: 5 },
  { festival: "mid_autumn", lunar: true, month: 8, day: 15 },
  { festival: "national_day", lunar: false, month: 10, day: 1 },
];

/** The festivals falling on a calendar day. */
export function festivalsOn(d: CalendarDay): Festival[] {
  return FESTIVAL_DATES.filter((f) =>
    f.lunar
      ? d.lunarMonth === f.month && d.lunarDay === f.day
      : d.month === f.month && d.dayOfMonth === f.day,
  ).map((f) => f.festival);
}

/** Festival greetings due for one customer in the window. */
export function festivalReminders(
  { customer }: CareInput,
  window: CareWindow,
  config: RulesConfig,
): CareReminder[] {
  if (!(config.care.festivalVipLevels as string[]).includes(customer.vipLevel)) return [];
  return window.days.flatMap((d) =>
    festivalsOn(d).map((festival) =>
      makeReminder("festival", d.day, { daysUntil: daysUntil(window, d.day), festival }),
    ),
  );
}
