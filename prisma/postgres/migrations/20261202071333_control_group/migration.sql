-- AlterTable
ALTER TABLE "UsageAggregate" ADD COLUMN     "judgeOn" TEXT,
ADD COLUMN     "runId" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "UsageAggregateState" ADD COLUMN     "inputSeq" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "runId" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ControlGroup" (
    "teamId" TEXT NOT NULL,
    "sharePercent" INTEGER NOT NULL DEFAULT 0,
    "salt" TEXT NOT NULL,
    "since" TEXT,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ControlGroup_pkey" PRIMARY KEY ("teamId")
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
