-- DropIndex
DROP INDEX "DailyUsage_date_idx";

-- CreateIndex
CREATE INDEX "DailyUsage_date_idx" ON "DailyUsage"("date", "customerId", "calls", "spend", "dataMb", "competitorHotlineSeconds", "forwardedToCompetitor");
