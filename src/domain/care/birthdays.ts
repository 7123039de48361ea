/**
 * Birthday reminders within the care window.
 * - Solar birthdays match on month and day. A 29 February birthday is celebrated on 28 February in
 *   years without a 29 February (the day stays in February, before the date has passed).
 * - Lunar birthdays (`lunarBirthday`: the month and day of `birthday` are lunar) match on lunar
 *   month and day, via lunar-javascript, so they move across the Gregorian calendar and may fall
 *   in the next Gregorian year (腊月 birthdays in January or February). In a year with a leap
 *   month the birthday is celebrated in the regular month only, not again in the leap one. A
 *   birthday on the 30th is celebrated on the 29th when that lunar month has only 29 days.
 */
import { isLeapYear } from "./lunar-calendar.js";
import { type CareInput, type CareReminder, type CareWindow, makeReminder } from "./types.js";
import { daysUntil } from "./window.js";

const BIRTHDAY = /^\d{4}-(\d{2})-(\d{2})$/;

/** Birthday reminders (solar or lunar) for one customer in the window. */
export function birthdayReminders({ customer }: CareInput, window: CareWindow): CareReminder[] {
  const m = customer.birthday ? BIRTHDAY.exec(customer.birthday) : null;
  if (!m) return [];
  const month = Number(m[1]);
  const day = Number(m[2]);
  const found: CareReminder[] = [];
  for (const d of window.days) {
    if (customer.lunarBirthday) {
      const onDay = d.lunarDay === day || (day > d.lunarMonthDays && d.lunarDay === d.lunarMonthDays);
      if (d.lunarMonth === month && onDay) {
        found.push(
          makeReminder("lunar_birthday", d.day, {
            daysUntil: daysUntil(window, d.day),
            lunarMonth: month,
            lunarDay: day,
          }),
        );
      }
    } else {
      const movedFromFeb29 =
        month === 2 && day === 29 && !isLeapYear(d.year) && d.month === 2 && d.dayOfMonth === 28;
      if ((d.month === month && d.dayOfMonth === day) || movedFromFeb29) {
        found.push(makeReminder("birthday", d.day, { daysUntil: daysUntil(window, d.day), movedFromFeb29 }));
      }
    }
  }
  return found;
}
