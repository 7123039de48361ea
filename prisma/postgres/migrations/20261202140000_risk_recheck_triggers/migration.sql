-- RiskRecheck kept by triggers, as on SQLite (src/store/risk-recheck.ts; decision 014): every
-- writer (Prisma, raw SQL, the demo, another instance) keeps it, so /risk counts a manager's
-- ranked rows by the index alone and looks only at the customers named here. Written by hand:
-- no schema change. Days are ISO text; a day that cannot be read counts as never (looked at
-- every time rather than missed), as SQLite's date() returning NULL does there.

-- `day` moved by `n` days, or NULL when `day` is not a readable day.
CREATE FUNCTION retainbot_day_plus(day text, n integer) RETURNS text AS $$
BEGIN
  RETURN to_char(to_date(day, 'YYYY-MM-DD') + n, 'YYYY-MM-DD');
EXCEPTION WHEN others THEN
  RETURN NULL;
END;
$$ LANGUAGE plpgsql IMMUTABLE;

-- The latest day ranked or being ranked now: no later list can hold a customer who left before.
CREATE FUNCTION retainbot_rank_horizon() RETURNS text AS $$
  SELECT GREATEST(COALESCE((SELECT MAX("day") FROM "WarningRank"), ''),
    COALESCE((SELECT MAX("day") FROM "WarningRun" WHERE "status" = 'running'), ''));
$$ LANGUAGE sql STABLE;

-- The first day on which an outcome can no longer take its customer off the list.
CREATE FUNCTION retainbot_recheck_until(kind text, day text, snooze_until text) RETURNS text AS $$
  SELECT COALESCE(CASE WHEN kind = 'lost' THEN '9999-12-31'
    WHEN kind = 'snoozed' AND snooze_until > retainbot_day_plus(day, 1) THEN snooze_until
    ELSE retainbot_day_plus(day, 1) END, '9999-12-31');
$$ LANGUAGE sql STABLE;

-- The last list day a row lasting until `until` matters for, given the customer's status now.
CREATE FUNCTION retainbot_recheck_last_day(until text, status text) RETURNS text AS $$
  SELECT COALESCE(CASE WHEN status = 'left' THEN
      CASE WHEN retainbot_day_plus(until, -1) IS NULL THEN NULL
        ELSE LEAST(retainbot_day_plus(until, -1), retainbot_rank_horizon()) END
    ELSE retainbot_day_plus(until, -1) END, '9999-12-31');
$$ LANGUAGE sql STABLE;

-- A row for (manager, customer), widened if one is there already.
CREATE FUNCTION retainbot_recheck_widen(manager_id text, customer_id text, until text, status text) RETURNS void AS $$
  INSERT INTO "RiskRecheck" ("managerId", "customerId", "until", "lastDay")
  VALUES (manager_id, customer_id, until, retainbot_recheck_last_day(until, status))
  ON CONFLICT ("managerId", "customerId") DO UPDATE SET
    "until" = GREATEST("RiskRecheck"."until", EXCLUDED."until"),
    "lastDay" = GREATEST("RiskRecheck"."lastDay", EXCLUDED."lastDay");
$$ LANGUAGE sql;

-- Taken from the manager: every list day already ranked (or being ranked) may name them.
CREATE FUNCTION retainbot_recheck_taken(manager_id text, customer_id text) RETURNS void AS $$
  INSERT INTO "RiskRecheck" ("managerId", "customerId", "until", "lastDay")
  VALUES (manager_id, customer_id, '9999-12-31', retainbot_rank_horizon())
  ON CONFLICT ("managerId", "customerId") DO UPDATE SET "until" = '9999-12-31', "lastDay" = EXCLUDED."lastDay";
$$ LANGUAGE sql;

-- `migrate-store` copies RiskRecheck itself, in the same transaction (SET LOCAL retainbot.copying).
CREATE FUNCTION retainbot_outcome_recheck() RETURNS trigger AS $$
DECLARE
  c record;
