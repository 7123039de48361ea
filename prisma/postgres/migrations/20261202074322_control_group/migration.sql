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
