/**
 * The set-based half of the incremental daily job (src/services/warnings/materialise.ts): which
 * customers a run judges (`WarningJudgeSet`), and the rows of everyone else carried over from the
 * day before in one INSERT … SELECT at the swap, their day counts moved on. Also the run's totals and the group
 * tallies, counted over the staged rows so judged and carried customers count alike.
 */
import { addDays } from "../domain/dates.js";
import type { SqliteDatabase } from "./database.js";
import { type InsertedRanking, insertedRankColumns } from "./inserted-rank-keys.js";
import { baselineTenureSql, HOTLINE_MARK_LEAVES, listItems } from "./usage-aggregate-fold.js";
import { sinceDayOfNewRow } from "./warning-since-day.js";

/** What an incremental run from day P to day D judges again (see buildJudgeSet). */
export interface JudgeSetParams {
  runId: number;
  day: string;
  /** The state's day P, marks and run. */
  from: { day: string; usageRowid: number; changeSeq: number; inputSeq: number; runId: number };
  usageRowid: number;
  changeSeq: number;
  inputSeq: number;
  /** The first days of P's and D's history windows. */
  pHistoryFrom: string;
  dHistoryFrom: string;
  /** The first day of D's hotline window. */
  dHotlineFrom: string;
  /** The last call days on or before which P, and D, are zero-call streaks (the day minus its length). */
  pZeroCallTo: string;
  dZeroCallTo: string;
}

/**
 * Fills `WarningJudgeSet` for the run with the customers whose inputs other than usage changed or
 * whose aggregates cannot be moved in SQL (src/store/usage-aggregate-fold.ts), and names the latter
 * in `temp.UnfoldedInSql` (the fold leaves them to JavaScript, which reads their rows). Those: usage
 * rows corrected, rows dated up to P that arrived after P's run, aggregates a killed run left or
 * counted from another join date, and — read from the aggregates themselves — a last call day
 * leaving the history window, a forwarded mark leaving its window (cut by date), or a hotline mark
 * leaving its window of a customer without a usage row on D (the fold in SQL drops the marks of
 * those it moves, and it moves everyone with a row on D: decision 035).
 * Judged only (their aggregates move in SQL like everyone's): profile, bills or events changed (a
 * member joining or leaving a group names the group customer too), the stored next-threshold day
 * come, an event dated in (P, D], a last call day starting a zero-call streak by D, and the newest
 * hotline mark leaving its window. When they already number `judgeAllFrom` or more, judging
 * everyone costs less than finding who else: the sets are dropped and "all" returned.
 * Otherwise the fold in SQL adds the customers whose moved usage can change their judgement.
 */
