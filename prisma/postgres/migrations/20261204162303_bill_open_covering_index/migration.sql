-- Bill's (paidDate, dueDate) index also holds customerId, month and amount: the daily job reads the
-- open bills from the index alone instead of one bill row (one random page read) each.

-- DropIndex
DROP INDEX "Bill_paidDate_dueDate_idx";

-- CreateIndex
CREATE INDEX "Bill_paidDate_dueDate_customerId_month_amount_idx" ON "Bill"("paidDate", "dueDate", "customerId", "month", "amount");
