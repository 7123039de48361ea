/**
 * The daily warnings job: at start it computes today's rows when missing, then the first tick of a
 * new local day computes that day; and `npm run cli -- warnings` runs it for a day and prints the
 * counts per signal and level.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { App } from "../../src/app.js";
import { type IntervalTimers, manualClock } from "../../src/clock.js";
import { loadDemo } from "../../src/demo/load-demo.js";
import { createLogger } from "../../src/logger.js";
import {
  type DayRunner,
  startDailyWarnings,
  warningCountsOn,
} from "../../src/services/warnings/daily-job.js";
import { hasMaterialised, materialiseWarnings } from "../../src/services/warnings/materialise.js";
import { instanceLocks } from "../../src/store/instance-lock.js";
import { runCli } from "../setup/run-cli.js";
import { createTestApp } from "../setup/test-app.js";

const D = "2026-06-30";
let app: App;

beforeAll(async () => {
  app = createTestApp({ asOf: D });
  await loadDemo(app.store, { seed: 11, asOf: D, customers: 300 });
}, 120_000);
afterAll(async () => {
  await app.store.close();
});

/** Timers the test fires by hand. */
function handTimers() {
  const ticks: (() => void)[] = [];
  const timers: IntervalTimers = {
    setInterval: (fn) => ticks.push(fn) - 1,
    clearInterval: (h) => {
      ticks[h as number] = () => {};
    },
  };
  return {
    timers,
    fire: () => {
      for (const t of ticks) t();
    },
    count: () => ticks.length,
  };
}

const rowsOn = (day: string) =>
  (app.store.sql.prepare("SELECT COUNT(*) AS n FROM Warning WHERE day = ?").get(day) as { n: number }).n;

describe("daily warnings job", () => {
  it("computes today at start when missing, leaves it alone after, and computes the next day after midnight", async () => {
    // 23:50 in Shanghai on D.
    const clock = manualClock(new Date("2026-06-30T15:50:00Z"));
    const { timers, fire, count } = handTimers();
    expect(hasMaterialised(app.store.sql, D)).toBe(false);
    const job = startDailyWarnings({
      sql: app.store.sql,
      rules: app.rules,
      clock,
      timeZone: "Asia/Shanghai",
      logger: createLogger("silent"),
      timers,
    });
    expect(count()).toBe(1);
    const today = rowsOn(D);
    expect(today).toBeGreaterThan(0);

    // A later tick the same day does not recompute (a manual edit of the rows survives it).
    app.store.sql.prepare("DELETE FROM Warning WHERE day = ? AND code = 'complaint'").run(D);
    const edited = rowsOn(D);
    fire();
    expect(rowsOn(D)).toBe(edited);
    expect(await job.tick()).toBeNull();

    clock.advance(20 * 60_000); // 00:10 on D+1
    expect(rowsOn("2026-07-01")).toBe(0);
    fire();
    expect(rowsOn("2026-07-01")).toBeGreaterThan(0);
    job.stop();
    clock.advance(24 * 3_600_000);
    fire();
    expect(rowsOn("2026-07-02")).toBe(0);
  });

  it("with the job lock, two instances on one store compute a day once; the standby takes over when the leader stops", async () => {
    const clock = manualClock(new Date("2026-07-05T01:00:00Z")); // 09:00 in Shanghai
    const runs: string[] = [];
    const slowRunner = (name: string): DayRunner => ({
      async run(day) {
        runs.push(`${name} ${day}`);
        await new Promise((r) => setTimeout(r, 300));
        return materialiseWarnings(app.store.sql, day, app.rules);
      },
      cancel: async () => {},
    });
    const common = {
      sql: app.store.sql,
      rules: app.rules,
      clock,
      timeZone: "Asia/Shanghai",
      logger: createLogger("silent"),
      lock: instanceLocks(app.config.DATABASE_URL),
      standbyPollMs: 20,
    };
    const a = startDailyWarnings({ ...common, runner: slowRunner("a"), timers: handTimers().timers });
    await vi.waitFor(() => expect(runs).toEqual(["a 2026-07-05"]));
    const b = startDailyWarnings({ ...common, runner: slowRunner("b"), timers: handTimers().timers });
    // A briefing on the standby waits for the leader's rows instead of computing them again.
    await b.ensureDay("2026-07-05");
    expect(hasMaterialised(app.store.sql, "2026-07-05")).toBe(true);
    expect(runs).toEqual(["a 2026-07-05"]);

    await a.stop();
    clock.advance(24 * 3_600_000);
    await b.ensureDay("2026-07-06");
    expect(runs).toEqual(["a 2026-07-05", "b 2026-07-06"]);
    await b.stop();
  });

  it("counts a day's rows by level, then signal", () => {
    materialiseWarnings(app.store.sql, D, app.rules);
    const counts = warningCountsOn(app.store.sql, D);
    expect(counts.reduce((n, c) => n + c.count, 0)).toBe(rowsOn(D));
    expect(counts.map((c) => c.level)).toEqual([...counts.map((c) => c.level)].sort());
    expect(counts.map((c) => c.code)).toContain("contract_expiring");
  });
});

describe("npm run cli -- warnings", { timeout: 120_000 }, () => {
  it("runs the job for --date and prints the counts per signal and level, as JSON or text", async () => {
    const path = app.config.DATABASE_URL.replace(/^file:/, "");
    app.store.sql.prepare("DELETE FROM Warning WHERE day = ?").run("2026-06-29");
    const json = await runCli(["--db", path, "warnings", "--date", "2026-06-29", "--json"]);
    expect(json.stderr).toBe("");
    const out = JSON.parse(json.stdout);
    expect(out).toMatchObject({ day: "2026-06-29", customers: expect.any(Number) });
    expect(out.warnings).toBe(rowsOn("2026-06-29"));
    expect(out.counts).toEqual(warningCountsOn(app.store.sql, "2026-06-29"));
    expect(out.counts.length).toBeGreaterThan(3);

    const text = await runCli(["--db", path, "--as-of", D, "warnings"]);
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^Warnings for 2026-06-30: \d+ customers checked, \d+ at risk, \d+ warnings/);
    expect(lines[1]).toMatch(
      /^ {2}(incremental: \d+ customers folded|full rebuild \(\w+\): \d+ customers recomputed)/,
    );
    expect(lines.slice(2)).toEqual(
      warningCountsOn(app.store.sql, D).map((c) =>
        expect.stringMatching(new RegExp(`^  level ${c.level}  ${c.code} +${c.count}$`)),
      ),
    );

    // Two worker threads asked for: a full rebuild splits over them, an incremental day's small
    // judge set is judged in the job's thread (its fold already used both cores).
    const rebuilt = await runCli(["--db", path, "--as-of", D, "warnings", "--rebuild", "--workers", "2"]);
    expect(rebuilt.stdout.split("\n")[1]).toMatch(
      /^ {2}full rebuild \(\w+\): \d+ customers recomputed; judged in 2 worker threads$/,
    );
    const next = await runCli(["--db", path, "--as-of", D, "warnings", "--workers", "2"]);
    expect(next.stdout.split("\n")[1]).toMatch(
      /^ {2}incremental: .+ warning rows carried over; judged in one thread$/,
    );

    const bad = await runCli(["--db", path, "warnings", "--date", "June"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("--date must be YYYY-MM-DD\n");
  });
});
