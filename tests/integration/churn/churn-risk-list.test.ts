/**
 * The churn model in the risk list, through the real entry points: a small generated store, a
 * model trained on its history and the day scored, then `ask "今天谁有风险" --json` (the CLI) and the
 * console chat (`src/main.ts` with piped input) under each RULES_CONFIG ranking mode; and stores
 * without a usable model, where /risk says the order is rules only.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { loadDemo } from "../../../src/demo/load-demo.js";
import { addDays } from "../../../src/domain/dates.js";
import { parseRulesConfig } from "../../../src/domain/rules-config.js";
import { runChurnTask } from "../../../src/services/churn/churn-task.js";
import { rankDay } from "../../../src/services/churn/rank-day.js";
import { rankDayOn } from "../../../src/services/churn/rank-day-on.js";
import { materialiseWarnings } from "../../../src/services/warnings/materialise.js";
import { openEntries, riskList } from "../../../src/services/warnings/risk-list.js";
import { runCli } from "../../setup/run-cli.js";
import { createTestApp } from "../../setup/test-app.js";

const D = "2026-11-23";
// biome-ignore lint/suspicious/noExplicitAny: JSON read back from the CLI
type Json = any;
type Mode = "rules" | "model" | "blend";

const dir = mkdtempSync(join(tmpdir(), "retainbot-churn-list-"));
/** A rules file per mode; the threshold is lowered so this small store surely has model-only customers. */
const rulesFile = (mode: Mode) => {
  const path = join(dir, `rules-${mode}.json`);
  writeFileSync(path, JSON.stringify({ ranking: { mode, addFromBaseRateTimes: 2 } }));
  return path;
};
const rulesOf = (mode: Mode) => parseRulesConfig({ ranking: { mode, addFromBaseRateTimes: 2 } });

async function ask(db: string, user: string, text: string, mode: Mode = "blend", locale = "zh") {
  const run = await runCli(["--db", db, "--as-of", D, "ask", text, "--user", `console:${user}`, "--json"], {
    env: { RULES_CONFIG: rulesFile(mode), RETAINBOT_LOCALE: locale },
  });
  if (run.stdout.trim() === "") throw new Error(`no output: ${run.stderr}`);
  return JSON.parse(run.stdout) as { ok: boolean; data: Json; text: string };
}

