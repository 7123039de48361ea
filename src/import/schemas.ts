import type { z } from "zod";
import {
  CUSTOMER_STATUSES,
  EVENT_TYPES,
  MANAGER_ROLES,
  PERSONALITIES,
  SEGMENTS,
  SENSITIVITIES,
  VIP_LEVELS,
} from "../domain/customer.js";
import {
  EVENT_TYPE_ALIASES,
  PERSONALITY_ALIASES,
  ROLE_ALIASES,
  SEGMENT_ALIASES,
  SENSITIVITY_ALIASES,
  STATUS_ALIASES,
  VIP_LEVEL_ALIASES,
} from "./enum-aliases.js";
import { optional, required, rowSchema } from "./row-schema.js";
import {
  isIsoDay,
  parseAmount,
  parseCount,
  parseDay,
  parseDayForm,
  parseEnum,
  parseFlag,
  parseId,
  parseMonth,
  parsePhone,
  parseText,
} from "./values.js";

/**
 * One zod schema per kind (see ./row-schema.ts), over the trimmed cells keyed by canonical column
 * name. Columns absent from the file stay `undefined` (left untouched on update); an empty cell of
 * an optional column takes the store's default (or null).
 */

const id = required(parseId);
const day = required(parseDay);
const optionalDay = optional(parseDay, null);
const amount = optional(parseAmount, 0);
const count = optional(parseCount, 0);
const flag = optional(parseFlag, false);

export const ManagerRow = rowSchema({
  manager_id: id,
  name: required(parseText),
  team_id: id,
  team_name: optional(parseText, null),
  role: optional(parseEnum(MANAGER_ROLES, ROLE_ALIASES), "manager"),
  telegram_user_id: optional(parseId, null),
  slack_user_id: optional(parseId, null),
});
export type ManagerRow = z.infer<typeof ManagerRow>;

export const CustomerRow = rowSchema(
  {
    customer_id: id,
    name: required(parseText),
    phone: required(parsePhone),
    manager_id: id,
    segment: optional(parseEnum(SEGMENTS, SEGMENT_ALIASES), "personal"),
    group_id: optional(parseId, null),
    vip_level: optional(parseEnum(VIP_LEVELS, VIP_LEVEL_ALIASES), "standard"),
    arpu: amount,
    join_date: day,
    contract_end: optionalDay,
    // Whether the day exists depends on lunar_birthday: checked below.
    birthday: optional(parseDayForm, null),
    lunar_birthday: flag,
    sensitivity: optional(parseEnum(SENSITIVITIES, SENSITIVITY_ALIASES), null),
    personality: optional(parseEnum(PERSONALITIES, PERSONALITY_ALIASES), null),
    status: optional(parseEnum(CUSTOMER_STATUSES, STATUS_ALIASES), "active"),
    points: count,
  },
  (row) => {
    if (!row.birthday) return null;
    // A lunar month has 29 or 30 days, so a lunar birthday may be e.g. 02-30.
    const valid = row.lunar_birthday ? Number(row.birthday.slice(8)) <= 30 : isIsoDay(row.birthday);
    return valid ? null : ["birthday", "bad_date"];
  },
);
export type CustomerRow = z.infer<typeof CustomerRow>;

export const UsageRow = rowSchema({
  customer_id: id,
  date: day,
  calls: count,
  call_minutes: amount,
  data_mb: amount,
  spend: amount,
  competitor_hotline_seconds: count,
  forwarded_to_competitor: flag,
});
export type UsageRow = z.infer<typeof UsageRow>;

export const BillRow = rowSchema({
  customer_id: id,
  month: required(parseMonth),
  amount: required(parseAmount),
  due_date: day,
  paid_date: optionalDay,
});
export type BillRow = z.infer<typeof BillRow>;

/** `note` is part of an event's key, so a file without the column still binds "". */
export const EventRow = rowSchema({
  customer_id: id,
  date: day,
  type: required(parseEnum(EVENT_TYPES, EVENT_TYPE_ALIASES)),
  note: optional(parseText, ""),
}).transform((row) => ({ ...row, note: row.note ?? "" }));
export type EventRow = z.infer<typeof EventRow>;
