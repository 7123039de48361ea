-- CreateTable
CREATE TABLE "ButtonAction" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "action" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ButtonAction_createdAt_idx" ON "ButtonAction"("createdAt");
