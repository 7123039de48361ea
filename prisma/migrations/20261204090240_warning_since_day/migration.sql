-- Warning.sinceDay: the first day of the run of consecutive days of the row's (customer, code)
-- that reaches the row's day (decision 029). It replaces the (customerId, day, code) index, which
-- every day's inserts kept in customer order at a cost that grew with the history kept.

-- DropIndex
DROP INDEX "Warning_customerId_day_code_idx";

-- AlterTable
ALTER TABLE "Warning" ADD COLUMN "sinceDay" TEXT;

-- Backfill (gaps and islands): along a run of consecutive days of one (customer, code), the day
-- less its rank in the (customer, code) is the same; the run's first day is its least day.
CREATE TABLE "_WarningSince" (
    "day" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "sinceDay" TEXT NOT NULL,
    PRIMARY KEY ("day", "customerId", "code")
) WITHOUT ROWID;
INSERT INTO "_WarningSince" ("day", "customerId", "code", "sinceDay")
SELECT "day", "customerId", "code", min("day") OVER (PARTITION BY "customerId", "code", "island")
FROM (SELECT "day", "customerId", "code",
        julianday("day") - row_number() OVER (PARTITION BY "customerId", "code" ORDER BY "day") AS "island"
      FROM "Warning");
UPDATE "Warning" SET "sinceDay" = (SELECT s."sinceDay" FROM "_WarningSince" s
  WHERE s."day" = "Warning"."day" AND s."customerId" = "Warning"."customerId" AND s."code" = "Warning"."code");
DROP TABLE "_WarningSince";
