-- AlterTable
ALTER TABLE "Outcome" ADD COLUMN "method" TEXT;
ALTER TABLE "Outcome" ADD COLUMN "objectionId" TEXT;
ALTER TABLE "Outcome" ADD COLUMN "objectionKind" TEXT;
ALTER TABLE "Outcome" ADD COLUMN "signals" TEXT;
ALTER TABLE "Outcome" ADD COLUMN "stage" TEXT;
