-- DropIndex
DROP INDEX "Customer_managerId_idx";

-- DropIndex
DROP INDEX "Warning_customerId_idx";

-- AlterTable
ALTER TABLE "Warning" ADD COLUMN "doNotChase" TEXT;
ALTER TABLE "Warning" ADD COLUMN "stage" TEXT;

-- CreateIndex
CREATE INDEX "Customer_managerId_id_idx" ON "Customer"("managerId", "id");

-- CreateIndex
CREATE INDEX "Warning_customerId_day_code_idx" ON "Warning"("customerId", "day", "code");

