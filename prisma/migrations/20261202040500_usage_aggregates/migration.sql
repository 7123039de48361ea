-- CreateTable
CREATE TABLE "UsageAggregate" (
    "customerId" TEXT NOT NULL PRIMARY KEY,
    "asOf" TEXT NOT NULL,
    "joinDate" TEXT NOT NULL,
    "recentSpendFen" INTEGER NOT NULL,
    "baselineSpendFen" INTEGER NOT NULL,
    "recentDataCenti" INTEGER NOT NULL,
    "baselineDataCenti" INTEGER NOT NULL,
    "lastCallDay" TEXT,
    "hotlineDays" TEXT,
    "forwardedDays" TEXT
);

-- CreateTable
CREATE TABLE "UsageAggregateState" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "asOf" TEXT NOT NULL,
    "usageRowid" INTEGER NOT NULL,
    "changeSeq" INTEGER NOT NULL,
    "rulesKey" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "UsageChange" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "customerId" TEXT NOT NULL
);

-- Updated and deleted usage rows name their customer (re-created on open: src/store/usage-changes.ts).
CREATE TRIGGER IF NOT EXISTS "DailyUsage_updated" AFTER UPDATE ON "DailyUsage" BEGIN
  INSERT INTO "UsageChange" ("customerId") VALUES (NEW."customerId");
  INSERT INTO "UsageChange" ("customerId") SELECT OLD."customerId" WHERE OLD."customerId" != NEW."customerId";
END;

CREATE TRIGGER IF NOT EXISTS "DailyUsage_deleted" AFTER DELETE ON "DailyUsage" BEGIN
  INSERT INTO "UsageChange" ("customerId") VALUES (OLD."customerId");
END;
