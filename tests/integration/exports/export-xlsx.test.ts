/**
 * Issue 16 item 4: `/export` answers a manager with their risk list and a lead with the team report
 * as an XLSX file, read back here with exceljs: Chinese (or English) headers, a frozen header row,
 * phones full only for the asker's own customers, the briefing chart embedded; refused in a group.
 */
import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConsoleChat } from "../../../src/adapters/console/console-chat.js";
import type { App } from "../../../src/app.js";
import type { ReplyBlock } from "../../../src/chat/reply.js";
import { handleMessage } from "../../../src/commands/dispatch.js";
import { commands } from "../../../src/commands/registry.js";
import { sqlitePath } from "../../../src/config.js";
import { AS_OF, askOnTelegram, CUSTOMERS, twoTeamApp } from "../../security/fixture.js";
import { testPostgresUrl } from "../../setup/postgres.js";
import { postgresCopyOf } from "../../setup/postgres-copy.js";
import { runCli } from "../../setup/run-cli.js";

type FileBlock = Extract<ReplyBlock, { type: "file" }>;

const fileOf = (blocks: ReplyBlock[]): FileBlock | undefined =>
  blocks.find((b): b is FileBlock => b.type === "file");

async function workbookOf(file: FileBlock): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(file.bytes) as never);
  return workbook;
}

/** The sheet's rows as objects keyed by the header row's text. */
function rowsOf(sheet: ExcelJS.Worksheet): Record<string, unknown>[] {
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
  });
  return rows;
}

let app: App;
beforeAll(async () => {
  app = await twoTeamApp();
});
afterAll(async () => {
  await app.store.close();
});

describe("/export as a manager (private chat)", { timeout: 60_000 }, () => {
  it("sends the risk list as an XLSX with Chinese headers, a frozen header, full phones of own customers and the chart", async () => {
    const { reply } = await askOnTelegram(app, "manager", "/export", "dm");
    expect(reply.errorCode).toBeUndefined();
    const file = fileOf(reply.blocks);
    expect(file?.name).toBe("risk-M002-2026-11-23.xlsx");
    expect(file?.mimeType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const workbook = await workbookOf(file!);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["风险客户", "预警图表"]);
    const sheet = workbook.getWorksheet("风险客户")!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      "序号",
      "客户编号",
      "客户姓名",
      "手机号码",
      "客户经理",
      "客户级别",
      "月均消费（元）",
      "生命周期",
      "敏感类型",
      "预警原因及证据",
      "建议动作",
      "流失概率",
      "最近跟进",
      "优先级",
    ]);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const rows = rowsOf(sheet);
    // M002's customer at risk (C04 has nothing going on); nobody else's.
    expect(rows.map((r) => r.客户编号)).toEqual(["C01"]);
    expect(rows[0]).toMatchObject({
      客户姓名: CUSTOMERS.C01.name,
      手机号码: CUSTOMERS.C01.phone,
      客户经理: "吴经理",
    });
    expect(String(rows[0]!.预警原因及证据)).toMatch(/合约|协议|到期/);
    // The outcome's note (a third party's number among other things) is not in the file.
    expect(JSON.stringify(rows)).not.toContain("13912345678");
    const chart = workbook.getWorksheet("预警图表")!;
    expect(chart.getImages()).toHaveLength(1);
    const media = (workbook.model as unknown as { media: { extension: string; buffer: Buffer }[] }).media;
    expect(media[0]?.extension).toBe("png");
    expect(media[0]!.buffer.subarray(1, 4).toString()).toBe("PNG");
    expect(reply.personal).toBe(true);
  });

  it("is audited, naming full phones", async () => {
    const rows = await app.store.prisma.auditLog.findMany({
      where: { actorId: "M002", action: { startsWith: "export" } },
    });
    expect(rows.map((r) => [r.customerId, r.action, r.channel, r.chatType])).toEqual([
      ["C01", "export risk xlsx phones=full", "telegram", "private"],
    ]);
  });

  it("refuses the team report to a manager", async () => {
    const { reply } = await askOnTelegram(app, "manager", "/export team", "dm");
    expect(reply.errorCode).toBe("leads_only");
    expect(fileOf(reply.blocks)).toBeUndefined();
  });

  it("answers a word it does not know with the usage", async () => {
    const { reply } = await askOnTelegram(app, "manager", "/export everything", "dm");
    expect(reply.errorCode).toBe("usage");
  });
});

