-- AlterTable
ALTER TABLE "AuditLog" ADD COLUMN "chatId" TEXT;
ALTER TABLE "AuditLog" ADD COLUMN "chatType" TEXT;

-- CreateTable
CREATE TABLE "Delivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "BindAttempt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "platformUserId" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Delivery_at_idx" ON "Delivery"("at");

-- CreateIndex
CREATE INDEX "BindAttempt_platform_platformUserId_at_idx" ON "BindAttempt"("platform", "platformUserId", "at");

-- CreateIndex
CREATE INDEX "BindAttempt_managerId_at_idx" ON "BindAttempt"("managerId", "at");

-- The audit log is append-only: no command may change or delete what it records
-- (src/store/audit-log.ts re-creates these triggers on open should a migration drop them).
CREATE TRIGGER IF NOT EXISTS "AuditLog_no_update" BEFORE UPDATE ON "AuditLog"
BEGIN SELECT RAISE(ABORT, 'AuditLog is append-only'); END;
CREATE TRIGGER IF NOT EXISTS "AuditLog_no_delete" BEFORE DELETE ON "AuditLog"
BEGIN SELECT RAISE(ABORT, 'AuditLog is append-only'); END;