export function buildJudgeSet(sql: SqliteDatabase, p: JudgeSetParams, judgeAllFrom: number): "all" | "set" {
  const insert = (select: string, ...args: unknown[]) =>
    sql.prepare(`INSERT OR IGNORE INTO WarningJudgeSet (runId, customerId) ${select}`).run(p.runId, ...args);
  const unfolded = (select: string, ...args: unknown[]) =>
    sql.prepare(`INSERT OR IGNORE INTO temp.UnfoldedInSql (customerId) ${select}`).run(...args);
  sql.exec(`DROP TABLE IF EXISTS temp.UnfoldedInSql;
    CREATE TEMP TABLE UnfoldedInSql (customerId TEXT PRIMARY KEY) WITHOUT ROWID`);
  return sql
    .transaction((): "all" | "set" => {
      unfolded(
        "SELECT customerId FROM UsageChange WHERE seq > ? AND seq <= ?",
        p.from.changeSeq,
        p.changeSeq,
      );
      // Rows dated after P are folded in SQL wherever they came from; those dated up to P arrived late.
      unfolded(
        "SELECT customerId FROM DailyUsage WHERE rowid > ? AND rowid <= ? AND date <= ?",
        p.from.usageRowid,
        p.usageRowid,
        p.from.day,
      );
      // A join date changed (the aggregates were counted from the old one), or the customer is gone.
      unfolded(
        `SELECT i.customerId FROM WarningInputChange i JOIN UsageAggregate a ON a.customerId = i.customerId
           LEFT JOIN Customer c ON c.id = i.customerId
         WHERE i.seq > ? AND i.seq <= ? AND (c.id IS NULL OR c.joinDate != a.joinDate)`,
        p.from.inputSeq,
        p.inputSeq,
      );
      const killed = sql
        .prepare("SELECT 1 FROM WarningRun WHERE id > ? AND id != ? AND status != 'complete' LIMIT 1")
        .get(p.from.runId, p.runId);
      if (killed)
        unfolded(
          "SELECT customerId FROM UsageAggregate WHERE runId > ? AND runId != ?",
          p.from.runId,
          p.runId,
        );
      // The reasons read from the aggregates' own days and marks, in one pass over them (each pass
      // reads the whole table): left to JavaScript (`unfolded`) or only judged. Lists are sorted:
      // the first mark is the oldest.
      const unfoldedByDate = `a.lastCallDay < @dHistoryFrom OR substr(a.forwardedDays, 1, 10) < @dHistoryFrom
        OR (${HOTLINE_MARK_LEAVES} AND NOT EXISTS (SELECT 1 FROM DailyUsage u
          WHERE u.customerId = a.customerId AND u.date = @day AND u.rowid <= @usageRowid))`;
      sql.exec("DROP TABLE IF EXISTS temp.DatedReasons");
      sql
        .prepare(
          `CREATE TEMP TABLE DatedReasons AS SELECT a.customerId, (${unfoldedByDate}) AS unfolded FROM UsageAggregate a
           WHERE (${unfoldedByDate}) OR ${JUDGED_BY_DATE}`,
        )
        .run({
          dHistoryFrom: p.dHistoryFrom,
          dHotlineFrom: p.dHotlineFrom,
          day: p.day,
          usageRowid: p.usageRowid,
          pZeroCallTo: p.pZeroCallTo,
          dZeroCallTo: p.dZeroCallTo,
        });
      unfolded("SELECT customerId FROM temp.DatedReasons WHERE unfolded");
      insert("SELECT ?, customerId FROM temp.UnfoldedInSql");
      insert("SELECT ?, customerId FROM temp.DatedReasons");
      sql.exec("DROP TABLE temp.DatedReasons");
      insert(
        "SELECT ?, customerId FROM WarningInputChange WHERE seq > ? AND seq <= ?",
        p.from.inputSeq,
        p.inputSeq,
      );
      insert("SELECT ?, customerId FROM UsageAggregate WHERE judgeOn <= ?", p.day);
      insert("SELECT ?, customerId FROM Event WHERE date > ? AND date <= ?", p.from.day, p.day);
      // Group customers are judged when their members change (named by the triggers, above) or,
      // after the others are judged, when a member's level-1 signals come or go (groupsToJudgeAgain).
      if (judgeSetSize(sql, p.runId) >= judgeAllFrom) {
        sql.prepare("DELETE FROM WarningJudgeSet WHERE runId = ?").run(p.runId);
        sql.exec("DROP TABLE temp.UnfoldedInSql");
        return "all";
      }
      return "set";
    })
    .immediate();
}

/** JavaScript's Math.round in SQL, exactly as V8 does it: ceil(x), less one when that is more than half above x. */
const mathRound = (x: string) => `(ceil(${x}) - (ceil(${x}) - 0.5 > ${x}))`;
/** A double as JSON.stringify writes it: an integral one without SQLite's ".0". */
const jsonNumber = (x: string) =>
  `(CASE WHEN ${x} = CAST(${x} AS INTEGER) THEN CAST(${x} AS INTEGER) ELSE ${x} END)`;
/** round2 (src/domain/signals/types.ts). */
const round2 = (x: string) => jsonNumber(`(${mathRound(`(${x}) * 100`)} / 100.0)`);
/** changePercent (src/domain/signals/usage-summary.ts). */
const changePercent = (v: string, b: string) =>
  `(CASE WHEN ${b} = 0 THEN 0 ELSE CAST(${mathRound(`((${v} - ${b}) / ${b}) * 100`)} AS INTEGER) END)`;
/**
 * A sum in yuan (or MB) and a baseline's average per recent window, as toSummary and
 * baselinePerPeriod compute them from the aggregates: over the baseline's days in the customer's
 * tenure on D (all of them but for those who joined inside the window).
 */
const units = (c: string) => `(a.${c} / 100.0)`;
const perPeriod = (c: string) => `((${units(c)} * @recentDays) / ${baselineTenureSql("d")})`;

/**
 * The customer's hotline marks as stored ("day:seconds,…", sorted), and the last of them: trimming
 * every character but the comma off the right end leaves the list up to its last comma.
 */
