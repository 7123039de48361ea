-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "leftDate" TEXT;

-- CreateTable
CREATE TABLE "ChurnModel" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" TEXT NOT NULL,
    "trainedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dataFrom" TEXT NOT NULL,
    "dataTo" TEXT NOT NULL,
    "holdoutDay" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "leavers" INTEGER NOT NULL,
    "metrics" TEXT NOT NULL,
    "model" TEXT,
    "note" TEXT NOT NULL DEFAULT ''
);

-- CreateTable
CREATE TABLE "ChurnScore" (
    "day" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "probability" REAL NOT NULL,
    "reasons" TEXT NOT NULL,
    "modelVersion" TEXT NOT NULL,

    PRIMARY KEY ("day", "customerId"),
    CONSTRAINT "ChurnScore_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ChurnModel_version_key" ON "ChurnModel"("version");

-- CreateIndex
CREATE INDEX "ChurnScore_day_probability_idx" ON "ChurnScore"("day", "probability");
