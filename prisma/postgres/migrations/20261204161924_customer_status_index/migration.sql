-- Customer's status indexed: the daily job counts the current customers (every customer less those
-- who left) from the smallest index and this one, instead of reading every customer's row.

-- CreateIndex
CREATE INDEX "Customer_status_idx" ON "Customer"("status");