const HOTLINE = "a.hotlineDays";
const LAST_HOTLINE_MARK = `substr(${HOTLINE}, length(rtrim(${HOTLINE}, replace(${HOTLINE}, ',', ''))) + 1)`;

/**
 * Judged by date, read from the stored aggregates (`a`): a zero-call streak reaching its length,
 * competitor_hotline's newest mark leaving its window (the rule stops; the fold drops the marks).
 * (Tenure still growing is a judgeOn threshold: next-judge-day.ts; the fold in SQL leaves to
 * JavaScript those with a row before their join date.)
 */
const JUDGED_BY_DATE = `((a.lastCallDay > @pZeroCallTo AND a.lastCallDay <= @dZeroCallTo)
  OR substr(${LAST_HOTLINE_MARK}, 1, 10) < @dHotlineFrom)`;

/**
 * A carried competitor_hotline row's figures from the customer's marks as toSummary reads them —
 * how many, the longest, the last day: marks come after P (a hotline day for a customer warned for
 * it already is not judged, src/store/usage-aggregate-fold.ts) and go when they leave D's window
 * (the fold drops them; decision 035). A carried customer has a mark left: one whose newest
 * leaves the window is judged (buildJudgeSet).
 */
const HOTLINE_EVIDENCE = `json_set(w.evidence, '$.params.daysOver', length(${HOTLINE}) - length(replace(${HOTLINE}, ',', '')) + 1,
      '$.params.maxSeconds', (SELECT MAX(CAST(substr(m.value, 12) AS INTEGER))
        FROM ${listItems(HOTLINE)}),
      '$.params.lastDay', substr(${LAST_HOTLINE_MARK}, 1, 10))`;

/** The evidence of a carried row: its day counts moved on, its usage figures those of the moved sums and marks. */
const CARRIED_EVIDENCE = `CASE w.code
  WHEN 'contract_expiring' THEN json_set(w.evidence, '$.params.daysLeft', json_extract(w.evidence, '$.params.daysLeft') - CAST(@gap AS INTEGER))
  WHEN 'zero_call_days' THEN json_set(w.evidence, '$.params.days', json_extract(w.evidence, '$.params.days') + CAST(@gap AS INTEGER))
  WHEN 'overdue_bill' THEN json_set(w.evidence, '$.params.daysOverdue', json_extract(w.evidence, '$.params.daysOverdue') + CAST(@gap AS INTEGER))
  WHEN 'spend_drop' THEN json_set(w.evidence, '$.params.recent', ${round2(units("recentSpendFen"))},
    '$.params.baselineMonthly', ${round2(perPeriod("baselineSpendFen"))},
    '$.params.changePercent', ${changePercent(units("recentSpendFen"), perPeriod("baselineSpendFen"))})
  WHEN 'data_drop' THEN json_set(w.evidence, '$.params.recentMb', ${round2(units("recentDataCenti"))},
    '$.params.baselineMonthlyMb', ${round2(perPeriod("baselineDataCenti"))},
    '$.params.changePercent', ${changePercent(units("recentDataCenti"), perPeriod("baselineDataCenti"))})
  WHEN 'zero_spend_month' THEN json_set(w.evidence, '$.params.baselineSpend', ${round2(units("baselineSpendFen"))})
  WHEN 'competitor_hotline' THEN ${HOTLINE_EVIDENCE}
  ELSE w.evidence END`;

/** A carried row's do-not-chase: a malicious arrear's days overdue moved on by the gap. */
const CARRIED_DO_NOT_CHASE = `CASE WHEN json_extract(w.doNotChase, '$[0].code') = 'malicious_arrears'
  THEN json_set(w.doNotChase, '$[0].oldestDaysOverdue', json_extract(w.doNotChase, '$[0].oldestDaysOverdue') + CAST(@gap AS INTEGER))
  ELSE w.doNotChase END`;

/** P's row `w` is of a customer the run did not judge (it is carried). */
const NOT_JUDGED = `NOT EXISTS (SELECT 1 FROM WarningJudgeSet j WHERE j.runId = @runId AND j.customerId = w.customerId)`;

/** What a run carries over from day P to day D (see carryOverRows). */
export interface CarryOver {
  runId: number;
  fromDay: string;
  day: string;
  gapDays: number;
  windows: { recentDays: number; baselineDays: number };
  /** D's windows: a carried drop row's baseline is averaged over its days in the customer's tenure. */
  d: { historyFrom: string; recentFrom: string };
}

