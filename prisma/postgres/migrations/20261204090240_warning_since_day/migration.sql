-- Warning.sinceDay: the first day of the run of consecutive days of the row's (customer, code)
-- that reaches the row's day (decision 029). It replaces the (customerId, day, code) index, which
-- every day's inserts kept in customer order at a cost that grew with the history kept.

-- DropIndex (first: the backfill's UPDATE writes every row, and would add each to this index too)
DROP INDEX "Warning_customerId_day_code_idx";

-- AlterTable
ALTER TABLE "Warning" ADD COLUMN     "sinceDay" TEXT;

-- Backfill (gaps and islands): along a run of consecutive days of one (customer, code), the day
-- less its rank in the (customer, code) is the same; the run's first day is its least day. Memory
-- for the window's sort, in this migration's transaction only (9.6M rows on the test cluster:
-- 475 s with the default and the index still there, 174 s so).
SET LOCAL work_mem = '256MB';
UPDATE "Warning" w SET "sinceDay" = s."sinceDay"
FROM (SELECT "day", "customerId", "code", min("day") OVER (PARTITION BY "customerId", "code", "island") AS "sinceDay"
      FROM (SELECT "day", "customerId", "code",
              CAST("day" AS date) - CAST(row_number() OVER (PARTITION BY "customerId", "code" ORDER BY "day") AS integer) AS "island"
            FROM "Warning") r) s
WHERE w."day" = s."day" AND w."customerId" = s."customerId" AND w."code" = s."code";