describe("/export as a lead", () => {
  it("sends the team report: overview, overdue, what works and the chart", async () => {
    const { reply } = await askOnTelegram(app, "lead", "/export", "dm");
    const file = fileOf(reply.blocks)!;
    expect(file.name).toBe("team-T01-2026-11-23.xlsx");
    const workbook = await workbookOf(file);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      "团队概况",
      "超时未响应",
      "保有方法成效",
      "挽留效果对照",
      "预警图表",
    ]);
    for (const sheet of workbook.worksheets.slice(0, 4))
      expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const team = rowsOf(workbook.getWorksheet("团队概况")!);
    expect(team.map((r) => r.工号)).toEqual(["M001", "M002", "M003"]);
    expect(team.find((r) => r.工号 === "M002")).toMatchObject({ 客户经理: "吴经理", 待跟进: 1 });
    expect((workbook.getWorksheet("保有方法成效")!.getRow(1).values as unknown[]).slice(1)).toEqual([
      "预警信号",
      "保有方法",
      "客户分群",
      "记录数",
      "挽留成功",
      "成功率",
      "95% 区间下限",
      "95% 区间上限",
    ]);
    // No control group in this team: contacted and not contacted only.
    expect(rowsOf(workbook.getWorksheet("挽留效果对照")!).map((r) => r.分组)).toEqual(["已联系", "未联系"]);
    expect(workbook.getWorksheet("预警图表")!.getImages()).toHaveLength(1);
  });

  it("exports the team's risk list with colleagues' customers' phones masked", async () => {
    const { reply } = await askOnTelegram(app, "lead", "/export risk", "dm");
    const rows = rowsOf((await workbookOf(fileOf(reply.blocks)!)).getWorksheet("风险客户")!);
    expect(rows.map((r) => r.客户编号).sort()).toEqual(["C01", "C02"]);
    expect(rows.map((r) => r.手机号码).sort()).toEqual(["138****8001", "138****8002"]);
    expect(reply.data).toMatchObject({ kind: "risk", fullPhones: false, rows: 2 });
    const audit = await app.store.prisma.auditLog.findMany({
      where: { actorId: "M001", action: "export risk xlsx" },
    });
    expect(audit.map((a) => a.customerId).sort()).toEqual(["C01", "C02"]);
  });
});

// Each export draws its chart (ECharts and a font, rasterised): seconds of CPU, more on a loaded machine.
describe("/export in English and in groups", { timeout: 60_000 }, () => {
  it("writes English headers when the user's locale is en", async () => {
    const { reply } = await askOnTelegram(app, "manager", "/export risk", "dm", "en");
    const workbook = await workbookOf(fileOf(reply.blocks)!);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["At risk", "Chart"]);
    const header = (workbook.getWorksheet("At risk")!.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(["No.", "Customer ID", "Name", "Phone"]);
  });

  it("refuses in the team's own group and sends nothing personal", async () => {
    for (const who of ["manager", "lead"] as const) {
      const { reply, shown } = await askOnTelegram(app, who, "/export", "T01");
      expect(reply.errorCode).toBe("private_only");
      expect(fileOf(reply.blocks)).toBeUndefined();
      expect(shown).toContain("私聊");
      for (const c of Object.values(CUSTOMERS)) {
        expect(shown).not.toContain(c.name);
        expect(shown).not.toContain(c.phone.slice(-4));
      }
    }
  });
});

