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
import { type DateWindow, NUMBER_LIMITS, TEXT_LIMITS } from "./limits.js";
import { optional, type RowParser, required, rowSchema } from "./row-schema.js";
import {
  amountUpTo,
  countUpTo,
  dayWithin,
  isIsoDay,
  parseDay,
  parseDayForm,
  parseEnum,
  parseFlag,
  parseId,
  parseMonth,
  parsePhone,
  textUpTo,
} from "./values.js";

/**
 * One row parser per kind (see ./row-schema.ts), over the trimmed cells keyed by canonical column
 * name. Columns absent from the file stay `undefined` (left untouched on update); an empty cell of
 * an optional column takes the store's default (or null). Dates must lie in `window`.
 */
export function rowParsers(window: DateWindow) {
  const id = required(parseId);
  const inWindow = dayWithin(parseDay, window.earliest, window.latest);
  const day = required(inWindow);
  const optionalDay = optional(inWindow, null);
  const name = required(textUpTo(TEXT_LIMITS.name));
  const amount = (max: number) => optional(amountUpTo(max), 0);
  const count = (max: number) => optional(countUpTo(max), 0);
  const flag = optional(parseFlag, false);
  const N = NUMBER_LIMITS;

  const managers = rowSchema({
    manager_id: id,
    name,
    team_id: id,
    team_name: optional(textUpTo(TEXT_LIMITS.name), null),
    role: optional(parseEnum(MANAGER_ROLES, ROLE_ALIASES), "manager"),
    telegram_user_id: optional(parseId, null),
    slack_user_id: optional(parseId, null),
  });

  const customers = rowSchema(
    {
      customer_id: id,
      name,
      phone: required(parsePhone),
      manager_id: id,
      segment: optional(parseEnum(SEGMENTS, SEGMENT_ALIASES), "personal"),
      group_id: optional(parseId, null),
      vip_level: optional(parseEnum(VIP_LEVELS, VIP_LEVEL_ALIASES), "standard"),
      arpu: amount(N.arpu),
      join_date: required(dayWithin(parseDay, window.earliest, window.latest)),
      contract_end: optionalDay,
      // Whether the day exists depends on lunar_birthday: checked below.
      birthday: optional(dayWithin(parseDayForm, window.earliestBirthday, window.latestBirthday), null),
      lunar_birthday: flag,
      sensitivity: optional(parseEnum(SENSITIVITIES, SENSITIVITY_ALIASES), null),
      personality: optional(parseEnum(PERSONALITIES, PERSONALITY_ALIASES), null),
      status: optional(parseEnum(CUSTOMER_STATUSES, STATUS_ALIASES), "active"),
      // The day the customer left (离网): the churn model learns from it (issue 10).
      left_date: optionalDay,
      points: count(N.points),
    },
    (row) => {
      if (!row.birthday) return null;
      // A lunar month has 29 or 30 days, so a lunar birthday may be e.g. 02-30.
      const valid = row.lunar_birthday ? Number(row.birthday.slice(8)) <= 30 : isIsoDay(row.birthday);
      return valid ? null : ["birthday", "bad_date"];
    },
  );

  const usage = rowSchema({
    customer_id: id,
    date: day,
    calls: count(N.calls),
    call_minutes: amount(N.call_minutes),
    data_mb: amount(N.data_mb),
    spend: amount(N.spend),
    competitor_hotline_seconds: count(N.competitor_hotline_seconds),
    forwarded_to_competitor: flag,
  });

  const bills = rowSchema({
    customer_id: id,
    month: required(dayWithin(parseMonth, window.earliest.slice(0, 7), window.latest.slice(0, 7))),
    amount: required(amountUpTo(N.amount)),
    due_date: day,
    paid_date: optionalDay,
  });

  /** `note` is part of an event's key, so a file without the column still binds "". */
  const events = rowSchema(
    {
      customer_id: id,
      date: day,
      type: required(parseEnum(EVENT_TYPES, EVENT_TYPE_ALIASES)),
      note: optional(textUpTo(TEXT_LIMITS.note), ""),
    },
    undefined,
    (row) => ({ ...row, note: row.note ?? "" }),
  );

  return { managers, customers, usage, bills, events } satisfies Record<
    string,
    RowParser<Record<string, unknown>>
  >;
}
