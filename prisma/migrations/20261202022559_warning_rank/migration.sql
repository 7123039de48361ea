-- CreateTable
CREATE TABLE "WarningRank" (
    "day" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "priority" REAL NOT NULL,
    "doNotChase" BOOLEAN NOT NULL,

    PRIMARY KEY ("day", "customerId")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_WarningStaging" (
    "runId" INTEGER NOT NULL,
    "customerId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "evidence" TEXT NOT NULL,
    "stage" TEXT,
    "doNotChase" TEXT,
    "priority" REAL NOT NULL DEFAULT 0,

    PRIMARY KEY ("runId", "customerId", "code")
);
INSERT INTO "new_WarningStaging" ("code", "customerId", "doNotChase", "evidence", "level", "runId", "stage") SELECT "code", "customerId", "doNotChase", "evidence", "level", "runId", "stage" FROM "WarningStaging";
DROP TABLE "WarningStaging";
ALTER TABLE "new_WarningStaging" RENAME TO "WarningStaging";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "WarningRank_day_managerId_doNotChase_priority_customerId_idx" ON "WarningRank"("day", "managerId", "doNotChase", "priority" DESC, "customerId");
