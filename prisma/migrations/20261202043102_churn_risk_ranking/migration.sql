-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_WarningRank" (
    "day" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "priority" REAL NOT NULL,
    "doNotChase" BOOLEAN NOT NULL,
    "rulesPriority" REAL NOT NULL DEFAULT 0,
    "churnProbability" REAL,
    "modelOnly" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("day", "customerId")
);
-- Ranks stored before the churn model were the rules' priority (added by hand).
INSERT INTO "new_WarningRank" ("customerId", "day", "doNotChase", "managerId", "priority", "rulesPriority") SELECT "customerId", "day", "doNotChase", "managerId", "priority", "priority" FROM "WarningRank";
DROP TABLE "WarningRank";
ALTER TABLE "new_WarningRank" RENAME TO "WarningRank";
CREATE INDEX "WarningRank_day_managerId_doNotChase_priority_customerId_idx" ON "WarningRank"("day", "managerId", "doNotChase", "priority" DESC, "customerId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