BEGIN
  IF current_setting('retainbot.copying', true) = 'on' THEN RETURN NULL; END IF;
  SELECT "managerId", "status" INTO c FROM "Customer" WHERE "id" = NEW."customerId";
  IF FOUND THEN
    PERFORM retainbot_recheck_widen(c."managerId", NEW."customerId",
      retainbot_recheck_until(NEW."kind", NEW."day", NEW."snoozeUntil"), c."status");
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION retainbot_customer_moved_recheck() RETURNS trigger AS $$
DECLARE
  u text;
BEGIN
  PERFORM retainbot_recheck_taken(OLD."managerId", OLD."id");
  SELECT MAX(retainbot_recheck_until(o."kind", o."day", o."snoozeUntil")) INTO u
    FROM "Outcome" o WHERE o."customerId" = NEW."id";
  IF u IS NOT NULL THEN
    PERFORM retainbot_recheck_widen(NEW."managerId", NEW."id", u, NEW."status");
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION retainbot_customer_left_recheck() RETURNS trigger AS $$
BEGIN
  UPDATE "RiskRecheck" SET "lastDay" = retainbot_recheck_last_day("until", NEW."status")
  WHERE "managerId" = NEW."managerId" AND "customerId" = NEW."id";
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION retainbot_customer_deleted_recheck() RETURNS trigger AS $$
BEGIN
  PERFORM retainbot_recheck_taken(OLD."managerId", OLD."id");
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Rows for what is already stored (a store copied across before this migration): customers with
-- outcomes under their manager now, then ranked rows naming a manager their customer no longer has.
INSERT INTO "RiskRecheck" ("managerId", "customerId", "until", "lastDay")
SELECT c."managerId", c."id", u.u,
  COALESCE(CASE WHEN c."status" = 'left' THEN
      CASE WHEN retainbot_day_plus(u.u, -1) IS NULL THEN NULL
        ELSE LEAST(retainbot_day_plus(u.u, -1), GREATEST(COALESCE(k."day", ''),
          COALESCE((SELECT MAX("day") FROM "WarningRun" WHERE "status" = 'running'), ''))) END
    ELSE retainbot_day_plus(u.u, -1) END, '9999-12-31')
FROM (SELECT o."customerId", MAX(retainbot_recheck_until(o."kind", o."day", o."snoozeUntil")) AS u
      FROM "Outcome" o GROUP BY o."customerId") u
JOIN "Customer" c ON c."id" = u."customerId"
LEFT JOIN (SELECT "customerId", "managerId", MAX("day") AS "day" FROM "WarningRank" GROUP BY "customerId", "managerId") k
  ON k."customerId" = c."id" AND k."managerId" = c."managerId"
ON CONFLICT ("managerId", "customerId") DO NOTHING;

INSERT INTO "RiskRecheck" ("managerId", "customerId", "until", "lastDay")
SELECT k."managerId", k."customerId", '9999-12-31',
  GREATEST(k."day", COALESCE((SELECT MAX("day") FROM "WarningRun" WHERE "status" = 'running'), ''))
FROM (SELECT "customerId", "managerId", MAX("day") AS "day" FROM "WarningRank" GROUP BY "customerId", "managerId") k
LEFT JOIN "Customer" c ON c."id" = k."customerId"
WHERE c."id" IS NULL OR c."managerId" <> k."managerId"
ON CONFLICT ("managerId", "customerId") DO NOTHING;

CREATE TRIGGER "Outcome_recheck" AFTER INSERT OR UPDATE ON "Outcome"
  FOR EACH ROW EXECUTE FUNCTION retainbot_outcome_recheck();
CREATE TRIGGER "Customer_moved_recheck" AFTER UPDATE OF "managerId" ON "Customer"
  FOR EACH ROW WHEN (OLD."managerId" IS DISTINCT FROM NEW."managerId")
  EXECUTE FUNCTION retainbot_customer_moved_recheck();
CREATE TRIGGER "Customer_left_recheck" AFTER UPDATE OF "status" ON "Customer"
  FOR EACH ROW WHEN ((OLD."status" = 'left') IS DISTINCT FROM (NEW."status" = 'left'))
  EXECUTE FUNCTION retainbot_customer_left_recheck();
CREATE TRIGGER "Customer_deleted_recheck" AFTER DELETE ON "Customer"
  FOR EACH ROW EXECUTE FUNCTION retainbot_customer_deleted_recheck();
