import type { SqliteDatabase } from "./database.js";

/**
 * Inserted, updated and deleted customers (the columns the daily job judges by), bills and events
 * name their customer in `WarningInputChange`, so the incremental daily job judges those customers
 * again and carries everyone else's rows over (src/store/warning-carry-over.ts). The triggers come
 * with the migration and are re-created on every open (like the usage triggers).
 */
const JUDGED_CUSTOMER_COLUMNS = "segment, groupId, vipLevel, arpu, joinDate, contractEnd, status";

const change = (ref: "NEW" | "OLD") =>
  `INSERT INTO "WarningInputChange" ("customerId") VALUES (${ref}."customerId");`;

export const INPUT_CHANGE_TRIGGERS = [
  `CREATE TRIGGER IF NOT EXISTS "Customer_inserted_input" AFTER INSERT ON "Customer" BEGIN
     INSERT INTO "WarningInputChange" ("customerId") VALUES (NEW."id");
   END;`,
  `CREATE TRIGGER IF NOT EXISTS "Customer_updated_input" AFTER UPDATE OF ${JUDGED_CUSTOMER_COLUMNS} ON "Customer" BEGIN
     INSERT INTO "WarningInputChange" ("customerId") VALUES (NEW."id");
   END;`,
  `CREATE TRIGGER IF NOT EXISTS "Customer_deleted_input" AFTER DELETE ON "Customer" BEGIN
     INSERT INTO "WarningInputChange" ("customerId") VALUES (OLD."id");
   END;`,
  ...["Bill", "Event"].flatMap((table) => [
    `CREATE TRIGGER IF NOT EXISTS "${table}_inserted_input" AFTER INSERT ON "${table}" BEGIN ${change("NEW")} END;`,
    `CREATE TRIGGER IF NOT EXISTS "${table}_updated_input" AFTER UPDATE ON "${table}" BEGIN
       ${change("NEW")}
       INSERT INTO "WarningInputChange" ("customerId") SELECT OLD."customerId" WHERE OLD."customerId" != NEW."customerId";
     END;`,
    `CREATE TRIGGER IF NOT EXISTS "${table}_deleted_input" AFTER DELETE ON "${table}" BEGIN ${change("OLD")} END;`,
  ]),
];

const TRIGGER_NAMES = INPUT_CHANGE_TRIGGERS.map((t) => /"(\w+_input)"/.exec(t)![1]!);

export function trackInputChanges(sql: SqliteDatabase): void {
  const hasTable = sql
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'WarningInputChange'")
    .get();
  if (!hasTable) return;
  for (const trigger of INPUT_CHANGE_TRIGGERS) sql.exec(trigger);
}

/** Drops the input triggers (a wholesale delete would log one row per deleted row); re-create after. */
export function dropInputTracking(sql: SqliteDatabase): void {
  for (const name of TRIGGER_NAMES) sql.exec(`DROP TRIGGER IF EXISTS "${name}"`);
}
