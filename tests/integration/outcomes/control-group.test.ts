/**
 * Issue 16 item 5, the optional control group: a lead sets a share; customers drawn by a hash of
 * their id and the team's salt (not Math.random) are held off every list and briefing, the same
 * ones on every day; the report compares churn among contacted, not contacted and control
 * customers, checked here on a hand-computed fixture, one team's numbers only.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { BriefingComposer } from "../../../src/briefings/deliver.js";
import { briefingFactsOf } from "../../../src/briefings/store-facts.js";
import { replyToPlainText } from "../../../src/chat/reply.js";
import { handleMessage } from "../../../src/commands/dispatch.js";
import { commands } from "../../../src/commands/registry.js";
import { sqlitePath } from "../../../src/config.js";
import { controlDraw, drawnForControl } from "../../../src/domain/control-group.js";
import { heldOutOf } from "../../../src/services/control-group/held-out.js";
import { riskPage } from "../../../src/services/warnings/risk-page.js";
import { holdOutInT1, seedControlReport } from "../../setup/control-report-seed.js";
import { postgresCopyOf } from "../../setup/postgres-copy.js";
import { testPostgresUrl } from "../../setup/postgres-env.js";
import { RISK_DAY, seedRiskFixture } from "../../setup/risk-seed.js";
import { runCli } from "../../setup/run-cli.js";
import { createTestApp } from "../../setup/test-app.js";

const ask = async (app: App, who: string, text: string) =>
  (await handleMessage(app, { platform: "console", userId: who, chatType: "private", text }, commands)).reply;

/** M1's open customers at risk on `day`, as /risk pages them. */
const listed = async (app: App, day: string) =>
  (
    await riskPage(
      {
        db: app.store.db,
        config: app.rules,
        now: new Date(`${day}T10:00:00+08:00`),
        timeZone: "Asia/Shanghai",
      },
      ["M1"],
      day,
      {
        limit: 100,
      },
    )
  ).entries.map((e) => e.customer.id);

describe("the draw", () => {
  it("is a fixed number per customer and salt, near the share over many customers", () => {
    expect(controlDraw("fixture-salt", "C03")).toBe(controlDraw("fixture-salt", "C03"));
    expect(controlDraw("fixture-salt", "C03")).not.toBe(controlDraw("other-salt", "C03"));
    const ids = Array.from({ length: 10_000 }, (_, i) => `C${i}`);
    const drawn = ids.filter((id) => drawnForControl({ sharePercent: 10, salt: "s" }, id)).length;
    expect(drawn).toBeGreaterThan(900);
    expect(drawn).toBeLessThan(1_100);
    // Raising the share keeps everyone already drawn (the same draw, a higher bar).
    const at10 = ids.filter((id) => drawnForControl({ sharePercent: 10, salt: "s" }, id));
    expect(at10.every((id) => drawnForControl({ sharePercent: 20, salt: "s" }, id))).toBe(true);
  });
});

