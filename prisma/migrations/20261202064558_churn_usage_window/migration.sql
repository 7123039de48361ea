-- CreateTable
CREATE TABLE "ChurnUsageWindow" (
    "customerId" TEXT NOT NULL PRIMARY KEY,
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
    "forwardedDays" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "ChurnUsageWindowState" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "asOf" TEXT NOT NULL,
    "usageRowid" INTEGER NOT NULL,
    "rowKey" TEXT NOT NULL,
    "changeSeq" INTEGER NOT NULL
);
