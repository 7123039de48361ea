-- DailyUsage is partitioned by month of "date" (YYYY-MM-DD text, so a month's rows are the range
-- ['YYYY-MM-01', next month's '-01')). Retention (USAGE_RETENTION_DAYS) then drops whole months
-- instead of deleting rows, and a month's scan reads one partition. Written by hand: Prisma's
-- schema language has no partitioning, and the columns, keys and indexes stay what the schema says.
-- Month partitions are created by src/store/postgres/usage-partitions.ts (setup, migrate-store,
-- imports); the DEFAULT partition catches a row of a month not created yet, so no insert fails, and
-- the next maintenance moves such rows into their month.
ALTER TABLE "DailyUsage" RENAME TO "DailyUsage_before_partitioning";
ALTER TABLE "DailyUsage_before_partitioning" DROP CONSTRAINT "DailyUsage_customerId_fkey";
ALTER TABLE "DailyUsage_before_partitioning" RENAME CONSTRAINT "DailyUsage_pkey" TO "DailyUsage_before_partitioning_pkey";
DROP INDEX "DailyUsage_date_idx";

CREATE TABLE "DailyUsage" (
    "customerId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "callMinutes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "dataMb" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "spend" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "competitorHotlineSeconds" INTEGER NOT NULL DEFAULT 0,
    "forwardedToCompetitor" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "DailyUsage_pkey" PRIMARY KEY ("customerId","date")
) PARTITION BY RANGE ("date");

CREATE TABLE "DailyUsage_default" PARTITION OF "DailyUsage" DEFAULT;
CREATE INDEX "DailyUsage_date_idx" ON "DailyUsage"("date");
ALTER TABLE "DailyUsage" ADD CONSTRAINT "DailyUsage_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A month partition for every month the table already holds, then the rows.
DO $$
DECLARE
  month date;
BEGIN
  FOR month IN SELECT DISTINCT to_date(left("date", 7) || '-01', 'YYYY-MM-DD')
               FROM "DailyUsage_before_partitioning"
               WHERE "date" ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' ORDER BY 1 LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "DailyUsage" FOR VALUES FROM (%L) TO (%L)',
                   'DailyUsage_' || to_char(month, 'YYYY_MM'),
                   to_char(month, 'YYYY-MM-DD'),
                   to_char(month + interval '1 month', 'YYYY-MM-DD'));
  END LOOP;
END $$;

INSERT INTO "DailyUsage" SELECT * FROM "DailyUsage_before_partitioning";
DROP TABLE "DailyUsage_before_partitioning";
