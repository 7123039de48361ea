/**
 * Section (f) of the warnings bench (`BENCH_WARNINGS_ONLY=history`): the incremental day on a store
 * whose `Warning` table holds weeks of earlier days, as a store in production does, next to the
 * bench store (two days of warnings) in the same run. The cached bench store has only the days the
 * bench computes; a copy of it is given `BENCH_WARNINGS_HISTORY_DAYS` (default 60: the look-back of
 * the deadlines) earlier days — D−1's rows, copied day by day — and cached beside it (built once:
 * a 17.5 GB copy and a few minutes of inserts at 1M). On each store D−1 is rebuilt in full and D
 * run incrementally; D's rows must be equal on both.
 */
import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import Database from "better-sqlite3";
import { addDays } from "../src/domain/dates.js";
import type { RulesConfig } from "../src/domain/rules-config.js";
import { materialiseWarnings } from "../src/services/warnings/materialise.js";
import { hasMaterialised } from "../src/services/warnings/warning-runs.js";
import { openStore, type SqliteDatabase } from "../src/store/database.js";
import { migrateStore } from "../src/store/migrate.js";
import { formatPeak, withPeakRss } from "./peak-memory.js";
import { seconds, timed } from "./warnings-incremental.js";

export interface HistoryBenchResult {
  historyDays: number;
  /** The incremental day on the bench store (two days of warnings) and on the copy with history. */
  baseMs: number;
  historyMs: number;
  equal: boolean;
}

/** The copy of the bench store with `days` earlier days of warnings before D−1, built when missing. */
function storeWithHistory(baseSql: SqliteDatabase, basePath: string, day: string, days: number): string {
  const path = basePath.replace(/\.db$/, `-history${days}.db`);
  if (existsSync(path)) return path;
  const before = addDays(day, -1);
  if (!hasMaterialised(baseSql, before))
    throw new Error(`BENCH_WARNINGS_ONLY=history: the bench store has no rows of ${before} yet`);
  // Everything in the file itself before it is copied.
  baseSql.pragma("wal_checkpoint(TRUNCATE)");
  const building = `${path}.building-${process.pid}`;
  const started = performance.now();
  copyFileSync(basePath, building);
  const copy = new Database(building, { fileMustExist: true });
  try {
    copy.pragma("journal_mode = WAL");
    // Every copied row is on every earlier day: its run starts on the first of them. The ranked rows
    // and their counts come along, as the job writes them with the warnings.
    const inserts = [
      `INSERT INTO Warning (day, customerId, code, level, evidence, stage, doNotChase, sinceDay)
       SELECT @day, customerId, code, level, evidence, stage, doNotChase, @first FROM Warning WHERE day = @from`,
      `INSERT INTO WarningRank (day, customerId, managerId, priority, doNotChase, rulesPriority, churnProbability, modelOnly)
       SELECT @day, customerId, managerId, priority, doNotChase, rulesPriority, churnProbability, modelOnly
       FROM WarningRank WHERE day = @from`,
      `INSERT INTO WarningRankCount (day, managerId, chase, doNotChase)
       SELECT @day, managerId, chase, doNotChase FROM WarningRankCount WHERE day = @from`,
    ].map((text) => copy.prepare(text));
    const first = addDays(before, -days);
    // Oldest first, as the days came; one transaction per day, as the job writes them.
    for (let back = days; back >= 1; back--) {
      copy.transaction(() => {
        for (const insert of inserts) insert.run({ day: addDays(before, -back), from: before, first });
      })();
      if (back % 10 === 0) copy.pragma("wal_checkpoint(TRUNCATE)");
    }
    copy.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    copy.close();
  }
  for (const suffix of ["-wal", "-shm"]) rmSync(`${building}${suffix}`, { force: true });
  renameSync(building, path);
  console.log(
    `  (f) built the copy with ${days} earlier days of warnings in ${((performance.now() - started) / 1000).toFixed(0)} s: ${path}`,
  );
  return path;
}

