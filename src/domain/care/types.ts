/**
 * Care reminders (客户关怀, seed 004: 入网欢迎问候, 第一张话费账单分析, 生日祝愿, 节日问候, 到期续约,
 * 欠费停机前提醒, 停机保号): a code, the day it concerns, the numbers behind it and a suggested
 * action from the material, both rendered by src/i18n/rules.*.ts.
 */
import type { BillFact, CustomerProfile } from "../customer.js";
import type { CalendarDay } from "./lunar-calendar.js";

export const FESTIVALS = [
  "spring_festival",
  "lantern",
  "dragon_boat",
  "mid_autumn",
  "national_day",
  "new_year",
] as const;
export type Festival = (typeof FESTIVALS)[number];

export interface CareParams {
  birthday: { daysUntil: number; movedFromFeb29: boolean };
  lunar_birthday: { daysUntil: number; lunarMonth: number; lunarDay: number };
  festival: { daysUntil: number; festival: Festival };
  welcome: { joinDate: string; daysSinceJoin: number };
  first_bill: { month: string; amount: number; dueDate: string; daysUntil: number };
  anniversary: { daysUntil: number; years: number };
  renewal: { daysUntil: number; contractEnd: string; daysLeft: number };
  arrears: { unpaidBills: number; amount: number; dueDate: string; daysUntilDue: number };
  suspended: Record<string, never>;
}
export type CareCode = keyof CareParams;
export const CARE_CODES = Object.keys({
  birthday: 0,
  lunar_birthday: 0,
  festival: 0,
  welcome: 0,
  first_bill: 0,
  anniversary: 0,
  renewal: 0,
  arrears: 0,
  suspended: 0,
} satisfies Record<CareCode, 0>) as CareCode[];

/** The suggested action each reminder carries. */
export const CARE_ACTIONS = {
  birthday: "send_birthday_greeting",
  lunar_birthday: "send_birthday_greeting",
  festival: "send_festival_greeting",
  welcome: "welcome_call",
  first_bill: "explain_first_bill",
  anniversary: "thank_for_loyalty",
  renewal: "offer_renewal",
  arrears: "remind_payment",
  suspended: "invite_reactivation",
} as const satisfies Record<CareCode, string>;
export type CareAction = (typeof CARE_ACTIONS)[CareCode];

export type CareReminderOf<C extends CareCode> = {
  code: C;
  /** The day the reminder is about (the birthday, the due date…); D itself for standing reminders. */
  day: string;
  action: (typeof CARE_ACTIONS)[C];
  params: CareParams[C];
};
export type CareReminder = { [C in CareCode]: CareReminderOf<C> }[CareCode];

/** Builds a reminder with the action that belongs to its code. */
export function makeReminder<C extends CareCode>(
  code: C,
  day: string,
  params: CareParams[C],
): CareReminderOf<C> {
  return { code, day, action: CARE_ACTIONS[code], params };
}

/** The days D..D+lookahead with their calendar facts, computed once for many customers. */
export interface CareWindow {
  asOf: string;
  days: CalendarDay[];
}

/** What the care rules read about one customer. */
export interface CareInput {
  customer: CustomerProfile;
  bills: BillFact[];
}
