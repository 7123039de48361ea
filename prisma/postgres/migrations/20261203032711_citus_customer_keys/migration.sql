-- AlterTable
ALTER TABLE "Event" DROP CONSTRAINT "Event_pkey",
ADD CONSTRAINT "Event_pkey" PRIMARY KEY ("customerId", "id");

-- AlterTable
ALTER TABLE "Outcome" DROP CONSTRAINT "Outcome_pkey",
ADD CONSTRAINT "Outcome_pkey" PRIMARY KEY ("customerId", "id");

-- AlterTable
ALTER TABLE "AuditLog" DROP CONSTRAINT "AuditLog_pkey",
ADD CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("customerId", "id");

-- AlterTable
ALTER TABLE "UsageChange" DROP CONSTRAINT "UsageChange_pkey",
ADD CONSTRAINT "UsageChange_pkey" PRIMARY KEY ("customerId", "seq");

-- AlterTable
ALTER TABLE "WarningInputChange" DROP CONSTRAINT "WarningInputChange_pkey",
ADD CONSTRAINT "WarningInputChange_pkey" PRIMARY KEY ("customerId", "seq");