/** D−1 rebuilt in full, then D incrementally (timed, with its peak RSS). */
function dayAfterRebuild(sql: SqliteDatabase, day: string, config: RulesConfig) {
  materialiseWarnings(sql, addDays(day, -1), config, { rebuild: true });
  return withPeakRss(() => timed(() => materialiseWarnings(sql, day, config)));
}

/** Runs (f) for day D on the bench store (`baseSql` open on `basePath`; it must hold D−1's rows). */
export async function benchDayWithHistory(
  baseSql: SqliteDatabase,
  basePath: string,
  day: string,
  config: RulesConfig,
  historyDays = Number(process.env.BENCH_WARNINGS_HISTORY_DAYS ?? 60),
): Promise<HistoryBenchResult> {
  if (!Number.isInteger(historyDays) || historyDays < 1)
    throw new Error("BENCH_WARNINGS_HISTORY_DAYS must be a whole number of days, 1 or more");
  const historyPath = storeWithHistory(baseSql, basePath, day, historyDays);
  // A cached copy is migrated forward when opened, as the bench store is (benchStore).
  const migrating = performance.now();
  const migrated = migrateStore(`file:${historyPath}`);
  if (!migrated.ok) throw new Error(migrated.error.message);
  if (migrated.value !== "already current")
    console.log(
      `  (f) migrated the cached copy forward in ${((performance.now() - migrating) / 1000).toFixed(0)} s`,
    );
  const history = openStore(`file:${historyPath}`);
  try {
    const rows = Number(history.sql.prepare("SELECT COUNT(*) FROM Warning").pluck().get());
    const b = await dayAfterRebuild(baseSql, day, config);
    const h = await dayAfterRebuild(history.sql, day, config);
    const columns = "customerId, code, level, evidence, stage, doNotChase";
    history.sql.prepare("ATTACH DATABASE ? AS bench").run(basePath);
    const differing = Number(
      history.sql
        .prepare(
          `SELECT (SELECT COUNT(*) FROM (SELECT ${columns} FROM main.Warning WHERE day = @day
             EXCEPT SELECT ${columns} FROM bench.Warning WHERE day = @day))
           + (SELECT COUNT(*) FROM (SELECT ${columns} FROM bench.Warning WHERE day = @day
             EXCEPT SELECT ${columns} FROM main.Warning WHERE day = @day))`,
        )
        .pluck()
        .get({ day }),
    );
    history.sql.exec("DETACH DATABASE bench");
    // Each of D's rows raised when its run began: the day before's row's since-day, else D.
    const unlinked = (sql: SqliteDatabase) =>
      Number(
        sql
          .prepare(
            `SELECT COUNT(*) FROM Warning w WHERE w.day = @day AND w.sinceDay IS NOT coalesce((SELECT p.sinceDay
               FROM Warning p WHERE p.day = @prev AND p.customerId = w.customerId AND p.code = w.code), @day)`,
          )
          .pluck()
          .get({ day, prev: addDays(day, -1) }),
      );
    const misdated = unlinked(baseSql) + unlinked(history.sql);
    console.log(
      `  (f) incremental day ${day} with ${historyDays} earlier days of warnings (${rows.toLocaleString("en")} Warning rows), after a full rebuild of the day before:`,
    );
    console.log(
      `  bench store (2 days of warnings)       ${seconds(b.value.ms)} wall ${seconds(b.value.cpuMs)} cpu  peak RSS ${formatPeak(b.peak)}`,
    );
    console.log(
      `  with ${String(historyDays).padEnd(4)} earlier days               ${seconds(h.value.ms)} wall ${seconds(h.value.cpuMs)} cpu  peak RSS ${formatPeak(h.peak)}  ` +
        `${(h.value.ms / b.value.ms).toFixed(2)}× the bench store; rows ${differing === 0 ? "equal" : `DIFFER (${differing})`}` +
        `, since-days ${misdated === 0 ? "linked" : `WRONG (${misdated})`}`,
    );
    return {
      historyDays,
      baseMs: b.value.ms,
      historyMs: h.value.ms,
      equal: differing === 0 && misdated === 0,
    };
  } finally {
    await history.close();
  }
}