describe("the churn model in the risk list", { timeout: 180_000 }, () => {
  let app: App;
  let lead: string;
  let unscored: string;

  beforeAll(async () => {
    app = createTestApp({ asOf: D, env: { RULES_CONFIG: rulesFile("blend") } });
    const sql = app.store.sql;
    await loadDemo(app.store, { seed: 7, asOf: D, customers: 1000, days: 210 });
    materialiseWarnings(sql, D, app.rules);
    // A copy with the day's list but no model at all, for the rules-only message. (SQLite copies it:
    // copying the open file with fs would drop this process's locks on it.)
    unscored = join(dir, "unscored.db");
    sql.exec(`VACUUM INTO '${unscored}'`);
    const trained = await runChurnTask({
      kind: "train",
      path: app.store.path,
      options: { asOf: D, minLeavers: 40 },
      now: Date.parse(`${D}T01:00:00Z`),
    });
    expect(trained).toMatchObject({ kind: "train", status: "trained" });
    // The daily job scores the day after the warnings job listed it: the ranks are redone then.
    const scored = await runChurnTask({ kind: "score", path: app.store.path, day: D, rules: app.rules });
    expect(scored).toMatchObject({ kind: "score", day: D });
    expect((scored as { modelOnly: number }).modelOnly).toBeGreaterThan(0);
    // The team lead whose team has the most customers only the model caught.
    lead = sql
      .prepare(
        `SELECT l.id FROM WarningRank r JOIN Customer c ON c.id = r.customerId JOIN Manager m ON m.id = c.managerId
         JOIN Manager l ON l.teamId = m.teamId AND l.role = 'lead'
         WHERE r.day = ? AND r.modelOnly = 1 GROUP BY l.id ORDER BY COUNT(*) DESC, l.id LIMIT 1`,
      )
      .pluck()
      .get(D) as string;
    expect(lead).toBeTruthy();
  }, 300_000);
  afterAll(async () => app?.store.close());

  it("blend (default): each entry has its probability and reasons; the model adds customers no rule caught", async () => {
    const out = await ask(app.store.path, lead, "今天谁有风险 200");
    expect(out.ok).toBe(true);
    expect(out.data.ranking).toMatchObject({ mode: "blend", scored: true, by: "blend" });
    const customers: Json[] = out.data.customers;
    expect(customers.length).toBe(out.data.total);
    for (const c of customers) {
      expect(c.churnProbability).toBeGreaterThan(0);
      expect(c.churnProbability).toBeLessThan(1);
      const churn = c.priority.parts.find((p: Json) => p.key === "churn");
      // blend = the rules' priority + min(60, round(p × 12 × ARPU / 20))
      const atRisk = c.churnProbability * 12 * Math.max(0, c.arpu);
      expect(churn.points).toBe(Math.min(60, Math.round(atRisk / 20)));
      expect(c.valueAtRisk).toBeCloseTo(atRisk, 1);
    }
    const scores = customers.map((c) => c.priority.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // Reasons: the features that raised the score, in words, with the customer's values.
    const withReasons = customers.filter((c) => c.churnReasons.length > 0);
    expect(withReasons.length).toBeGreaterThan(customers.length / 2);
    for (const r of withReasons.flatMap((c) => c.churnReasons)) {
      expect(r.contribution).toBeGreaterThan(0);
      expect(r.text).toMatch(/\S/);
    }
    const added = customers.filter((c) => c.modelOnly);
    expect(added.length).toBeGreaterThan(0);
    for (const c of added) {
      expect(c.reasons).toEqual([]);
      expect(c.churnReasons.length).toBeGreaterThan(0);
    }
    // The text shows the probability and the reasons beside the rule evidence; no rules-only notice.
    expect(out.text).toMatch(/流失概率 \d+(\.\d)?%：/);
    expect(out.text).not.toContain("仅依据规则");
  });

  it("a page read from the stored ranks equals the whole list cut at the same place", async () => {
    const page = await ask(app.store.path, lead, "今天谁有风险 7");
    const whole = await riskList(
      {
        db: app.store.db,
        config: app.rules,
        now: new Date(`${D}T02:00:00Z`),
        timeZone: "Asia/Shanghai",
      },
      page.data.managerIds,
      D,
    );
    const open = openEntries(whole);
    expect(page.data.total).toBe(open.length);
    expect(page.data.customers.map((c: Json) => c.customerId)).toEqual(
      open.slice(0, 7).map((e) => e.customer.id),
    );
  });

  const rankRows = () =>
    app.store.db.all(`SELECT * FROM "WarningRank" WHERE "day" = ? ORDER BY "customerId"`, [D]);

  it("the mode decides the order: rules alone, expected value at risk alone, or the blend", async () => {
    const orders: Record<Mode, string[]> = { rules: [], model: [], blend: [] };
    for (const mode of ["rules", "model", "blend"] as const) {
      // The daily job ranks the day with the rules file it started with.
      rankDay(app.store.sql, D, rulesOf(mode));
      // The SQL handle's rank step (SQLite's text of src/store/day-rank-keys.ts) writes the same rows.
      const ranked = await rankRows();
      expect(await rankDayOn(app.store.db, D, rulesOf(mode))).toMatchObject({ day: D, scored: true });
      expect(await rankRows()).toEqual(ranked);
      const out = await ask(app.store.path, lead, "今天谁有风险 200", mode);
      const customers: Json[] = out.data.customers;
      orders[mode] = customers.map((c) => c.customerId);
      expect(out.data.ranking).toMatchObject({ mode, scored: true, by: mode });
      const scores = customers.map((c) => c.priority.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      if (mode === "rules") {
        // The rules' priority only, no customer added, the probabilities still shown.
        expect(customers.every((c) => !c.modelOnly && c.churnProbability !== null)).toBe(true);
        expect(customers.every((c) => c.priority.parts.every((p: Json) => p.key !== "churn"))).toBe(true);
      }
      if (mode === "model") {
        for (const c of customers)
          expect(c.priority.score).toBe(Math.round(c.churnProbability * 12 * Math.max(0, c.arpu)));
        expect(customers.some((c) => c.modelOnly)).toBe(true);
      }
    }
    expect(orders.model).not.toEqual(orders.rules);
    expect(orders.blend).not.toEqual(orders.rules);
    expect(orders.blend).not.toEqual(orders.model);
    // Model and blend list the same customers (the rules' plus the model's additions).
    expect([...orders.model].sort()).toEqual([...orders.blend].sort());
    expect(orders.model.length).toBeGreaterThan(orders.rules.length);
  });

  it("a ranked customer without a score on a scored day keeps the rules' priority and no probability", async () => {
    const sql = app.store.sql;
    // A customer the rules caught whose score is missing (one who came after the day was scored).
    const id = sql
      .prepare(
        `SELECT customerId FROM WarningRank WHERE day = ? AND modelOnly = 0 ORDER BY priority DESC LIMIT 1`,
      )
      .pluck()
      .get(D) as string;
    const score = sql.prepare(`SELECT * FROM ChurnScore WHERE day = ? AND customerId = ?`).get(D, id);
    sql.prepare(`DELETE FROM ChurnScore WHERE day = ? AND customerId = ?`).run(D, id);
    try {
      rankDay(sql, D, rulesOf("blend"));
      const row = sql
        .prepare(
          `SELECT priority, rulesPriority, churnProbability FROM WarningRank WHERE day = ? AND customerId = ?`,
        )
        .get(D, id) as { priority: number; rulesPriority: number; churnProbability: number | null };
      expect(row).toEqual({
        priority: row.rulesPriority,
        rulesPriority: row.rulesPriority,
        churnProbability: null,
      });
      // The scored rows still have theirs, and the SQL handle's rank step agrees row for row.
      const scored = sql
        .prepare(`SELECT COUNT(*) FROM WarningRank WHERE day = ? AND churnProbability IS NOT NULL`)
        .pluck()
        .get(D) as number;
      expect(scored).toBeGreaterThan(0);
      const ranked = await rankRows();
      await rankDayOn(app.store.db, D, rulesOf("blend"));
      expect(await rankRows()).toEqual(ranked);
    } finally {
      sql
        .prepare(
          `INSERT INTO ChurnScore (day, customerId, probability, reasons, modelVersion) VALUES (@day, @customerId, @probability, @reasons, @modelVersion)`,
        )
        .run(score);
      rankDay(sql, D, rulesOf("blend"));
    }
  });

  it("the warnings job run again on a scored day keys its ranks as the rank step does, in every mode", async () => {
    const sql = app.store.sql;
    const before = addDays(D, -1);
    try {
      for (const mode of ["rules", "model", "blend"] as const) {
        const rules = rulesOf(mode);
        // From the day before (the carried rows are keyed at the swap), then the same day again
        // (they are staged first): each time the ranks the rank step writes afresh.
        materialiseWarnings(sql, before, rules, { rebuild: true });
        const next = materialiseWarnings(sql, D, rules);
        expect(next).toMatchObject({ mode: "incremental" });
        expect(next.carriedRows).toBeGreaterThan(0);
        const carried = await rankRows();
        rankDay(sql, D, rules);
        expect(carried).toEqual(await rankRows());
        const again = materialiseWarnings(sql, D, rules);
        expect(again.carriedRows).toBeGreaterThan(0);
        expect(await rankRows()).toEqual(carried);
        // Nothing above agreed by being unscored or unranked.
        const rows = carried as {
          priority: number;
          rulesPriority: number;
          churnProbability: number | null;
        }[];
        expect(rows.filter((r) => r.churnProbability !== null).length).toBeGreaterThan(rows.length / 2);
        if (mode !== "rules") expect(rows.some((r) => r.priority !== r.rulesPriority)).toBe(true);
      }
    } finally {
      materialiseWarnings(sql, D, rulesOf("blend"), { rebuild: true });
    }
  });

  it("the console chat shows the probability and reasons too", async () => {
    rankDay(app.store.sql, D, rulesOf("blend"));
    const run = await runCli([], {
      entry: "src/main.ts",
      input: "今天谁有风险 3\n",
      env: {
        DATABASE_URL: `file:${app.store.path}`,
        RETAINBOT_AS_OF: D,
        RETAINBOT_CONSOLE_USER: lead,
        RULES_CONFIG: rulesFile("blend"),
      },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/流失概率 \d+(\.\d)?%：/);
    expect(run.stdout).toMatch(/优先级 \d+ = .*流失概率/);
  });

  it("without a model the list is the rules' order and /risk says so plainly", async () => {
    const out = await ask(unscored, lead, "今天谁有风险 200");
    expect(out.data.ranking).toMatchObject({ mode: "blend", scored: false, why: "no_model", by: "rules" });
    expect(out.text).toContain("今天的排序仅依据规则：还没有训练流失模型");
    const customers: Json[] = out.data.customers;
    expect(customers.every((c) => c.churnProbability === null && !c.modelOnly)).toBe(true);
    const en = await ask(unscored, lead, "who is at risk today", "blend", "en");
    expect(en.text).toContain("Today's order is by the rules only: no churn model has been trained yet");
  });

  it("a damaged model means rules only with a clear message, never a crash", async () => {
    const db = new Database(unscored);
    db.prepare(
      `INSERT INTO "ChurnModel" ("version", "trainedAt", "dataFrom", "dataTo", "holdoutDay", "rows", "leavers", "metrics", "model")
       VALUES ('2026-09-24#9', ?, '2026-08-13', '2026-09-17', '2026-09-24', 1, 1, '{}', '{"format":"retainbot-gbdt/1","trees":[')`,
    ).run(Date.parse(`${D}T01:00:00Z`));
    db.close();
    const out = await ask(unscored, lead, "今天谁有风险");
    expect(out.ok).toBe(true);
    expect(out.data.ranking).toMatchObject({ scored: false, why: "model_invalid" });
    expect(out.text).toContain("今天的排序仅依据规则：流失模型已损坏");
    expect(out.data.customers.length).toBeGreaterThan(0);
  });
});
