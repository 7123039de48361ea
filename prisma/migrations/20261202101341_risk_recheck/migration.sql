-- CreateTable
CREATE TABLE "RiskRecheck" (
    "managerId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "until" TEXT NOT NULL,
    "lastDay" TEXT NOT NULL,

    PRIMARY KEY ("managerId", "customerId")
);

-- CreateIndex
CREATE INDEX "RiskRecheck_managerId_lastDay_idx" ON "RiskRecheck"("managerId", "lastDay");


-- Customers with outcomes, under their manager now; one who left matters up to the last day they
-- are ranked under that manager. Then ranked rows naming a manager their customer no longer has
-- (src/store/risk-recheck.ts).
CREATE TEMP TABLE "RankedUntil" AS
  SELECT "customerId", "managerId", MAX("day") AS "day" FROM "WarningRank" GROUP BY "customerId", "managerId";
CREATE INDEX temp."RankedUntil_key" ON "RankedUntil" ("customerId", "managerId");

INSERT INTO "RiskRecheck" ("managerId", "customerId", "until", "lastDay")
SELECT c."managerId", c."id", u.u,
  COALESCE(CASE WHEN c."status" = 'left' THEN min(date(u.u, '-1 day'), max(coalesce(k."day", ''), coalesce((SELECT MAX("day") FROM "WarningRun" WHERE "status" = 'running'), '')))
    ELSE date(u.u, '-1 day') END, '9999-12-31')
FROM (SELECT o."customerId", MAX(COALESCE(CASE WHEN o."kind" = 'lost' THEN '9999-12-31'
     WHEN o."kind" = 'snoozed' AND o."snoozeUntil" > date(o."day", '+1 day') THEN o."snoozeUntil"
     ELSE date(o."day", '+1 day') END, '9999-12-31')) AS u FROM "Outcome" o GROUP BY o."customerId") u
JOIN "Customer" c ON c."id" = u."customerId"
LEFT JOIN "RankedUntil" k ON k."customerId" = c."id" AND k."managerId" = c."managerId";

INSERT INTO "RiskRecheck" ("managerId", "customerId", "until", "lastDay")
SELECT k."managerId", k."customerId", '9999-12-31', max(k."day", coalesce((SELECT MAX("day") FROM "WarningRun" WHERE "status" = 'running'), '')) FROM "RankedUntil" k
LEFT JOIN "Customer" c ON c."id" = k."customerId"
WHERE c."id" IS NULL OR c."managerId" <> k."managerId";

DROP TABLE temp."RankedUntil";

-- Kept by triggers (re-created on open: src/store/risk-recheck.ts).
CREATE TRIGGER IF NOT EXISTS "Outcome_insert_recheck" AFTER INSERT ON "Outcome" BEGIN
  INSERT INTO "RiskRecheck" ("managerId", "customerId", "until", "lastDay")
  SELECT c."managerId", c."id", u, COALESCE(CASE WHEN c."status" = 'left' THEN min(date(u, '-1 day'), max(coalesce((SELECT MAX("day") FROM "WarningRank"), ''),
  coalesce((SELECT MAX("day") FROM "WarningRun" WHERE "status" = 'running'), '')))
    ELSE date(u, '-1 day') END, '9999-12-31')
  FROM "Customer" c, (SELECT COALESCE(CASE WHEN NEW."kind" = 'lost' THEN '9999-12-31'
     WHEN NEW."kind" = 'snoozed' AND NEW."snoozeUntil" > date(NEW."day", '+1 day') THEN NEW."snoozeUntil"
     ELSE date(NEW."day", '+1 day') END, '9999-12-31') AS u) WHERE c."id" = NEW."customerId"
  ON CONFLICT ("managerId", "customerId") DO UPDATE SET "until" = max("until", excluded."until"),
    "lastDay" = max("lastDay", excluded."lastDay");
END;