/** The parameters of CARRIED_EVIDENCE. */
const evidenceParams = (c: CarryOver) => ({
  gap: c.gapDays,
  recentDays: c.windows.recentDays,
  baselineDays: c.windows.baselineDays,
  dHistoryFrom: c.d.historyFrom,
  dRecentFrom: c.d.recentFrom,
});

/**
 * Carries day P's rows of every customer the run did not judge straight into D's `Warning` and
 * `WarningRank` rows, inside the transaction that swaps the day in (decision 026: through the
 * staging table they were written, read back and deleted once more each), with the counts of
 * days (to a contract's end, since the last call, since the oldest unpaid bill was due) moved on by
 * the days between P and D, and the figures of the usage rules (spend_drop, data_drop,
 * zero_spend_month, competitor_hotline) computed from the customer's aggregates, which stand at D: the same numbers, to
 * the last character of their JSON, as the rules write (tests/integration/carried-evidence.test.ts),
 * and the run each row goes on (its since-day: P's when P is D−1, src/store/warning-since-day.ts).
 * A carried customer's ranked row is P's rules priority, do-not-chase and manager (a customer
 * handed to another manager is judged), keyed as `ranking` says (with D's churn score, when the day
 * has scores), as the swap ranks a judged one. Nothing else about such a customer can have changed
 * (buildJudgeSet; a usage rule starting or stopping to hold is judged,
 * src/store/usage-aggregate-fold.ts). Returns the rows and the customers carried.
 */
export function carryOverRows(
  sql: SqliteDatabase,
  c: CarryOver,
  ranking: InsertedRanking,
): { rows: number; customers: number } {
  if (c.fromDay === c.day)
    throw new Error("a run of the day it carries from stages its carried rows (stageCarriedRows)");
  const params = {
    runId: c.runId,
    fromDay: c.fromDay,
    day: c.day,
    prevDay: addDays(c.day, -1),
    ...evidenceParams(c),
  };
  // From P = D−1 the row is the day before's: its run goes on.
  const rows = sql
    .prepare(
      `INSERT INTO Warning (day, customerId, code, level, evidence, stage, doNotChase, sinceDay)
       SELECT @day, w.customerId, w.code, w.level, ${CARRIED_EVIDENCE},
         w.stage,
         ${CARRIED_DO_NOT_CHASE},
         CASE WHEN @fromDay = @prevDay THEN coalesce(w.sinceDay, w.day) ELSE ${sinceDayOfNewRow("w")} END
       FROM Warning w LEFT JOIN UsageAggregate a ON a.customerId = w.customerId
       WHERE w.day = @fromDay
         AND ${NOT_JUDGED}`,
    )
    .run(params).changes;
  const keys = insertedRankColumns(ranking, "r.rulesPriority", "r.customerId");
  // The manager is P's: a customer handed over since is judged (src/store/input-changes.ts). A
  // scored key reads the customer's ARPU.
  const customer = ranking.scored ? "JOIN Customer c ON c.id = r.customerId" : "";
  const customers = sql
    .prepare(
      `INSERT INTO WarningRank (day, customerId, managerId, rulesPriority, doNotChase, priority, churnProbability)
       SELECT @day, r.customerId, r.managerId, r.rulesPriority, r.doNotChase, ${keys.columns}
       FROM WarningRank r ${customer} ${keys.join}
       WHERE r.day = @fromDay AND r.modelOnly = 0
         AND NOT EXISTS (SELECT 1 FROM WarningJudgeSet j WHERE j.runId = @runId AND j.customerId = r.customerId)`,
    )
    .run({ runId: c.runId, fromDay: c.fromDay, day: c.day, ...keys.params }).changes;
  return { rows, customers };
}

/**
 * A run of the day its rows are carried from (the same day again: P = D) cannot carry at the swap,
 * which deletes D's rows first: it stages them before, as carryOverRows would write them (gap 0).
 * Returns the rows staged.
 */
export function stageCarriedRows(sql: SqliteDatabase, c: CarryOver): number {
  return sql
    .prepare(
      `INSERT INTO WarningStaging (runId, customerId, code, level, evidence, stage, doNotChase, priority)
       SELECT @runId, w.customerId, w.code, w.level, ${CARRIED_EVIDENCE},
         w.stage,
         ${CARRIED_DO_NOT_CHASE},
         r.rulesPriority
       FROM Warning w JOIN WarningRank r ON r.day = w.day AND r.customerId = w.customerId
         LEFT JOIN UsageAggregate a ON a.customerId = w.customerId
       WHERE w.day = @fromDay
         AND ${NOT_JUDGED}`,
    )
    .run({ runId: c.runId, fromDay: c.fromDay, ...evidenceParams(c) }).changes;
}

