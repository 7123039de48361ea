import type { SqliteDatabase } from "../../src/store/database.js";
import { rankCountsOfSqlite } from "./rank-counts.js";

/**
 * What a warnings run leaves for one day, in a fixed order: the warning rows, the ranked rows (and
 * their counts per manager, checked against the rows) and the rolling aggregates. Two runs that
 * should agree (incremental and full) compare these.
 */
export function warningDaySnapshot(sql: SqliteDatabase, day: string) {
  return {
    warnings: sql
      .prepare(
        "SELECT customerId, code, level, evidence, stage, doNotChase, sinceDay FROM Warning WHERE day = ? ORDER BY customerId, code",
      )
      .all(day),
    ranks: sql
      .prepare(
        "SELECT customerId, managerId, priority, doNotChase FROM WarningRank WHERE day = ? ORDER BY customerId",
      )
      .all(day),
    rankCounts: rankCountsOfSqlite(sql, day),
    aggregates: sql
      .prepare(
        `SELECT customerId, joinDate, recentSpendFen, baselineSpendFen, recentDataCenti, baselineDataCenti,
           lastCallDay, hotlineDays, forwardedDays, judgeOn FROM UsageAggregate ORDER BY customerId`,
      )
      .all(),
  };
}
