-- CreateTable
CREATE TABLE "ControlGroup" (
    "teamId" TEXT NOT NULL PRIMARY KEY,
    "sharePercent" INTEGER NOT NULL DEFAULT 0,
    "salt" TEXT NOT NULL,
    "since" TEXT,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
