-- CreateTable
CREATE TABLE "RiskRecheck" (
    "managerId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "until" TEXT NOT NULL,
    "lastDay" TEXT NOT NULL,

    CONSTRAINT "RiskRecheck_pkey" PRIMARY KEY ("managerId","customerId")
);

-- CreateIndex
CREATE INDEX "RiskRecheck_managerId_lastDay_idx" ON "RiskRecheck"("managerId", "lastDay");
