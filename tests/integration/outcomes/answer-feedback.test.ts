/**
 * Issue 16, item 3: 👍 / 👎 under every talk track and objection answer, stored once per user and
 * answer with the passages it cited; `knowledge report` lists the worst-rated passages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { type Reply, settleReply } from "../../../src/chat/reply.js";
import { handleMessage } from "../../../src/commands/dispatch.js";
import { commands } from "../../../src/commands/registry.js";
import { sqlitePath } from "../../../src/config.js";
import { postgresCopyOf } from "../../setup/postgres-copy.js";
import { testPostgresUrl } from "../../setup/postgres-env.js";
import { RISK_DAY, seedRiskFixture } from "../../setup/risk-seed.js";
import { runCli } from "../../setup/run-cli.js";
import { createTestApp } from "../../setup/test-app.js";

let app: App;
beforeAll(async () => {
  app = createTestApp({ asOf: RISK_DAY });
  await seedRiskFixture(app);
}, 60_000);
afterAll(async () => app.store.close());

async function say(text: string, user = "M1"): Promise<Reply> {
  const { reply } = await handleMessage(
    app,
    { platform: "console", userId: user, chatType: "private", text, locale: "zh" },
    commands,
  );
  return settleReply(reply);
}
const feedbackActions = (reply: Reply) =>
  reply.blocks
    .flatMap((b) => (b.type === "customer" ? b.actions : []))
    .filter((a) => a.action.startsWith("/feedback"));

describe("feedback on answers", { timeout: 120_000 }, () => {
  it("offers 👍 / 👎 under an objection answer and a talk track, carrying the cited passages", async () => {
    const objection = await say("/objection 客户说资费太贵");
    const [up, down] = feedbackActions(objection);
    expect(up?.label).toBe("👍 有用");
    expect(down?.label).toBe("👎 没用");
    const cited = (objection.data as { citations: { passageId: string }[] }).citations.map(
      (c) => c.passageId,
    );
    expect(cited.length).toBeGreaterThan(0);
    expect(up?.action.split(" ")[3]).toBe(cited.join(","));
    expect(feedbackActions(await say("/track C02"))).toHaveLength(2);
  });

  it("stores one rating per user and answer (a second press replaces it), with the passages", async () => {
    const [up, down] = feedbackActions(await say("/objection 客户说资费太贵"));
    expect((await say(up!.action)).errorCode).toBeUndefined();
    await say(up!.action);
    await say(down!.action);
    await say(up!.action, "M2");
    const rows = await app.store.prisma.answerFeedback.findMany({ orderBy: { managerId: "asc" } });
    expect(rows.map((r) => [r.managerId, r.rating])).toEqual([
      ["M1", "down"],
      ["M2", "up"],
    ]);
    expect(JSON.parse(rows[0]!.passages)).toEqual(up!.action.split(" ")[3]!.split(","));
  });

  it("refuses a forged press", async () => {
    expect((await say("/feedback short up x#y")).errorCode).toBe("usage");
    expect((await say("/feedback abcdefghijkl sideways x#y")).errorCode).toBe("usage");
    expect((await say("/feedback abcdefghijkl up a;DROP")).errorCode).toBe("usage");
  });

  it("lists the worst-rated passages in `knowledge report`", async () => {
    const [, down] = feedbackActions(await say("/track C02"));
    await say(down!.action, "M1");
    await say(down!.action, "M2");
    const run = await runCli(["--db", sqlitePath(app.config.DATABASE_URL), "knowledge", "report", "--json"]);
    expect(run.code).toBe(0);
    const passages = JSON.parse(run.stdout).passages as { passageId: string; up: number; down: number }[];
    expect(passages.length).toBeGreaterThan(0);
    const worst = passages[0]!;
    expect(worst.down - worst.up).toBeGreaterThanOrEqual(passages.at(-1)!.down - passages.at(-1)!.up);
    expect(worst.down).toBeGreaterThanOrEqual(2);
    if (!testPostgresUrl) return;
    // The same rows on PostgreSQL: the same list, as JSON and as text.
    const postgres = await postgresCopyOf(sqlitePath(app.config.DATABASE_URL));
    try {
      expect(await runCli(["--db", postgres.url, "knowledge", "report", "--json"])).toEqual(run);
      const text = await runCli(["--db", sqlitePath(app.config.DATABASE_URL), "knowledge", "report"]);
      expect(text.stdout).toContain(worst.passageId);
      expect(await runCli(["--db", postgres.url, "knowledge", "report"])).toEqual(text);
    } finally {
      await postgres.drop();
    }
  }, 120_000);
});
