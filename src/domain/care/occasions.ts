/**
 * Occasions in the customer relationship (seed 004's 入网期 and 衰退期 work):
 * - welcome (入网欢迎问候): joined 0..`welcomeWithinDays` (7) days before D;
 * - first_bill (第一张话费账单分析): the customer's first bill — the earliest one, if its month is at
 *   most `firstBillMaxMonthsAfterJoin` (1) months after the join month, so an old customer whose
 *   history merely starts later is not mistaken for a new one — is due within the window;
 * - anniversary (在网周年): a whole number of years since joining falls in the window (a 29 February
 *   join date is kept on 28 February in other years);
 * - renewal (到期续约): the day `renewalDaysBefore` (90) days before the contract ends is in the window.
 */
import { addDays, daysBetween } from "../dates.js";
import type { RulesConfig } from "../rules-config.js";
import { isLeapYear } from "./lunar-calendar.js";
import { type CareInput, type CareReminder, type CareWindow, makeReminder } from "./types.js";
import { daysUntil } from "./window.js";

const inWindow = (window: CareWindow, day: string) => day >= window.asOf && day <= window.days.at(-1)!.day;

const monthIndex = (yyyyMm: string) => Number(yyyyMm.slice(0, 4)) * 12 + Number(yyyyMm.slice(5, 7));

export function welcomeReminder(
  { customer }: CareInput,
  window: CareWindow,
  config: RulesConfig,
): CareReminder[] {
  const since = daysBetween(customer.joinDate, window.asOf);
  if (since < 0 || since > config.care.welcomeWithinDays) return [];
  return [makeReminder("welcome", customer.joinDate, { joinDate: customer.joinDate, daysSinceJoin: since })];
}

export function firstBillReminder(
  { customer, bills }: CareInput,
  window: CareWindow,
  config: RulesConfig,
): CareReminder[] {
  const first = [...bills].sort((a, b) => (a.month < b.month ? -1 : 1))[0];
  if (
    !first ||
    monthIndex(first.month) - monthIndex(customer.joinDate) > config.care.firstBillMaxMonthsAfterJoin
  )
    return [];
  if (!inWindow(window, first.dueDate)) return [];
  return [
    makeReminder("first_bill", first.dueDate, {
      month: first.month,
      amount: first.amount,
      dueDate: first.dueDate,
      daysUntil: daysUntil(window, first.dueDate),
    }),
  ];
}

export function anniversaryReminder({ customer }: CareInput, window: CareWindow): CareReminder[] {
  const [joinYear, joinMonth, joinDay] = customer.joinDate.split("-").map(Number) as [number, number, number];
  return window.days
    .filter((d) => {
      const feb29Moved =
        joinMonth === 2 && joinDay === 29 && !isLeapYear(d.year) && d.month === 2 && d.dayOfMonth === 28;
      return d.year > joinYear && ((d.month === joinMonth && d.dayOfMonth === joinDay) || feb29Moved);
    })
    .map((d) =>
      makeReminder("anniversary", d.day, { daysUntil: daysUntil(window, d.day), years: d.year - joinYear }),
    );
}

export function renewalReminder(
  { customer }: CareInput,
  window: CareWindow,
  config: RulesConfig,
): CareReminder[] {
  if (!customer.contractEnd) return [];
  const contactDay = addDays(customer.contractEnd, -config.care.renewalDaysBefore);
  if (!inWindow(window, contactDay)) return [];
  return [
    makeReminder("renewal", contactDay, {
      daysUntil: daysUntil(window, contactDay),
      contractEnd: customer.contractEnd,
      daysLeft: daysBetween(window.asOf, customer.contractEnd),
    }),
  ];
}
