import type { SqliteDatabase } from "./database.js";

/**
 * Inserted, updated and deleted customers (the columns the daily job judges by, and the manager),
 * bills and events name their customer in `WarningInputChange`, so the incremental daily job judges
 * those customers again and carries everyone else's rows over (src/store/warning-carry-over.ts). A
 * customer joining or leaving a group (inserted, deleted, its group or status changed) also names
 * the group customer: its members' count moves (group_bulk_anomaly). The triggers come with the
 * migration and are re-created on every open (like the usage triggers).
 */
const JUDGED_CUSTOMER_COLUMNS = "segment, groupId, vipLevel, arpu, joinDate, contractEnd, status";

/**
 * A customer handed to another manager is named too: the day's ranked row carries the manager, and
 * a carried customer's ranked row is P's as it was (src/store/warning-carry-over.ts), so it must not
 * be carried — rather than every carried row looking its manager up again (0.2 s a day at 1M).
 */
const MOVED_TRIGGER = "Customer_moved_input";

/** The group customer of a member inserted or deleted (`ref`), when it has one. */
const groupOf = (ref: "NEW" | "OLD") =>
  `INSERT INTO "WarningInputChange" ("customerId") SELECT ${ref}."groupId" WHERE ${ref}."groupId" IS NOT NULL;`;

/**
 * The triggers that name a group customer when its members change (decision 025): the incremental
 * job judges a group customer only then, or when a judged member's level-1 signals come or go.
 */
export const GROUP_CHANGE_TRIGGERS = [
  `CREATE TRIGGER IF NOT EXISTS "Customer_inserted_group_input" AFTER INSERT ON "Customer" BEGIN ${groupOf("NEW")} END;`,
  `CREATE TRIGGER IF NOT EXISTS "Customer_updated_group_input" AFTER UPDATE OF groupId, status ON "Customer"
   WHEN OLD."groupId" IS NOT NEW."groupId" OR OLD."status" IS NOT NEW."status" BEGIN
     ${groupOf("OLD")}
     INSERT INTO "WarningInputChange" ("customerId") SELECT NEW."groupId"
       WHERE NEW."groupId" IS NOT NULL AND NEW."groupId" IS NOT OLD."groupId";
   END;`,
  `CREATE TRIGGER IF NOT EXISTS "Customer_deleted_group_input" AFTER DELETE ON "Customer" BEGIN ${groupOf("OLD")} END;`,
];

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
  `CREATE TRIGGER IF NOT EXISTS "${MOVED_TRIGGER}" AFTER UPDATE OF managerId ON "Customer"
   WHEN OLD."managerId" IS NOT NEW."managerId" BEGIN
     INSERT INTO "WarningInputChange" ("customerId") VALUES (NEW."id");
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

const TRIGGER_NAMES = [...INPUT_CHANGE_TRIGGERS, ...GROUP_CHANGE_TRIGGERS].map(
  (t) => /"(\w+_input)"/.exec(t)![1]!,
);

export function trackInputChanges(sql: SqliteDatabase): void {
  const hasTable = sql
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'WarningInputChange'")
    .get();
  if (!hasTable) return;
  const hasTrigger = (name: string) =>
    sql.prepare("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(name) !== undefined;
  const movesTracked = hasTrigger(MOVED_TRIGGER);
  for (const trigger of INPUT_CHANGE_TRIGGERS) sql.exec(trigger);
  // Customers handed over before the trigger existed went unnamed: those whose ranked row on the
  // aggregates' day (the next run's P) names another manager are named once.
  if (!movesTracked)
    sql.exec(
      `INSERT INTO "WarningInputChange" ("customerId")
       SELECT r."customerId" FROM "UsageAggregateState" s CROSS JOIN "WarningRank" r ON r."day" = s."asOf"
         JOIN "Customer" c ON c."id" = r."customerId"
       WHERE r."modelOnly" = 0 AND r."managerId" IS NOT c."managerId"`,
    );
  if (hasTrigger("Customer_updated_group_input")) return;
  // Membership changes made before these triggers existed went unnamed: every group customer is
  // named once, so the next incremental run judges them all.
  sql.transaction(() => {
    for (const trigger of GROUP_CHANGE_TRIGGERS) sql.exec(trigger);
    sql.exec(
      `INSERT INTO "WarningInputChange" ("customerId") SELECT DISTINCT "groupId" FROM "Customer" WHERE "groupId" IS NOT NULL`,
    );
  })();
}

/** Drops the input triggers (a wholesale delete would log one row per deleted row); re-create after. */
export function dropInputTracking(sql: SqliteDatabase): void {
  for (const name of TRIGGER_NAMES) sql.exec(`DROP TRIGGER IF EXISTS "${name}"`);
}
