/**
 * `/customer <id>` shows the churn probability the daily scoring stored and its top reasons beside
 * the rule evidence, in Chinese and English; without scores it says the view is rules only and why.
 * A generated store (real SQLite file), a model trained on its history, the day scored, and the
 * command through the one message path with an injected clock.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { replyToPlainText } from "../../../src/chat/reply.js";
import { asOfClock } from "../../../src/clock.js";
import { handleMessage } from "../../../src/commands/dispatch.js";
import { commands } from "../../../src/commands/registry.js";
import { loadDemo } from "../../../src/demo/load-demo.js";
import { addDays } from "../../../src/domain/dates.js";
import { churnReasonMessages } from "../../../src/i18n/churn-reasons.js";
import { percent } from "../../../src/i18n/rules-format.js";
import { runChurnTask } from "../../../src/services/churn/churn-task.js";
import type { ChurnReason } from "../../../src/services/churn/score-store.js";
import { materialiseWarnings } from "../../../src/services/warnings/materialise.js";
import { createTestApp } from "../../setup/test-app.js";

const D = "2026-11-23";
// biome-ignore lint/suspicious/noExplicitAny: reply data read back as JSON
type Json = any;

async function ask(app: App, managerId: string, text: string, locale: "zh" | "en" = "zh") {
  const { reply } = await handleMessage(
    app,
    { platform: "console", userId: managerId, chatType: "private", text, locale },
    commands,
  );
  return { text: replyToPlainText(reply), data: reply.data as Json, errorCode: reply.errorCode };
}

describe("/customer shows the churn model's view beside the rules", { timeout: 180_000 }, () => {
  let app: App;
  /** A current customer with rule signals (scored once the day is scored), and their manager. */
  let warned: { id: string; managerId: string };
  let leaver: { id: string; managerId: string };

  beforeAll(async () => {
    app = createTestApp({ asOf: D });
    await loadDemo(app.store, { seed: 3, asOf: D, customers: 300, days: 210 });
    materialiseWarnings(app.store.sql, D, app.rules);
    warned = app.store.sql
      .prepare(
        `SELECT c.id, c.managerId FROM Customer c WHERE c.status = 'active'
         AND EXISTS (SELECT 1 FROM Warning w WHERE w.customerId = c.id AND w.day = ?) ORDER BY c.id LIMIT 1`,
      )
      .get(D) as { id: string; managerId: string };
    leaver = app.store.sql
      .prepare(`SELECT id, managerId FROM Customer WHERE leftDate <= ? ORDER BY id LIMIT 1`)
      .get(D) as { id: string; managerId: string };
    expect(warned).toBeTruthy();
    expect(leaver).toBeTruthy();
  }, 300_000);
  afterAll(async () => app?.store.close());

  it("without a model: no probability, and the reply says it is rules only and why (zh, en)", async () => {
    const zh = await ask(app, warned.managerId, `/customer ${warned.id}`);
    expect(zh.errorCode).toBeUndefined();
    expect(zh.text).toContain(
      "流失概率：暂无，仅依据规则判断——还没有训练流失模型（npm run cli -- model train）",
    );
    expect(zh.data).toMatchObject({
      churnProbability: null,
      churnReasons: [],
      churn: { scored: false, why: "no_model" },
    });
    const en = await ask(app, warned.managerId, `/customer ${warned.id}`, "en");
    expect(en.text).toContain("Churn probability: none, rules only: no churn model has been trained yet");
  });

  it("with a model but the day not scored yet: says so", async () => {
    const trained = await runChurnTask({
      kind: "train",
      path: app.store.path,
      options: { asOf: D, minLeavers: 20 },
      now: Date.parse(`${D}T01:00:00Z`),
    });
    expect(trained).toMatchObject({ kind: "train", status: "trained" });
    const zh = await ask(app, warned.managerId, `/customer ${warned.id}`);
    expect(zh.text).toContain("流失概率：暂无，仅依据规则判断——流失模型尚未给今天的客户打分");
    expect(zh.data.churn).toEqual({ scored: false, why: "not_scored" });
  });

  it("once scored: the stored probability and top reasons in words, beside the rule evidence", async () => {
    expect(
      await runChurnTask({ kind: "score", path: app.store.path, day: D, rules: app.rules }),
    ).toMatchObject({
      kind: "score",
      day: D,
    });
    const stored = app.store.sql
      .prepare(`SELECT probability, reasons, modelVersion FROM ChurnScore WHERE day = ? AND customerId = ?`)
      .get(D, warned.id) as { probability: number; reasons: string; modelVersion: string };
    const reasons = JSON.parse(stored.reasons) as ChurnReason[];
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.length).toBeLessThanOrEqual(3);

    for (const locale of ["zh", "en"] as const) {
      const out = await ask(app, warned.managerId, `/customer ${warned.id}`, locale);
      const words = reasons.map((r) => churnReasonMessages(locale)[r.feature](r.value ?? Number.NaN));
      const line =
        locale === "zh"
          ? `流失概率 ${percent(stored.probability)}：${words.join("；")}`
          : `Churn probability ${percent(stored.probability)}: ${words.join("; ")}`;
      expect(out.text).toContain(line);
      // Beside the rule evidence: the signal lines, then the churn line, then the priority.
      const lines = out.text.split("\n");
      const at = lines.findIndex((l) => l.includes(line));
      expect(lines[at - 1]).toMatch(/\[[^\]]+\]/);
      expect(lines[at + 1]).toMatch(locale === "zh" ? /优先级/ : /Priority/);
      expect(out.text).not.toMatch(/仅依据规则|rules only/);
      expect(out.data.churnProbability).toBe(stored.probability);
      expect(out.data.churnReasons).toEqual(reasons.map((r, i) => ({ ...r, text: words[i] })));
      expect(out.data.churn).toMatchObject({ scored: true, day: D, modelVersion: stored.modelVersion });
      expect(out.data.reasons.length).toBeGreaterThan(0);
    }
  });

  it("the priority is the one /risk ranks the customer by (blend)", async () => {
    const profile = await ask(app, warned.managerId, `/customer ${warned.id}`);
    const risk = await ask(app, warned.managerId, "/risk 200 all");
    const entry = (risk.data.customers as Json[]).find((c) => c.customerId === warned.id);
    expect(entry).toBeTruthy();
    expect(profile.data.priority).toEqual(entry.priority);
    expect(profile.data.priority.parts.some((p: Json) => p.key === "churn")).toBe(true);
  });

  it("a customer who left is not scored, and the reply says so", async () => {
    const out = await ask(app, leaver.managerId, `/customer ${leaver.id}`);
    expect(out.text).toContain("流失概率：暂无，仅依据规则判断——该客户没有流失模型评分");
    expect(out.data.churn).toEqual({ scored: false, why: "customer_not_scored" });
  });

  it("the next day, before that day is scored: yesterday's score, with its day", async () => {
    const tomorrow = { ...app, clock: asOfClock(addDays(D, 1)) };
    const out = await ask(tomorrow, warned.managerId, `/customer ${warned.id}`);
    expect(out.text).toMatch(new RegExp(`流失概率 \\d+(\\.\\d+)?%（${D} 的评分）：`));
    expect(out.data.churn).toMatchObject({ scored: true, day: D });
  });

  it("a damaged model and no recent scores: rules only, naming the damage, never a crash", async () => {
    app.store.sql
      .prepare(
        `INSERT INTO "ChurnModel" ("version", "trainedAt", "dataFrom", "dataTo", "holdoutDay", "rows", "leavers", "metrics", "model")
         VALUES ('broken#1', ?, '2026-08-01', '2026-09-01', '2026-09-24', 1, 1, '{}', '{"trees":[')`,
      )
      .run(Date.parse(`${D}T03:00:00Z`));
    const later = { ...app, clock: asOfClock(addDays(D, 10)) };
    const out = await ask(later, warned.managerId, `/customer ${warned.id}`, "en");
    expect(out.errorCode).toBeUndefined();
    expect(out.text).toContain("Churn probability: none, rules only: the churn model is damaged");
    expect(out.data.churn).toEqual({ scored: false, why: "model_invalid" });
  });
});
