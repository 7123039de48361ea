/**
 * Customer profiles and the bills care reminders read, on the SQL handle (either store): a
 * manager's chat reads these (`/customer`, `/done`, `/care`, the briefing's care section).
 */
import type { BillFact, CustomerProfile } from "../domain/customer.js";
import { idList } from "./id-list.js";
import type { SqlHandle } from "./sql-handle.js";

/** The Customer columns the rules and replies read. */
const COLUMNS = [
  "id",
  "name",
  "phone",
  "managerId",
  "segment",
  "groupId",
  "vipLevel",
  "arpu",
  "joinDate",
  "contractEnd",
  "birthday",
  "lunarBirthday",
  "sensitivity",
  "personality",
  "status",
  "points",
]
  .map((c) => `"${c}"`)
  .join(", ");

/** A row as either store returns it: the flag is 0/1 on SQLite and a boolean on PostgreSQL. */
type ProfileRow = Omit<CustomerProfile, "lunarBirthday"> & { lunarBirthday: number | boolean };

const profileOf = (row: ProfileRow): CustomerProfile => ({
  ...row,
  arpu: Number(row.arpu),
  points: Number(row.points),
  lunarBirthday: row.lunarBirthday === true || row.lunarBirthday === 1,
});

/** Customers whose `column` is one of `values` (and, when `current`, who have not left), in id order. */
async function profilesWhereIn(
  db: SqlHandle,
  column: "managerId" | "id" | "groupId",
  values: readonly string[],
  current: boolean,
): Promise<CustomerProfile[]> {
  const rows = await db.all<ProfileRow>(
    `SELECT ${COLUMNS} FROM "Customer" WHERE "${column}" IN ${idList(db)}${current ? ` AND "status" != 'left'` : ""} ORDER BY "id"`,
    [JSON.stringify(values)],
  );
  return rows.map(profileOf);
}

/**
 * Up to `limit` current (not left) customers with ids after `after`, in id order: the daily job on
 * the SQL handle pages through the whole store so.
 */
export async function currentCustomersAfter(
  db: SqlHandle,
  after: string,
  limit: number,
  upTo: string | null = null,
): Promise<CustomerProfile[]> {
  const rows =
    upTo === null
      ? await db.all<ProfileRow>(
          `SELECT ${COLUMNS} FROM "Customer" WHERE "id" > ? AND "status" != 'left' ORDER BY "id" LIMIT ?`,
          [after, limit],
        )
      : await db.all<ProfileRow>(
          `SELECT ${COLUMNS} FROM "Customer" WHERE "id" > ? AND "id" <= ? AND "status" != 'left' ORDER BY "id" LIMIT ?`,
          [after, upTo, limit],
        );
  return rows.map(profileOf);
}

/**
 * The id that ends the first half of the customers (any status) by count, in id order; null when
 * there are none. The daily job on PostgreSQL reads the halves on two connections.
 */
export async function middleCustomerId(db: SqlHandle): Promise<string | null> {
  const row = await db.get<{ id: string }>(
    `SELECT "id" FROM "Customer" ORDER BY "id" OFFSET GREATEST((SELECT COUNT(*) FROM "Customer") / 2 - 1, 0) LIMIT 1`,
  );
  return row?.id ?? null;
}

/** The current (not left) customers of these managers, in id order. */
export const currentCustomersOf = (db: SqlHandle, managerIds: readonly string[]) =>
  profilesWhereIn(db, "managerId", managerIds, true);

/** Customers by id (any status), in id order. */
export const customersByIds = (db: SqlHandle, customerIds: readonly string[]) =>
  profilesWhereIn(db, "id", customerIds, false);

/** The current (not left) members of these group customers, in id order. */
export const currentMembersOf = (db: SqlHandle, groupIds: readonly string[]) =>
  profilesWhereIn(db, "groupId", groupIds, true);

/** How a lookup text is matched: the id (any case), the whole name, or part of the name. */
export type CustomerMatch = "id" | "name" | "name_part";

const MATCH: Record<CustomerMatch, Record<SqlHandle["dialect"], string>> = {
  id: { sqlite: `"id" = ? COLLATE NOCASE`, postgres: `lower("id") = lower(?)` },
  name: { sqlite: `"name" = ?`, postgres: `"name" = ?` },
  name_part: { sqlite: `instr("name", ?) > 0`, postgres: `strpos("name", ?) > 0` },
};

/** Up to `limit` customers of these managers (any status) the text matches, in id order. */
export async function matchingCustomers(
  db: SqlHandle,
  managerIds: readonly string[],
  match: CustomerMatch,
  text: string,
  limit: number,
): Promise<CustomerProfile[]> {
  const rows = await db.all<ProfileRow>(
    `SELECT ${COLUMNS} FROM "Customer" WHERE "managerId" IN ${idList(db)} AND ${MATCH[match][db.dialect]}
     ORDER BY "id" LIMIT ?`,
    [JSON.stringify(managerIds), text, limit],
  );
  return rows.map(profileOf);
}

export interface CustomerBill extends BillFact {
  customerId: string;
}

/**
 * The bills of these customers the care rules can use on `day`: those unpaid on the day, and
 * every bill of a customer who joined on or after `recentJoin` (who may still get a first bill).
 */
export async function billsForCare(
  db: SqlHandle,
  customerIds: readonly string[],
  day: string,
  recentJoin: string,
): Promise<CustomerBill[]> {
  const rows = await db.all<CustomerBill>(
    `SELECT b."customerId", b."month", b."amount", b."dueDate", b."paidDate"
     FROM "Bill" b JOIN "Customer" c ON c."id" = b."customerId"
     WHERE b."customerId" IN ${idList(db)} AND (b."paidDate" IS NULL OR b."paidDate" > ? OR c."joinDate" >= ?)
     ORDER BY b."customerId", b."month"`,
    [JSON.stringify(customerIds), day, recentJoin],
  );
  return rows.map((b) => ({ ...b, amount: Number(b.amount) }));
}