describe("/control and the lists (risk fixture)", () => {
  let app: App;
  beforeAll(async () => {
    app = createTestApp({ asOf: RISK_DAY });
    await seedRiskFixture(app);
  }, 60_000);
  afterAll(async () => {
    await app.store.close();
  });

  it("explains what a control group means before anyone turns it on, and is for leads only", async () => {
    const status = replyToPlainText(await ask(app, "L1", "/control"));
    expect(status).toContain("未开启对照组（0%）");
    expect(status).toContain("不会出现在任何人的风险名单");
    expect(status).toContain("流失率");
    expect((await ask(app, "M1", "/control 10")).errorCode).toBe("leads_only");
    expect((await ask(app, "L1", "/control 80")).errorCode).toBe("bad_share");
    expect(app.store.sql.prepare("SELECT COUNT(*) FROM ControlGroup").pluck().get()).toBe(0);
  });

  it("holds the drawn customers off the list, the same ones on every day, and says what it did", async () => {
    // 06-29 is read from the daily job's ranked rows, 06-30 computed on the fly: both paths.
    expect(
      app.store.sql.prepare("SELECT COUNT(*) FROM WarningRank WHERE day = '2026-06-29'").pluck().get(),
    ).toBeGreaterThan(0);
    const before = { d29: await listed(app, "2026-06-29"), d30: await listed(app, RISK_DAY) };
    // C06 is drawn too but not on M1's list these days; C03 is.
    expect(before.d30).toContain("C03");
    const set = await ask(app, "L1", "/control 10");
    expect(replyToPlainText(set)).toContain("已设置：对照组比例 10%");
    expect(replyToPlainText(set)).toContain("不会出现在任何人的风险名单");
    // A known salt and a start before the first warning, so the draw is known: with this salt,
    // C03 (0.079) and C06 (0.041) are under 10 %, M1's other customers above (C02 0.137 …).
    app.store.sql.prepare("UPDATE ControlGroup SET salt = 'fixture-salt', since = '2026-06-28'").run();
    for (const [day, ids] of [
      ["2026-06-29", before.d29],
      [RISK_DAY, before.d30],
    ] as const) {
      const after = await listed(app, day);
      expect(after, day).toEqual(ids.filter((id) => id !== "C03" && id !== "C06"));
    }
    const risk = await ask(app, "M1", "/risk 50");
    const shown = (risk.data as { customers: { customerId: string }[] }).customers.map((c) => c.customerId);
    expect(shown).not.toContain("C03");
    expect(shown).not.toContain("C06");
  });

  it("leaves them out of the team view, the briefing and the export too", async () => {
    const team = await ask(app, "L1", "/team");
    const overdue = (team.data as { managers: { overdue: { customerId: string }[] }[] }).managers.flatMap(
      (m) => m.overdue.map((o) => o.customerId),
    );
    expect(overdue).not.toContain("C03");
    expect(replyToPlainText(team)).not.toMatch(/张伟|赵磊/);
    const facts = await briefingFactsOf(app).gather("T1", RISK_DAY);
    const inBriefing = facts.managers.flatMap((m) => [...m.top, ...m.overdue].map((c) => c.id));
    expect(inBriefing.length).toBeGreaterThan(0);
    expect(inBriefing).not.toContain("C03");
    expect(inBriefing).not.toContain("C06");
    const composed = await new BriefingComposer(briefingFactsOf(app), { chart: false }).compose(
      "T1",
      RISK_DAY,
      "zh",
    );
    expect(replyToPlainText({ blocks: composed.blocks })).not.toMatch(/张\*|赵\*/);
    const exported = await ask(app, "M1", "/export");
    expect((exported.data as { rows: number }).rows).toBe((await listed(app, RISK_DAY)).length);
  });

  it("never holds out a customer already warned the day before the control group began", async () => {
    app.store.sql.prepare("UPDATE ControlGroup SET since = '2026-06-29'").run();
    const warned28 = new Set(
      app.store.sql
        .prepare("SELECT DISTINCT customerId FROM Warning WHERE day = '2026-06-28'")
        .pluck()
        .all() as string[],
    );
    expect(warned28.has("C03") || warned28.has("C06")).toBe(true);
    const held = await heldOutOf(app.store.db, ["C03", "C06"]);
    for (const id of ["C03", "C06"]) expect(held.has(id), id).toBe(!warned28.has(id));
  });

  it("puts everyone back when turned off", async () => {
    expect(replyToPlainText(await ask(app, "L1", "/control off"))).toContain("已关闭对照组");
    expect(await listed(app, RISK_DAY)).toContain("C03");
    expect((await heldOutOf(app.store.db, ["C03", "C06"])).size).toBe(0);
  });
});

/**
 * The report's fixture (window 2026-06-01 … 06-30; T1's control group 25 % since 06-10 with salt
 * "fixture-salt": draws K02 0.191 and K12 0.242 are under 25 %, the others above):
 * - K01 warned 06-09 (the day before the start) and 06-12: never held out, not counted;
 * - K09 first warned 06-05, before the start: not counted;
 * - control: K02 (left 06-20), K12 → 1 of 2 churned;
 * - contacted: K03 (contacted), K04 (retained), K05 (contacted, left 06-25) → 1 of 3;
 * - not contacted: K06 (left), K07 (left), K08, K10 (only snoozed), K11 (contacted before the
 *   warning, left 06-29) → 3 of 5;
 * - X01 is T2's (left): in T2's numbers only.
 * Wilson 95 %: 1/2 → 0.0945–0.9055; 1/3 → 0.0615–0.7923; 3/5 → 0.2307–0.8824.
 */