/**
 * The events dated in [from, to] of the customers a run judges, by customer and in the order the
 * job reads them: one seek per judged customer in the (customerId, date, type, note) key, where
 * reading the window for every customer reads and sorts the whole store's (75k at 1M).
 */
export function judgedEvents(sql: SqliteDatabase, runId: number, from: string, to: string) {
  return sql
    .prepare(
      `SELECT e.customerId, e.date, e.type, e.note FROM WarningJudgeSet j CROSS JOIN Event e
         ON e.customerId = j.customerId AND e.date BETWEEN ? AND ?
       WHERE j.runId = ? ORDER BY j.customerId, e.date, e.type, e.note`,
    )
    .all(from, to, runId) as { customerId: string; date: string; type: string; note: string }[];
}

/**
 * The group customers the run has not judged whose members' tally can differ from P's, once every
 * other customer is judged (their rows staged): a current member judged this run (`members`: the
 * judged customers with a group, a quarter of the judged at 1M — each a seek in Customer, where
 * reading the whole judge set's cost 0.25–0.3 s) whose level-1 signals (group_bulk_anomaly aside)
 * came or went since P. A carried member keeps P's codes and levels, and a member joining or leaving
 * names its group (the triggers), so for every other group customer the tally — and with it the row
 * carried over — is P's. A judged member that is itself a group customer has no staged rows yet:
 * its group is judged again whatever its signals. Returns their ids, in key order.
 */
export function groupsToJudgeAgain(
  sql: SqliteDatabase,
  runId: number,
  fromDay: string,
  members: readonly string[],
): string[] {
  if (members.length === 0) return [];
  const levelOne = (table: string, where: string) =>
    `EXISTS (SELECT 1 FROM ${table} WHERE ${where} AND customerId = c.id AND level = 1 AND code != 'group_bulk_anomaly')`;
  return sql
    .prepare(
      `SELECT DISTINCT c.groupId FROM json_each(@members) m CROSS JOIN Customer c ON c.id = m.value
         CROSS JOIN Customer g ON g.id = c.groupId
       WHERE c.status != 'left' AND g.status != 'left'
         AND (c.segment = 'group'
           OR ${levelOne("WarningStaging", "runId = @runId")} != ${levelOne("Warning", "day = @fromDay")})
         AND NOT EXISTS (SELECT 1 FROM WarningJudgeSet x WHERE x.runId = @runId AND x.customerId = c.groupId)
       ORDER BY c.groupId`,
    )
    .pluck()
    .all({ runId, fromDay, members: JSON.stringify(members) }) as string[];
}

/**
 * Adds group customers to the run's judge set once the others are judged, so their rows are not
 * carried (neither at the swap nor staged by a run of the same day again; any staged already are
 * taken back out), and names them under `setId` too (the second pass reads that set).
 */
export function addToJudgeSet(
  sql: SqliteDatabase,
  runId: number,
  setId: number,
  ids: readonly string[],
): void {
  sql
    .transaction(() => {
      const add = sql.prepare("INSERT OR IGNORE INTO WarningJudgeSet (runId, customerId) VALUES (?, ?)");
      const uncarry = sql.prepare("DELETE FROM WarningStaging WHERE runId = ? AND customerId = ?");
      for (const id of ids) {
        add.run(runId, id);
        add.run(setId, id);
        uncarry.run(runId, id);
      }
    })
    .immediate();
}

/** Drops a judge set that is not a run's own (the second pass's). */
export function dropJudgeSet(sql: SqliteDatabase, setId: number): void {
  sql.prepare("DELETE FROM WarningJudgeSet WHERE runId = ?").run(setId);
}

/**
 * Per group customer: current members, and those with a level-1 signal: among the run's staged rows,
 * or, for a member the run carries over from day `carriedFrom` (not judged), among P's rows (they
 * are carried with their codes and levels). With `of` (the group customers judged) and few of them,
 * only theirs, through the groupId index (an incremental day judges a few hundred of 20,000 at 1M);
 * otherwise every group's in one scan.
 */
