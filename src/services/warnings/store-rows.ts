/** Raw SQLite rows of the store, and their mapping onto the domain's plain facts. */
import type { BillFact, CustomerProfile, EventFact } from "../../domain/customer.js";

/** The Customer columns the rules read, as better-sqlite3 returns them (booleans are 0/1). */
export interface CustomerRow extends Omit<CustomerProfile, "lunarBirthday"> {
  lunarBirthday: number;
}

export const CUSTOMER_COLUMNS =
  "id, name, phone, managerId, segment, groupId, vipLevel, arpu, joinDate, contractEnd, birthday, lunarBirthday, sensitivity, personality, status, points";

export function toProfile(row: CustomerRow): CustomerProfile {
  return { ...row, lunarBirthday: row.lunarBirthday === 1 };
}

/**
 * The Customer columns the daily job judges by (signals, stage, do-not-chase, priority, groups):
 * reading names, phones and the care fields for every customer cost the job more than its rules.
 */
const JUDGED_KEYS = [
  "id",
  "managerId",
  "segment",
  "groupId",
  "vipLevel",
  "arpu",
  "joinDate",
  "contractEnd",
  "status",
] as const;
export const JUDGED_COLUMNS = JUDGED_KEYS.join(", ");

/** A profile from JUDGED_COLUMNS, the other fields blank: for judging only, never for display. */
export function judgedProfileOf(row: Pick<CustomerProfile, (typeof JUDGED_KEYS)[number]>): CustomerProfile {
  return {
    id: row.id,
    name: "",
    phone: "",
    managerId: row.managerId,
    segment: row.segment,
    groupId: row.groupId,
    vipLevel: row.vipLevel,
    arpu: row.arpu,
    joinDate: row.joinDate,
    contractEnd: row.contractEnd,
    birthday: null,
    lunarBirthday: false,
    sensitivity: null,
    personality: null,
    status: row.status,
    points: 0,
  };
}

/** The profile from a row that carries other columns too (only CUSTOMER_COLUMNS are copied). */
export function profileOf(row: CustomerRow): CustomerProfile {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    managerId: row.managerId,
    segment: row.segment,
    groupId: row.groupId,
    vipLevel: row.vipLevel,
    arpu: row.arpu,
    joinDate: row.joinDate,
    contractEnd: row.contractEnd,
    birthday: row.birthday,
    lunarBirthday: row.lunarBirthday === 1,
    sensitivity: row.sensitivity,
    personality: row.personality,
    status: row.status,
    points: row.points,
  };
}

export interface BillRow extends BillFact {
  customerId: string;
}

export interface EventRow extends EventFact {
  customerId: string;
}

/** Splits a list into chunks small enough for one `IN (…)` (SQLite allows 32,766 variables). */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** "?, ?, ?" for n values. */
export const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(", ");

/** Groups rows by customer id. */
export function byCustomer<T extends { customerId: string }>(rows: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.customerId);
    if (list) list.push(row);
    else map.set(row.customerId, [row]);
  }
  return map;
}

/**
 * `IN (…)` over any number of ids with one statement: the ids go in as one JSON array parameter
 * (write `customerId IN ${IDS_IN_JSON}` and pass JSON.stringify(ids)).
 */
export const IDS_IN_JSON = "(SELECT value FROM json_each(?))";
