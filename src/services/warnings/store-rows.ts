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