describe("the report's three groups", () => {
  let app: App;
  beforeAll(async () => {
    app = createTestApp({ asOf: "2026-06-30" });
    await seedControlReport(app.store.db);
    await holdOutInT1(app.store.db);
  });
  afterAll(async () => {
    await app.store.close();
  });

  it("counts contacted, not contacted and control with Wilson intervals in /team", async () => {
    const team = await ask(app, "L1", "/team");
    const control = (
      team.data as {
        control: Record<string, { customers: number; churned: number; low: number; high: number }>;
      }
    ).control;
    expect(control).toMatchObject({ sharePercent: 25, since: "2026-06-10" });
    expect(
      [control.contacted, control.notContacted, control.control].map((g) => [g!.churned, g!.customers]),
    ).toEqual([
      [1, 3],
      [3, 5],
      [1, 2],
    ]);
    expect(control.control!.low).toBeCloseTo(0.0945, 3);
    expect(control.control!.high).toBeCloseTo(0.9055, 3);
    expect(control.contacted!.low).toBeCloseTo(0.0615, 3);
    expect(control.contacted!.high).toBeCloseTo(0.7923, 3);
    expect(control.notContacted!.low).toBeCloseTo(0.2307, 3);
    expect(control.notContacted!.high).toBeCloseTo(0.8824, 3);
    const text = replyToPlainText(team);
    expect(text).toContain("对照组：流失 1/2（50%，9%–91%）");
    expect(text).toContain("已联系：流失 1/3（33%，6%–79%）");
    expect(text).toContain("未联系：流失 3/5（60%，23%–88%）");
  });

  it("puts the same three groups on the team report's sheet", async () => {
    const reply = await ask(app, "L1", "/export team");
    const file = reply.blocks.find((b) => b.type === "file");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file!.bytes) as never);
    const rows: unknown[][] = [];
    workbook.getWorksheet("挽留效果对照")!.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1, 4));
    });
    expect(rows).toEqual([
      ["分组", "新预警客户数", "流失"],
      ["已联系", 3, 1],
      ["未联系", 5, 3],
      ["对照组", 2, 1],
    ]);
  });

  it("gives another team's lead only their team's numbers", async () => {
    const team = await ask(app, "L2", "/team");
    const control = (team.data as { control: Record<string, { customers: number; churned: number }> })
      .control;
    expect(
      [control.contacted, control.notContacted, control.control].map((g) => [g!.churned, g!.customers]),
    ).toEqual([
      [0, 0],
      [1, 1],
      [0, 0],
    ]);
    const text = replyToPlainText(team);
    expect(text).toContain("本团队未开启对照组");
    expect(text).not.toContain("对照组：流失");
  });

  it("puts the same three groups in the `report` CLI, on SQLite and on PostgreSQL for the same rows", async () => {
    const db = sqlitePath(app.config.DATABASE_URL);
    const args = (store: string, format: string) => [
      "--db",
      store,
      "report",
      "--team",
      "T1",
      "--from",
      "2026-06-01",
      "--to",
      "2026-06-30",
      "--format",
      format,
    ];
    const [json, text] = await Promise.all([runCli(args(db, "json")), runCli(args(db, "text"))]);
    expect(json.code, json.stderr).toBe(0);
    const control = JSON.parse(json.stdout).control;
    expect(
      [control.contacted, control.notContacted, control.control].map((g) => [g.churned, g.customers]),
    ).toEqual([
      [1, 3],
      [3, 5],
      [1, 2],
    ]);
    expect(text.stdout).toContain("对照组：流失 1/2（50%，9%–91%）");
    if (!testPostgresUrl) return;
    const postgres = await postgresCopyOf(db);
    try {
      const [jsonPg, textPg] = await Promise.all([
        runCli(args(postgres.url, "json")),
        runCli(args(postgres.url, "text")),
      ]);
      expect(jsonPg).toEqual(json);
      expect(textPg).toEqual(text);
    } finally {
      await postgres.drop();
    }
  }, 120_000);
});
