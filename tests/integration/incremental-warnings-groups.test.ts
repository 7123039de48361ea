/**
 * An incremental day judges a group customer only when its members' tally can have moved (decision
 * 025): a member joining or leaving names the group (the triggers of src/store/input-changes.ts), and
 * after everyone else is judged or carried, a judged member whose level-1 signals came or went sends
 * its group to a second pass (groupsToJudgeAgain). Each group below is carried over wrongly when its
 * half of that is taken out: one whose signal appears on D (every member asks about porting out),
 * one whose flagged members grow by one with the signal on both days, one losing a member to another
 * group and one whose member leaves. The day must equal a rebuild field for field, and the same day
 * again — nothing new — judges nobody.
 */
import { describe, expect, it } from "vitest";
import { addDays } from "../../src/domain/dates.js";
import { materialiseWarnings } from "../../src/services/warnings/materialise.js";
import type { SqliteDatabase } from "../../src/store/database.js";
import { demoAppPerFile } from "../setup/demo-app-per-file.js";
import { holdBackUsage } from "../setup/held-back-usage.js";
import { warningDaySnapshot } from "../setup/warning-snapshot.js";

const D = "2026-06-30";
const P = addDays(D, -1);
const app = demoAppPerFile({ seed: 4, asOf: D, customers: 400, days: 130 });

/** The group signal's evidence of a customer on a day, or null. */
const groupSignal = (sql: SqliteDatabase, day: string, customerId: string) => {
  const evidence = sql
    .prepare("SELECT evidence FROM Warning WHERE day = ? AND customerId = ? AND code = 'group_bulk_anomaly'")
    .pluck()
    .get(day, customerId) as string | undefined;
  return evidence === undefined
    ? null
    : (JSON.parse(evidence) as { params: { members: number; flaggedMembers: number } }).params;
};

const membersOf = (sql: SqliteDatabase, groupId: string) =>
  sql
    .prepare("SELECT id FROM Customer WHERE groupId = ? AND status != 'left' ORDER BY id")
    .pluck()
    .all(groupId) as string[];

/** A member with no level-1 signal on the day (other than a group's). */
const unflagged = (sql: SqliteDatabase, day: string, members: string[]) =>
  members.find(
    (id) =>
      !sql
        .prepare(
          "SELECT 1 FROM Warning WHERE day = ? AND customerId = ? AND level = 1 AND code != 'group_bulk_anomaly'",
        )
        .get(day, id),
  );

describe("incremental day, group customers", { timeout: 120_000 }, () => {
  it("judges a group customer when its members' tally moves, and only then", () => {
    const sql = app().store.sql;
    const rules = app().rules;
    const inquiry = sql.prepare(
      "INSERT INTO Event (customerId, date, type, note) VALUES (?, ?, 'portability_inquiry', 'asked')",
    );
    // D's rows arrive after P's run, as they do every day.
    const heldBack = holdBackUsage(sql, "on", D);
    materialiseWarnings(sql, P, rules, { rebuild: true });
    // Group customers with enough members, none with a group signal on P.
    const groups = (
      sql
        .prepare(
          `SELECT g.id FROM Customer g WHERE g.segment = 'group' AND g.status = 'active'
             AND (SELECT COUNT(*) FROM Customer m WHERE m.groupId = g.id AND m.status != 'left') >= ?
             AND NOT EXISTS (SELECT 1 FROM Warning w WHERE w.day = ? AND w.customerId = g.id AND w.code = 'group_bulk_anomaly')
           ORDER BY g.id`,
        )
        .pluck()
        .all(rules.signals.groupBulkAnomaly.minMembers + 1, P) as string[]
    ).filter((g) => unflagged(sql, P, membersOf(sql, g)) !== undefined);
    expect(groups.length).toBeGreaterThanOrEqual(5);
    const [rising, growing, losing, gaining, leaving] = groups as [string, string, string, string, string];
    // Before P's run: every member of three groups asks about porting out on P (all flagged, the
    // signal on P), and all of a fourth but one.
    const last = unflagged(sql, P, membersOf(sql, growing))!;
    for (const g of [growing, losing, leaving])
      for (const m of membersOf(sql, g)) if (m !== last) inquiry.run(m, P);
    materialiseWarnings(sql, P, rules, { rebuild: true });
    for (const g of [growing, losing, leaving]) expect(groupSignal(sql, P, g)).not.toBeNull();
    expect(groupSignal(sql, P, rising)).toBeNull();
    const grownFrom = groupSignal(sql, P, growing)!.flaggedMembers;

    // On D: every member of `rising` and the last of `growing` ask; a member of `losing` moves to
    // `gaining`; a member of `leaving` leaves.
    for (const m of membersOf(sql, rising)) inquiry.run(m, D);
    inquiry.run(last, D);
    const mover = membersOf(sql, losing)[0]!;
    sql.prepare("UPDATE Customer SET groupId = ? WHERE id = ?").run(gaining, mover);
    sql.prepare("UPDATE Customer SET status = 'left' WHERE id = ?").run(membersOf(sql, leaving)[0]);
    heldBack.arrive();

    const inc = materialiseWarnings(sql, D, rules, { judgeAllShare: Number.POSITIVE_INFINITY });
    expect(inc.mode).toBe("incremental");
    const incremental = warningDaySnapshot(sql, D);
    const signals = Object.fromEntries(
      [rising, growing, losing, leaving].map((g) => [g, groupSignal(sql, D, g)]),
    );
    materialiseWarnings(sql, D, rules, { rebuild: true });
    const rebuilt = warningDaySnapshot(sql, D);
    expect(incremental.warnings).toEqual(rebuilt.warnings);
    expect(incremental.ranks).toEqual(rebuilt.ranks);
    expect(incremental.aggregates).toEqual(rebuilt.aggregates);
    // The tallies did move.
    expect(signals[rising]).not.toBeNull();
    expect(signals[growing]!.flaggedMembers).toBe(grownFrom + 1);
    expect(signals[losing]!.members).toBe(groupSignal(sql, P, losing)!.members - 1);
    expect(signals[leaving]!.members).toBe(groupSignal(sql, P, leaving)!.members - 1);

    // The same day again, nothing new: nobody is judged, group customers included.
    const quiet = materialiseWarnings(sql, D, rules, { judgeAllShare: Number.POSITIVE_INFINITY });
    expect(quiet.mode).toBe("incremental");
    expect(quiet.judged).toBe(0);
    expect(warningDaySnapshot(sql, D)).toEqual(rebuilt);
  });
});
