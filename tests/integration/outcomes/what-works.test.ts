/**
 * Issue 16, item 2: retention rates by signal × method × segment with 95 % Wilson intervals, on a
 * hand-computed fixture, through /track, /team and the `report` CLI; cells below the minimum are
 * hidden, and nobody sees another team's numbers.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { composeGroupBriefing } from "../../../src/briefings/content.js";
import { briefingFactsOf } from "../../../src/briefings/store-facts.js";
import { type Reply, replyToPlainText, settleReply } from "../../../src/chat/reply.js";
import { handleMessage } from "../../../src/commands/dispatch.js";
import { commands } from "../../../src/commands/registry.js";
import { sqlitePath } from "../../../src/config.js";
import { addDays } from "../../../src/domain/dates.js";
import { wilsonInterval } from "../../../src/domain/wilson.js";
import { postgresCopyOf } from "../../setup/postgres-copy.js";
import { testPostgresUrl } from "../../setup/postgres-env.js";
import { RISK_DAY, seedRiskFixture } from "../../setup/risk-seed.js";
import { runCli } from "../../setup/run-cli.js";
import { createTestApp } from "../../setup/test-app.js";

let app: App;
let db: string;

/**
 * Team T1 (manager M1, customer C02, price-sensitive, gold): under 话费突减, 价值保有 retained 14
 * of 20, 成本保有 5 of 12, 产品保有 3 of 3 (below the minimum of 5). Team T2 (M3, C09): 嵌入保有
 * 6 of 6. One outcome per customer and day; a 联系过 without a method counts nowhere.
 */
async function seedOutcomes(): Promise<void> {
  const plan: [managerId: string, customerId: string, method: string, retained: number, cases: number][] = [
    ["M1", "C02", "value", 14, 20],
    ["M1", "C02", "cost", 5, 12],
    ["M1", "C02", "product", 3, 3],
    ["M3", "C09", "embedded", 6, 6],
  ];
  let back = 0;
  const data = [];
  for (const [managerId, customerId, method, retained, cases] of plan) {
    for (let i = 0; i < cases; i++) {
      data.push({
        managerId,
        customerId,
        method,
        day: addDays(RISK_DAY, -back++),
        kind: i < retained ? "retained" : "lost",
        lostReason: i < retained ? null : "资费太贵",
        signals: "spend_drop",
        stage: "D",
      });
    }
  }
  data.push({
    managerId: "M1",
    customerId: "C02",
    method: null,
    day: RISK_DAY,
    kind: "contacted",
    lostReason: null,
    signals: "spend_drop",
    stage: "D",
  });
  await app.store.prisma.outcome.createMany({ data });
}

beforeAll(async () => {
  app = createTestApp({ asOf: RISK_DAY });
  db = sqlitePath(app.config.DATABASE_URL);
  await seedRiskFixture(app);
  await seedOutcomes();
}, 60_000);
afterAll(async () => app.store.close());

async function say(text: string, user: string): Promise<Reply> {
  const { reply } = await handleMessage(
    app,
    { platform: "console", userId: user, chatType: "private", text, locale: "zh" },
    commands,
  );
  return settleReply(reply);
}
/** `report` of team T1 from 2026-05-01 to the fixture's day, on this store (a file or a URL). */
const reportArgs = (store: string) => [
  "--db",
  store,
  "--as-of",
  RISK_DAY,
  "report",
  "--team",
  "T1",
  "--from",
  "2026-05-01",
  "--to",
  RISK_DAY,
];

// biome-ignore lint/suspicious/noExplicitAny: JSON data of replies
type Json = any;

