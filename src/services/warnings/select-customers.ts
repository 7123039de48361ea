/** Which customers a computation covers, read with SQL (left customers are never at risk). */
import type { CustomerProfile } from "../../domain/customer.js";
import type { SqliteDatabase } from "../../store/database.js";
import { CUSTOMER_COLUMNS, type CustomerRow, chunks, placeholders, toProfile } from "./store-rows.js";

/** The current (not left) customers of these managers. */
export function customersOfManagers(sql: SqliteDatabase, managerIds: readonly string[]): CustomerProfile[] {
  return chunks(managerIds).flatMap((ids) =>
    (
      sql
        .prepare(
          `SELECT ${CUSTOMER_COLUMNS} FROM Customer WHERE managerId IN (${placeholders(ids.length)}) AND status != 'left' ORDER BY id`,
        )
        .all(...ids) as CustomerRow[]
    ).map(toProfile),
  );
}

/** Customers by id (any status), in id order. */
export function customersByIds(sql: SqliteDatabase, customerIds: readonly string[]): CustomerProfile[] {
  return chunks(customerIds).flatMap((ids) =>
    (
      sql
        .prepare(
          `SELECT ${CUSTOMER_COLUMNS} FROM Customer WHERE id IN (${placeholders(ids.length)}) ORDER BY id`,
        )
        .all(...ids) as CustomerRow[]
    ).map(toProfile),
  );
}

/** The current members of these group customers. */
export function membersOfGroups(sql: SqliteDatabase, groupIds: readonly string[]): CustomerProfile[] {
  return chunks(groupIds).flatMap((ids) =>
    (
      sql
        .prepare(
          `SELECT ${CUSTOMER_COLUMNS} FROM Customer WHERE groupId IN (${placeholders(ids.length)}) AND status != 'left' ORDER BY id`,
        )
        .all(...ids) as CustomerRow[]
    ).map(toProfile),
  );
}
