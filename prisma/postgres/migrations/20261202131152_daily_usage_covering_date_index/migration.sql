-- DailyUsage's date index covers the columns read by day (the churn scoring's fold, the warnings
-- job), as on SQLite. The table is partitioned by month: the index on the parent is one index per
-- month partition (dropped and built with it), and future month partitions get it when created.
-- DropIndex
DROP INDEX "DailyUsage_date_idx";

-- CreateIndex
CREATE INDEX "DailyUsage_date_idx" ON "DailyUsage"("date", "customerId", "calls", "spend", "dataMb", "competitorHotlineSeconds", "forwardedToCompetitor");