CREATE TRIGGER IF NOT EXISTS "Outcome_update_recheck" AFTER UPDATE ON "Outcome" BEGIN
  INSERT INTO "RiskRecheck" ("managerId", "customerId", "until", "lastDay")
  SELECT c."managerId", c."id", u, COALESCE(CASE WHEN c."status" = 'left' THEN min(date(u, '-1 day'), max(coalesce((SELECT MAX("day") FROM "WarningRank"), ''),
  coalesce((SELECT MAX("day") FROM "WarningRun" WHERE "status" = 'running'), '')))
    ELSE date(u, '-1 day') END, '9999-12-31')
  FROM "Customer" c, (SELECT COALESCE(CASE WHEN NEW."kind" = 'lost' THEN '9999-12-31'
     WHEN NEW."kind" = 'snoozed' AND NEW."snoozeUntil" > date(NEW."day", '+1 day') THEN NEW."snoozeUntil"
     ELSE date(NEW."day", '+1 day') END, '9999-12-31') AS u) WHERE c."id" = NEW."customerId"
  ON CONFLICT ("managerId", "customerId") DO UPDATE SET "until" = max("until", excluded."until"),
    "lastDay" = max("lastDay", excluded."lastDay");
END;

CREATE TRIGGER IF NOT EXISTS "Customer_moved_recheck" AFTER UPDATE OF "managerId" ON "Customer"
WHEN OLD."managerId" IS NOT NEW."managerId" BEGIN
  INSERT INTO "RiskRecheck" ("managerId", "customerId", "until", "lastDay")
  VALUES (OLD."managerId", OLD."id", '9999-12-31', max(coalesce((SELECT MAX("day") FROM "WarningRank"), ''),
  coalesce((SELECT MAX("day") FROM "WarningRun" WHERE "status" = 'running'), '')))
  ON CONFLICT ("managerId", "customerId") DO UPDATE SET "until" = '9999-12-31', "lastDay" = excluded."lastDay";
  INSERT INTO "RiskRecheck" ("managerId", "customerId", "until", "lastDay")
  SELECT NEW."managerId", NEW."id", u, COALESCE(CASE WHEN NEW."status" = 'left' THEN min(date(u, '-1 day'), max(coalesce((SELECT MAX("day") FROM "WarningRank"), ''),
  coalesce((SELECT MAX("day") FROM "WarningRun" WHERE "status" = 'running'), '')))
    ELSE date(u, '-1 day') END, '9999-12-31')
  FROM (SELECT MAX(COALESCE(CASE WHEN o."kind" = 'lost' THEN '9999-12-31'
     WHEN o."kind" = 'snoozed' AND o."snoozeUntil" > date(o."day", '+1 day') THEN o."snoozeUntil"
     ELSE date(o."day", '+1 day') END, '9999-12-31')) AS u FROM "Outcome" o WHERE o."customerId" = NEW."id") WHERE u IS NOT NULL
  ON CONFLICT ("managerId", "customerId") DO UPDATE SET "until" = max("until", excluded."until"),
    "lastDay" = max("lastDay", excluded."lastDay");
END;

CREATE TRIGGER IF NOT EXISTS "Customer_left_recheck" AFTER UPDATE OF "status" ON "Customer"
WHEN (OLD."status" = 'left') IS NOT (NEW."status" = 'left') BEGIN
  UPDATE "RiskRecheck" SET "lastDay" = COALESCE(CASE WHEN NEW."status" = 'left' THEN min(date("until", '-1 day'), max(coalesce((SELECT MAX("day") FROM "WarningRank"), ''),
  coalesce((SELECT MAX("day") FROM "WarningRun" WHERE "status" = 'running'), '')))
    ELSE date("until", '-1 day') END, '9999-12-31')
  WHERE "managerId" = NEW."managerId" AND "customerId" = NEW."id";
END;

CREATE TRIGGER IF NOT EXISTS "Customer_deleted_recheck" AFTER DELETE ON "Customer" BEGIN
  INSERT INTO "RiskRecheck" ("managerId", "customerId", "until", "lastDay")
  VALUES (OLD."managerId", OLD."id", '9999-12-31', max(coalesce((SELECT MAX("day") FROM "WarningRank"), ''),
  coalesce((SELECT MAX("day") FROM "WarningRun" WHERE "status" = 'running'), '')))
  ON CONFLICT ("managerId", "customerId") DO UPDATE SET "until" = '9999-12-31', "lastDay" = excluded."lastDay";
END;
