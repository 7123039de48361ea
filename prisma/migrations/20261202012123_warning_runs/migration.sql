-- CreateTable
CREATE TABLE "WarningRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "day" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" TEXT NOT NULL,
    "heartbeatAt" TEXT NOT NULL,
    "finishedAt" TEXT,
    "customers" INTEGER NOT NULL DEFAULT 0,
    "atRisk" INTEGER NOT NULL DEFAULT 0,
    "warnings" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "WarningStaging" (
    "runId" INTEGER NOT NULL,
    "customerId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "evidence" TEXT NOT NULL,
    "stage" TEXT,
    "doNotChase" TEXT,

    PRIMARY KEY ("runId", "customerId", "code")
);

-- CreateIndex
CREATE INDEX "WarningRun_day_status_idx" ON "WarningRun"("day", "status");
