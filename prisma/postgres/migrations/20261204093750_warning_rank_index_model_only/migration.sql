-- WarningRank's (day, manager, …) index ends with modelOnly: the control-group report reads a team's
-- ranked rows of a day, leaving out the churn model's own, from the index alone (decision 029).

-- DropIndex
DROP INDEX "WarningRank_day_managerId_doNotChase_priority_customerId_idx";

-- CreateIndex
CREATE INDEX "WarningRank_day_managerId_doNotChase_priority_customerId_mo_idx" ON "WarningRank"("day", "managerId", "doNotChase", "priority" DESC, "customerId", "modelOnly");
