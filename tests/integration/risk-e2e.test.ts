/**
 * End to end through the real CLI: a store imported from the risk fixture files, a fixed --as-of,
 * `ask "今天谁有风险" --json` for a manager, then outcomes and a lead's /team.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ReplyBlock } from "../../src/chat/reply.js";
import { handleMessage } from "../../src/commands/dispatch.js";
import { commands } from "../../src/commands/registry.js";
import { createApp, loadConfig } from "../../src/create-app.js";
import { DEFAULT_RULES_CONFIG } from "../../src/domain/rules-config.js";
import { importFile } from "../../src/import/index.js";
import { materialiseWarnings } from "../../src/services/warnings/materialise.js";
import { openStore } from "../../src/store/database.js";
import { runCli } from "../setup/run-cli.js";
import { createTestDb } from "../setup/test-app.js";

const D = "2026-06-30";
const FIXTURES = join(import.meta.dirname, "../fixtures/risk");
// biome-ignore lint/suspicious/noExplicitAny: JSON data read back from the CLI and replies
type Json = any;
let db: { path: string; url: string };

async function ask(text: string, user: string, asOf = D) {
  const run = await runCli([
    "--db",
    db.path,
    "--as-of",
    asOf,
    "ask",
    text,
    "--user",
    `console:${user}`,
    "--json",
  ]);
  if (run.stdout.trim() === "") throw new Error(`no output: ${run.stderr}`);
  return JSON.parse(run.stdout) as {
    command: string;
    ok: boolean;
    errorCode: string | null;
    data: Json;
    text: string;
  };
}

beforeAll(async () => {
  db = createTestDb();
  const store = openStore(db.url);
  // The same import the `import` CLI command runs, in-process (each CLI run costs seconds).
  for (const kind of ["managers", "customers", "usage", "bills", "events"] as const) {
    const report = await importFile(store, join(FIXTURES, `${kind}.csv`), kind);
    if (!report.ok) throw new Error(report.error.code);
    expect(report.value.issues).toEqual([]);
  }
  // The daily job ran on the two days before D, so warnings raised then have deadlines running.
  materialiseWarnings(store.sql, "2026-06-28", DEFAULT_RULES_CONFIG);
  materialiseWarnings(store.sql, "2026-06-29", DEFAULT_RULES_CONFIG);
  await store.close();
}, 60_000);

describe("who is at risk today, end to end", { timeout: 180_000 }, () => {
  it("lists exactly the manager's customers at risk, in priority order, with reasons and masked phones", async () => {
    const out = await ask("今天谁有风险", "M1");
    expect(out.command).toBe("risk");
    expect(out.ok).toBe(true);
    expect(out.data.day).toBe(D);
    const ids = out.data.customers.map((c: { customerId: string }) => c.customerId);
    expect(ids).toEqual(["C01", "C02", "C03", "C05"]);
    expect(out.data.customers.map((c: { priority: { score: number } }) => c.priority.score)).toEqual([
      85, 78, 46, 41,
    ]);
    const c02 = out.data.customers[1];
    expect(c02.phone).toBe("138****0002");
    expect(c02.stage).toBe("D");
    expect(c02.reasons).toEqual([
      expect.objectContaining({
        code: "spend_drop",
        level: 1,
        text: "近30天话费 ¥42，前90天月均 ¥186（−77%）",
      }),
    ]);
    expect(out.data.hidden.doNotChase).toBe(1);
    expect(out.text).not.toMatch(/1380000000\d/);
    expect(out.text).toContain("王建国");
    // What to type next, in the reply's language (the buttons send the English keywords).
    expect(out.text).toContain("→ /done C01 已联系|挽留成功|已流失|暂缓 7 · /track C01");
  });

  it("shows none of another manager's customers, and refuses an unknown user", async () => {
    const m3 = await ask("who is at risk today", "M3");
    expect(m3.data.customers.map((c: { customerId: string }) => c.customerId)).toEqual(["C09"]);
    expect(m3.text).toContain("Customers at risk today");
    expect(m3.text).toContain("→ /done C09 contacted|retained|lost|snooze 7 · /track C09");
    const stranger = await ask("今天谁有风险", "NOBODY");
    expect(stranger.errorCode).toBe("unknown_user");
    expect(stranger.data).toBeNull();
  });

  it("gives a lead the team's overdue level-1 warnings, phones masked", async () => {
    const team = await ask("/team", "L1");
    expect(team.command).toBe("team");
    const m1 = team.data.managers.find((m: { managerId: string }) => m.managerId === "M1");
    const m2 = team.data.managers.find((m: { managerId: string }) => m.managerId === "M2");
    expect(m1.overdue).toContainEqual(
      expect.objectContaining({
        customerId: "C01",
        code: "contract_expiring",
        level: 1,
        raisedDay: "2026-06-28",
        hoursOverdue: 36,
      }),
    );
    expect(m2.overdue).toContainEqual(
      expect.objectContaining({ customerId: "C08", code: "call_forwarding", level: 1 }),
    );
    expect(team.text).toContain("⚠");
    expect(team.text).not.toMatch(/1380000000\d/);
  });
});

// The rest goes through the same command layer in-process: each CLI run costs seconds.
describe("outcomes", () => {
  const say = async (text: string, user: string, asOf = D) => {
    const app = createApp(loadConfig({ db: db.path, asOf }, { LOG_LEVEL: "silent" }), { migrate: false });
    try {
      const { reply } = await handleMessage(
        app,
        { platform: "console", userId: user, chatType: "private", text },
        commands,
      );
      return reply as { data: Json; errorCode?: string; blocks: ReplyBlock[] };
    } finally {
      await app.store.close();
    }
  };
  const ids = (reply: { data: Json }) =>
    reply.data.customers.map((c: { customerId: string }) => c.customerId);

  it("takes a customer handled today off the list and off the lead's overdue view", async () => {
    expect((await say("/team", "M1")).errorCode).toBe("leads_only");
    expect((await say("/done C01 contacted 已电话沟通续约", "M1")).errorCode).toBeUndefined();
    const after = await say("/risk", "M1");
    expect(ids(after)).toEqual(["C02", "C03", "C05"]);
    expect(after.data.hidden.handledToday).toBe(1);
    const named = openStore(`file:${db.path}`);
    await named.prisma.team.update({ where: { id: "T1" }, data: { name: "城东维系组" } });
    await named.close();
    const team = await say("/team", "L1");
    expect(team.blocks[0]).toEqual({ type: "heading", text: `城东维系组 今日概况（${D}）` });
    const m1 = team.data.managers.find((m: { managerId: string }) => m.managerId === "M1");
    expect(m1.overdue.map((o: { customerId: string }) => o.customerId)).not.toContain("C01");
    expect(m1.handledToday).toBe(1);
    // Tomorrow the contract is still expiring, so the customer is back.
    expect(ids(await say("/risk", "M1", "2026-07-01"))).toContain("C01");
  });

  it("brings a snoozed customer back when the snooze ends", async () => {
    expect((await say("/done C03 snooze 2", "M1")).errorCode).toBeUndefined();
    expect(ids(await say("/risk", "M1"))).not.toContain("C03");
    expect(ids(await say("/risk 20", "M1", "2026-07-01"))).not.toContain("C03");
    expect(ids(await say("/risk 20", "M1", "2026-07-02"))).toContain("C03");
  });

  it("writes every customer shown to the audit log", async () => {
    const store = openStore(db.url);
    const rows = await store.prisma.auditLog.findMany({ where: { actorId: "M1", action: "list" } });
    await store.close();
    expect(new Set(rows.map((r) => r.customerId))).toEqual(new Set(["C01", "C02", "C03", "C05"]));
  });
});
