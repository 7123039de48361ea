-- AlterTable
ALTER TABLE "UsageAggregate" ADD COLUMN     "judgeOn" TEXT,
ADD COLUMN     "runId" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "UsageAggregateState" ADD COLUMN     "inputSeq" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "runId" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ChurnUsageWindow" (
    "customerId" TEXT NOT NULL,
    "recentDays" INTEGER NOT NULL,
    "baselineDays" INTEGER NOT NULL,
    "recentSpendFen" INTEGER NOT NULL,
    "baselineSpendFen" INTEGER NOT NULL,
    "recentCalls" INTEGER NOT NULL,
    "baselineCalls" INTEGER NOT NULL,
    "recentDataCenti" INTEGER NOT NULL,
    "baselineDataCenti" INTEGER NOT NULL,
    "zeroCallDays" INTEGER NOT NULL,
    "hotlineDays" INTEGER NOT NULL,
    "hotlineSeconds" INTEGER NOT NULL,
    "forwardedDays" INTEGER NOT NULL,

    CONSTRAINT "ChurnUsageWindow_pkey" PRIMARY KEY ("customerId")
);

-- CreateTable
CREATE TABLE "ChurnUsageWindowState" (
    "id" INTEGER NOT NULL,
    "asOf" TEXT NOT NULL,
    "usageRowid" INTEGER NOT NULL,
    "rowKey" TEXT NOT NULL,
    "changeSeq" INTEGER NOT NULL,

    CONSTRAINT "ChurnUsageWindowState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WarningInputChange" (
    "seq" SERIAL NOT NULL,
    "customerId" TEXT NOT NULL,

    CONSTRAINT "WarningInputChange_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "WarningJudgeSet" (
    "runId" INTEGER NOT NULL,
    "customerId" TEXT NOT NULL,

    CONSTRAINT "WarningJudgeSet_pkey" PRIMARY KEY ("runId","customerId")
);

-- CreateIndex
CREATE INDEX "UsageAggregate_judgeOn_idx" ON "UsageAggregate"("judgeOn");
