-- The daily warnings job on PostgreSQL keeps per-customer usage aggregates (UsageAggregate) and
-- moves them day to day by reading only the days entering and leaving the rule windows (decision
-- 022). What it cannot see that way is a row dated up to the day its aggregates stand at (or the
-- day a run is computing) that was written after they were counted: late rows, corrected rows,
-- deleted rows. These statement-level triggers name those customers in "UsageChange"; the next run
-- recomputes them from their rows. Written by hand: no schema change.
--
-- Every statement on "DailyUsage" takes a shared transaction-level advisory lock before it reads
-- the day; a run takes the same lock exclusively (and lets it go at once) after it has recorded
-- the day it computes and before its snapshot, so a writer either committed before the snapshot
-- (its rows are in it) or read the run's day (its rows dated up to it are named here). Rows dated
-- after that day (a normal day's import) cost the lock and a filter over the statement's rows.

-- The last day whose rows a later write must name: the aggregates' day kept by this job (a state
-- copied from SQLite, usageRowid <> -1, is rebuilt anyway) or a day a run is computing; '' for none.
CREATE FUNCTION retainbot_usage_fold_day() RETURNS text AS $$
  SELECT GREATEST(
    COALESCE((SELECT "asOf" FROM "UsageAggregateState" WHERE "id" = 1 AND "usageRowid" = -1), ''),
    COALESCE((SELECT MAX("day") FROM "WarningRun" WHERE "status" = 'running'), ''));
$$ LANGUAGE sql STABLE;

-- The customers of `changed` rows dated up to the fold day, after the shared lock.
CREATE FUNCTION retainbot_usage_inserted() RETURNS trigger AS $$
DECLARE upto text;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('retainbot:usage-fold'));
  upto := retainbot_usage_fold_day();
  IF upto <> '' THEN
    INSERT INTO "UsageChange" ("customerId")
    SELECT DISTINCT "customerId" FROM usage_new WHERE "date" COLLATE "C" <= upto;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION retainbot_usage_updated() RETURNS trigger AS $$
DECLARE upto text;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('retainbot:usage-fold'));
  upto := retainbot_usage_fold_day();
  IF upto <> '' THEN
    INSERT INTO "UsageChange" ("customerId")
    SELECT "customerId" FROM usage_old WHERE "date" COLLATE "C" <= upto
    UNION SELECT "customerId" FROM usage_new WHERE "date" COLLATE "C" <= upto;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION retainbot_usage_deleted() RETURNS trigger AS $$
DECLARE upto text;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('retainbot:usage-fold'));
  upto := retainbot_usage_fold_day();
  IF upto <> '' THEN
    INSERT INTO "UsageChange" ("customerId")
    SELECT DISTINCT "customerId" FROM usage_old WHERE "date" COLLATE "C" <= upto;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Emptied wholesale: the aggregates no longer match any rows; the next run rebuilds them.
CREATE FUNCTION retainbot_usage_truncated() RETURNS trigger AS $$
BEGIN
  DELETE FROM "UsageAggregateState";
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "DailyUsage_inserted" AFTER INSERT ON "DailyUsage"
  REFERENCING NEW TABLE AS usage_new FOR EACH STATEMENT EXECUTE FUNCTION retainbot_usage_inserted();
CREATE TRIGGER "DailyUsage_updated" AFTER UPDATE ON "DailyUsage"
  REFERENCING OLD TABLE AS usage_old NEW TABLE AS usage_new FOR EACH STATEMENT EXECUTE FUNCTION retainbot_usage_updated();
CREATE TRIGGER "DailyUsage_deleted" AFTER DELETE ON "DailyUsage"
  REFERENCING OLD TABLE AS usage_old FOR EACH STATEMENT EXECUTE FUNCTION retainbot_usage_deleted();
CREATE TRIGGER "DailyUsage_truncated" AFTER TRUNCATE ON "DailyUsage"
  FOR EACH STATEMENT EXECUTE FUNCTION retainbot_usage_truncated();

-- Every aggregate row is rewritten each day: room on its page for the new version keeps the
-- update in the page (HOT: no index entry written), the old one pruned by a later day.
ALTER TABLE "UsageAggregate" SET (fillfactor = 50);
