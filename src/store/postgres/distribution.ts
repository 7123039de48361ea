/**
 * How the schema distributes over several database servers with Citus (docs/postgresql.md,
 * "Beyond one database server"). Every table is in exactly one list; a test fails when a model is
 * added to the schema without being placed here, and the after-suite check
 * (tests/after-suite/citus-queries.check.ts) reads these lists to judge every query PostgreSQL ran.
 */

/** Large tables, hash-distributed by customer and co-located: `Customer` by `id`, the rest by `customerId`. */
export const DISTRIBUTED_TABLES = [
  "Customer",
  "DailyUsage",
  "Bill",
  "Event",
  "Outcome",
  "Warning",
  "WarningRank",
  "WarningStaging",
  "RiskRecheck",
  "ChurnScore",
  "ChurnUsageWindow",
  "UsageAggregate",
  "UsageChange",
  "WarningInputChange",
  "WarningJudgeSet",
  "AuditLog",
] as const;

/** Small tables replicated to every node: joins with them never leave a shard. */
export const REFERENCE_TABLES = [
  "Team",
  "Manager",
  "ChatGroup",
  "BindCode",
  "ChurnModel",
  "WarningRun",
  "UsageAggregateState",
  "ChurnUsageWindowState",
  "BriefingLedger",
  "ControlGroup",
  "WarningRankCount",
] as const;

/** Operational tables kept on the coordinator, keyed by something other than a customer. */
export const LOCAL_TABLES = [
  "Delivery",
  "BindAttempt",
  "ButtonAction",
  "EmbeddingCache",
  "AnswerFeedback",
] as const;

/** The column a distributed table is distributed by. */
export const distributionColumn = (table: string): string => (table === "Customer" ? "id" : "customerId");