export function groupTallies(
  sql: SqliteDatabase,
  runId: number,
  options: { of?: readonly string[]; carriedFrom?: string | null } = {},
): Map<string, { members: number; flagged: number }> {
  const { of, carriedFrom = null } = options;
  const few = of !== undefined && of.length <= 2_000;
  const flagged = (table: string, match: string) =>
    `EXISTS (SELECT 1 FROM ${table} s WHERE ${match} AND s.customerId = c.id AND s.level = 1
       AND s.code != 'group_bulk_anomaly')`;
  const carried =
    carriedFrom === null
      ? ""
      : ` OR (NOT EXISTS (SELECT 1 FROM WarningJudgeSet j WHERE j.runId = @runId AND j.customerId = c.id)
           AND ${flagged("Warning", "s.day = @carriedFrom")})`;
  const counted = `SELECT c.groupId AS groupId, COUNT(*) AS members,
         SUM(${flagged("WarningStaging", "s.runId = @runId")}${carried}) AS flagged`;
  const rows = sql
    .prepare(
      few
        ? `${counted} FROM json_each(@of) g CROSS JOIN Customer c ON c.groupId = g.value
           WHERE c.status != 'left' GROUP BY c.groupId`
        : `${counted} FROM Customer c WHERE c.groupId IS NOT NULL AND c.status != 'left' GROUP BY c.groupId`,
    )
    .all({
      runId,
      ...(carriedFrom === null ? {} : { carriedFrom }),
      ...(few ? { of: JSON.stringify([...new Set(of)]) } : {}),
    }) as {
    groupId: string;
    members: number;
    flagged: number;
  }[];
  return new Map(rows.map((r) => [r.groupId, { members: r.members, flagged: r.flagged }]));
}

/** The customers in a run's judge set. */
export function judgeSetSize(sql: SqliteDatabase, runId: number): number {
  return Number(sql.prepare("SELECT COUNT(*) FROM WarningJudgeSet WHERE runId = ?").pluck().get(runId));
}

/** The customers the state's run counted (WarningRun.customers): the scale of "most". */
export function runCustomers(sql: SqliteDatabase, runId: number): number {
  return Number(sql.prepare("SELECT customers FROM WarningRun WHERE id = ?").pluck().get(runId) ?? 0);
}

/**
 * The current customers: all less those who left, both counted from an index (`status != 'left'`
 * reads every customer's row: 0.15–0.2 s at 1M, 0.8 s on a cold page cache).
 */
export function currentCustomerCount(sql: SqliteDatabase): number {
  return Number(sql.prepare(CURRENT_CUSTOMER_COUNT).pluck().get());
}
export const CURRENT_CUSTOMER_COUNT =
  "SELECT (SELECT COUNT(*) FROM Customer) - (SELECT COUNT(*) FROM Customer WHERE status = 'left')";

/** The run's totals so far: current customers, customers with a staged row, staged rows (the carried ones are counted at the swap). */
export function runCounts(sql: SqliteDatabase, runId: number) {
  const customers = currentCustomerCount(sql);
  const staged = sql
    .prepare(
      "SELECT COUNT(DISTINCT customerId) AS atRisk, COUNT(*) AS warnings FROM WarningStaging WHERE runId = ?",
    )
    .get(runId) as { atRisk: number; warnings: number };
  return { customers, ...staged };
}

/**
 * Forgets the aggregates of customers who are not current (left or deleted) so that, should they
 * come back, they are recomputed from their rows: a run that judged everyone drops every row it did
 * not write, one
 * that judged a set those of the set. Then drops the run's judge set.
 */
export function settleAggregates(sql: SqliteDatabase, runId: number, full: boolean): void {
  if (full) sql.prepare("DELETE FROM UsageAggregate WHERE runId != ?").run(runId);
  else
    sql
      .prepare(
        `DELETE FROM UsageAggregate WHERE customerId IN (SELECT customerId FROM WarningJudgeSet WHERE runId = ?)
           AND NOT EXISTS (SELECT 1 FROM Customer c WHERE c.id = UsageAggregate.customerId AND c.status != 'left')`,
      )
      .run(runId);
  sql.prepare("DELETE FROM WarningJudgeSet WHERE runId = ?").run(runId);
}

/** Drops the judge sets of runs that are over (killed, superseded or complete), second passes' (−id) too. */
export function dropFinishedJudgeSets(sql: SqliteDatabase): void {
  sql
    .prepare(
      "DELETE FROM WarningJudgeSet WHERE abs(runId) NOT IN (SELECT id FROM WarningRun WHERE status = 'running')",
    )
    .run();
}
