import type { SqliteDatabase } from "../../src/store/database.js";

/**
 * Current personal customers outside any group (neither a member nor a group's account), with no
 * forwarding or hotline day, a call since `calledSince`, no warning on `day` and, when given, joined
 * before `joinedBefore`: the customers an incremental day may move in SQL, for tests that plant
 * one change on each.
 */
export function quietCustomers(
  sql: SqliteDatabase,
  day: string,
  calledSince: string,
  joinedBefore?: string,
): string[] {
  return sql
    .prepare(
      `SELECT c.id FROM Customer c JOIN UsageAggregate a ON a.customerId = c.id
       WHERE c.status = 'active' AND c.segment = 'personal' AND c.groupId IS NULL
         AND a.forwardedDays IS NULL AND a.hotlineDays IS NULL AND a.lastCallDay >= ?
         AND (? IS NULL OR a.joinDate < ?)
         AND NOT EXISTS (SELECT 1 FROM Warning w WHERE w.day = ? AND w.customerId = c.id)
         AND NOT EXISTS (SELECT 1 FROM Customer m WHERE m.groupId = c.id)
       ORDER BY c.id`,
    )
    .pluck()
    .all(calledSince, joinedBefore ?? null, joinedBefore ?? null, day) as string[];
}
