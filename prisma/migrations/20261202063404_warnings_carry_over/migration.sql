-- CreateTable
CREATE TABLE "WarningInputChange" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "customerId" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "WarningJudgeSet" (
    "runId" INTEGER NOT NULL,
    "customerId" TEXT NOT NULL,

    PRIMARY KEY ("runId", "customerId")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_UsageAggregate" (
    "customerId" TEXT NOT NULL PRIMARY KEY,
    "asOf" TEXT NOT NULL,
    "joinDate" TEXT NOT NULL,
    "recentSpendFen" INTEGER NOT NULL,
    "baselineSpendFen" INTEGER NOT NULL,
    "recentDataCenti" INTEGER NOT NULL,
    "baselineDataCenti" INTEGER NOT NULL,
    "lastCallDay" TEXT,
    "hotlineDays" TEXT,
    "forwardedDays" TEXT,
    "judgeOn" TEXT,
    "runId" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_UsageAggregate" ("asOf", "baselineDataCenti", "baselineSpendFen", "customerId", "forwardedDays", "hotlineDays", "joinDate", "lastCallDay", "recentDataCenti", "recentSpendFen") SELECT "asOf", "baselineDataCenti", "baselineSpendFen", "customerId", "forwardedDays", "hotlineDays", "joinDate", "lastCallDay", "recentDataCenti", "recentSpendFen" FROM "UsageAggregate";
DROP TABLE "UsageAggregate";
ALTER TABLE "new_UsageAggregate" RENAME TO "UsageAggregate";
CREATE INDEX "UsageAggregate_judgeOn_idx" ON "UsageAggregate"("judgeOn");
CREATE TABLE "new_UsageAggregateState" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "asOf" TEXT NOT NULL,
    "usageRowid" INTEGER NOT NULL,
    "changeSeq" INTEGER NOT NULL,
    "rulesKey" TEXT NOT NULL,
    "inputSeq" INTEGER NOT NULL DEFAULT 0,
    "runId" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_UsageAggregateState" ("asOf", "changeSeq", "id", "rulesKey", "usageRowid") SELECT "asOf", "changeSeq", "id", "rulesKey", "usageRowid" FROM "UsageAggregateState";
DROP TABLE "UsageAggregateState";
ALTER TABLE "new_UsageAggregateState" RENAME TO "UsageAggregateState";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Changed customers, bills and events name their customer (re-created on open: src/store/input-changes.ts).
CREATE TRIGGER IF NOT EXISTS "Customer_inserted_input" AFTER INSERT ON "Customer" BEGIN
  INSERT INTO "WarningInputChange" ("customerId") VALUES (NEW."id");
   END;

CREATE TRIGGER IF NOT EXISTS "Customer_updated_input" AFTER UPDATE OF segment, groupId, vipLevel, arpu, joinDate, contractEnd, status ON "Customer" BEGIN
  INSERT INTO "WarningInputChange" ("customerId") VALUES (NEW."id");
   END;

CREATE TRIGGER IF NOT EXISTS "Customer_deleted_input" AFTER DELETE ON "Customer" BEGIN
  INSERT INTO "WarningInputChange" ("customerId") VALUES (OLD."id");
   END;

CREATE TRIGGER IF NOT EXISTS "Bill_inserted_input" AFTER INSERT ON "Bill" BEGIN INSERT INTO "WarningInputChange" ("customerId") VALUES (NEW."customerId"); END;

CREATE TRIGGER IF NOT EXISTS "Bill_updated_input" AFTER UPDATE ON "Bill" BEGIN
  INSERT INTO "WarningInputChange" ("customerId") VALUES (NEW."customerId");
  INSERT INTO "WarningInputChange" ("customerId") SELECT OLD."customerId" WHERE OLD."customerId" != NEW."customerId";
  END;

CREATE TRIGGER IF NOT EXISTS "Bill_deleted_input" AFTER DELETE ON "Bill" BEGIN INSERT INTO "WarningInputChange" ("customerId") VALUES (OLD."customerId"); END;

CREATE TRIGGER IF NOT EXISTS "Event_inserted_input" AFTER INSERT ON "Event" BEGIN INSERT INTO "WarningInputChange" ("customerId") VALUES (NEW."customerId"); END;

CREATE TRIGGER IF NOT EXISTS "Event_updated_input" AFTER UPDATE ON "Event" BEGIN
  INSERT INTO "WarningInputChange" ("customerId") VALUES (NEW."customerId");
  INSERT INTO "WarningInputChange" ("customerId") SELECT OLD."customerId" WHERE OLD."customerId" != NEW."customerId";
  END;

CREATE TRIGGER IF NOT EXISTS "Event_deleted_input" AFTER DELETE ON "Event" BEGIN INSERT INTO "WarningInputChange" ("customerId") VALUES (OLD."customerId"); END;