describe("/export on the console and the CLI", () => {
  it("saves the file in the export folder and prints its path", async () => {
    const dir = join(await mkdtemp(join(tmpdir(), "retainbot-export-")), "exports");
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = "";
    output.on("data", (d: Buffer) => {
      printed += d.toString();
    });
    input.end("/export\n");
    await runConsoleChat({
      handle: async (m) => (await handleMessage(app, m, commands)).reply,
      userId: "M002",
      input,
      output,
      interactive: false,
      fileDir: dir,
    });
    const path = join(dir, "risk-M002-2026-11-23.xlsx");
    expect(printed).toContain(`→ ${path}`);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(path)) as never);
    expect(rowsOf(workbook.getWorksheet("风险客户")!).map((r) => r.客户编号)).toEqual(["C01"]);
  });

  it("writes a manager's risk list and a team's report with `export`", async () => {
    const dir = await mkdtemp(join(tmpdir(), "retainbot-export-cli-"));
    const db = sqlitePath(app.config.DATABASE_URL);
    const risk = await runCli([
      "--db",
      db,
      "--as-of",
      AS_OF,
      "export",
      "--manager",
      "M002",
      "--out",
      join(dir, "r.xlsx"),
    ]);
    expect(risk.code).toBe(0);
    expect(risk.stderr).toContain("risk-M002-2026-11-23.xlsx written to");
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, "r.xlsx"));
    expect(rowsOf(book.getWorksheet("风险客户")!)[0]).toMatchObject({
      客户编号: "C01",
      手机号码: CUSTOMERS.C01.phone,
    });
    const team = await runCli([
      "--db",
      db,
      "--as-of",
      AS_OF,
      "export",
      "--team",
      "T02",
      "--out",
      join(dir, "t.xlsx"),
    ]);
    expect(team.code).toBe(0);
    const teamBook = new ExcelJS.Workbook();
    await teamBook.xlsx.readFile(join(dir, "t.xlsx"));
    expect(rowsOf(teamBook.getWorksheet("团队概况")!).map((r) => r.工号)).toEqual(["M006", "M007"]);
    const both = await runCli([
      "--db",
      db,
      "export",
      "--manager",
      "M002",
      "--team",
      "T01",
      "--out",
      join(dir, "x.xlsx"),
    ]);
    expect(both.code).not.toBe(0);
    expect(both.stderr).toContain("exactly one of");
  }, 180_000); // three CLI processes: slow on a loaded machine

  it("names an --out it cannot write on one line, without a stack trace", async () => {
    const missing = join(await mkdtemp(join(tmpdir(), "retainbot-export-cli-")), "no-such-folder", "r.xlsx");
    const run = await runCli([
      "--db",
      sqlitePath(app.config.DATABASE_URL),
      "--as-of",
      AS_OF,
      "export",
      "--manager",
      "M002",
      "--out",
      missing,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n").at(-1)).toBe(`ENOENT: no such file or directory, open '${missing}'`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  it.skipIf(!testPostgresUrl)(
    "writes the same risk list and team report from a PostgreSQL copy of the store",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "retainbot-export-pg-"));
      const copy = await postgresCopyOf(sqlitePath(app.config.DATABASE_URL));
      try {
        const exportFrom = async (db: string, who: string[], file: string) => {
          const run = await runCli([
            "--db",
            db,
            "--as-of",
            AS_OF,
            "export",
            ...who,
            "--out",
            join(dir, file),
          ]);
          expect(run.code, run.stderr).toBe(0);
          const book = new ExcelJS.Workbook();
          await book.xlsx.readFile(join(dir, file));
          return book;
        };
        const sqlite = sqlitePath(app.config.DATABASE_URL);
        for (const [who, sheet] of [
          [["--manager", "M002"], "风险客户"],
          [["--team", "T02"], "团队概况"],
        ] as const) {
          const onSqlite = await exportFrom(sqlite, [...who], "s.xlsx");
          const onPostgres = await exportFrom(copy.url, [...who], "p.xlsx");
          expect(rowsOf(onPostgres.getWorksheet(sheet)!)).toEqual(rowsOf(onSqlite.getWorksheet(sheet)!));
          expect(rowsOf(onPostgres.getWorksheet(sheet)!).length).toBeGreaterThan(0);
        }
      } finally {
        await copy.drop();
      }
    },
    240_000,
  );
});