describe("what works", { timeout: 120_000 }, () => {
  it("computes Wilson intervals as by hand", () => {
    // p = 0.7, z = 1.96: (0.7 + 0.09604 ∓ 1.96·√(0.0105 + 0.0024010)) / 1.19208.
    const a = wilsonInterval(14, 20);
    expect(a.low).toBeCloseTo(0.481, 3);
    expect(a.high).toBeCloseTo(0.8545, 3);
    const b = wilsonInterval(5, 12);
    expect(b.low).toBeCloseTo(0.1933, 3);
    expect(b.high).toBeCloseTo(0.6805, 3);
    expect(wilsonInterval(6, 6)).toEqual({ low: expect.closeTo(0.6097, 3), high: 1 });
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it("leads /track with what worked for similar customers of the asker's team", async () => {
    const reply = await say("/track C02", "M1");
    const text = replyToPlainText(reply);
    expect(text).toContain("近 90 天：价值保有 14/20 挽留成功，成本保有 5/12 挽留成功");
    expect(text).toContain("价格敏感型");
    expect(text).not.toContain("产品保有 3/3");
    expect(text).not.toContain("嵌入保有");
    const data = reply.data as Json;
    expect(data.whatWorks.cells.map((c: Json) => [c.method, c.retained, c.cases])).toEqual([
      ["value", 14, 20],
      ["cost", 5, 12],
    ]);
  });

  it("shows the lead the team's rates in /team, and hides the cells below the minimum", async () => {
    const reply = await say("/team", "L1");
    const text = replyToPlainText(reply);
    expect(text).toContain("全部信号 · 全部客户 · 价值保有：14/20（70%，48%–85%）");
    expect(text).toContain("全部信号 · 全部客户 · 成本保有：5/12（42%，19%–68%）");
    expect(text).not.toContain("产品保有");
    expect(text).not.toContain("嵌入保有");
    expect(text).toMatch(/另有 \d+ 组不足 5 例，未显示/);
    const cells = (reply.data as Json).whatWorks.cells as Json[];
    expect(cells.every((c) => c.cases >= 5)).toBe(true);
    expect(cells.some((c) => c.method === "embedded")).toBe(false);
  });

  it("adds the team's rates to the group briefing on Mondays only", async () => {
    const facts = briefingFactsOf(app);
    // 2026-06-29 is a Monday; the value outcome logged on 06-30 is after it.
    const monday = await facts.gather("T1", "2026-06-29");
    const text = replyToPlainText({ blocks: composeGroupBriefing(monday, "zh") });
    expect(text).toContain("本周回顾：哪种保有方法有效（近 90 天）");
    expect(text).toContain("价值保有 13/19 挽留成功");
    expect(text).toContain("成本保有 5/12 挽留成功（95% 区间 19%–68%）");
    expect(text).not.toContain("产品保有");
    expect(text).not.toContain("嵌入保有");
    const tuesday = await facts.gather("T1", RISK_DAY);
    expect(tuesday.whatWorks).toBeUndefined();
    expect(replyToPlainText({ blocks: composeGroupBriefing(tuesday, "zh") })).not.toContain("本周回顾");
  });

  it("gives team T2's manager only T2's numbers", async () => {
    const text = replyToPlainText(await say("/track C09", "M3"));
    expect(text).not.toContain("价值保有 14/20");
    expect(text).toContain("嵌入保有 6/6 挽留成功");
  });

  it("reports json, csv and xlsx rows from the CLI, and refuses a member of another team", async () => {
    const base = reportArgs(db);
    const json = await runCli([...base, "--format", "json", "--user", "console:L1"]);
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout).rows as Json[];
    expect(rows).toContainEqual({
      signal: "spend_drop",
      method: "value",
      segment: "sensitivity:price",
      cases: 20,
      retained: 14,
      rate: 0.7,
      low: 0.481,
      high: 0.8545,
    });
    expect(rows.every((r) => r.cases >= 5 && r.method !== "product" && r.method !== "embedded")).toBe(true);
    const out = join(db, "..", "report.csv");
    const csv = await runCli([...base, "--format", "csv", "--out", out]);
    expect(csv.code).toBe(0);
    const lines = (await readFile(out, "utf8")).trim().split(/\r?\n/);
    expect(lines[0]).toBe("signal,method,segment,cases,retained,rate,low,high");
    expect(lines).toContain("*,cost,all,12,5,0.4167,0.1933,0.6805");
    const xlsx = join(db, "..", "report.xlsx");
    expect((await runCli([...base, "--format", "xlsx", "--out", xlsx])).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const sheet = book.worksheets[0]!;
    // The team report's sheet (issue 16 item 4): Chinese headers and labels, a frozen header.
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      "预警信号",
      "保有方法",
      "客户分群",
      "记录数",
      "挽留成功",
      "成功率",
      "95% 区间下限",
      "95% 区间上限",
    ]);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect((sheet.getRow(2).values as unknown[]).slice(4)).toEqual([
      rows[0]!.cases,
      rows[0]!.retained,
      rows[0]!.rate,
      rows[0]!.low,
      rows[0]!.high,
    ]);
    expect(sheet.rowCount).toBe(rows.length + 1);
    const refused = await runCli([...base, "--format", "json", "--user", "console:M3"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain("not a member of team T1");
  });

  it.skipIf(!testPostgresUrl)(
    "reports the same on PostgreSQL for the same rows, in every format",
    async () => {
      const postgres = await postgresCopyOf(db);
      try {
        const args = (store: string, format: string, ...more: string[]) => [
          ...reportArgs(store),
          "--format",
          format,
          ...more,
        ];
        for (const format of ["text", "json", "csv"]) {
          const [onSqlite, onPostgres] = await Promise.all([
            runCli(args(db, format, "--user", "console:L1")),
            runCli(args(postgres.url, format, "--user", "console:L1")),
          ]);
          expect(onSqlite.code, onSqlite.stderr).toBe(0);
          expect(onPostgres, format).toEqual(onSqlite);
          if (format === "json")
            expect(JSON.parse(onPostgres.stdout).rows).toContainEqual(
              expect.objectContaining({
                method: "value",
                segment: "sensitivity:price",
                cases: 20,
                retained: 14,
              }),
            );
        }
        const books = await Promise.all(
          [db, postgres.url].map(async (store, i) => {
            const out = join(db, "..", `report-${i}.xlsx`);
            expect((await runCli(args(store, "xlsx", "--out", out))).code).toBe(0);
            const book = new ExcelJS.Workbook();
            await book.xlsx.readFile(out);
            return book.worksheets[0]!.getSheetValues();
          }),
        );
        expect(books[1]).toEqual(books[0]);
        const [refusedSqlite, refusedPostgres] = await Promise.all([
          runCli(args(db, "json", "--user", "console:M3")),
          runCli(args(postgres.url, "json", "--user", "console:M3")),
        ]);
        expect(refusedPostgres).toEqual(refusedSqlite);
        const unknown = await runCli(args(postgres.url, "json").map((a) => (a === "T1" ? "T9" : a)));
        expect(unknown.code).toBe(1);
        expect(unknown.stderr).toContain('No team "T9"');
      } finally {
        await postgres.drop();
      }
    },
    240_000,
  );
});
