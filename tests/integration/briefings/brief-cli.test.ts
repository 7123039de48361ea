import { afterEach, describe, expect, it } from "vitest";
import { RateLimitedTelegramFake, TELEGRAM_RULES } from "../../fakes/telegram-rate-limits.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";
import { runCli } from "../../setup/run-cli.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const GROUP = "telegram:-3000";
const DAY = "2026-11-24";

async function subscribedGroup(store: TestStore): Promise<void> {
  await store.db.run(`INSERT INTO "Team" ("id", "name") VALUES ('T1', '一组')`);
  await store.db.run(
    `INSERT INTO "ChatGroup" ("id", "platform", "chatId", "teamId", "timeZone", "briefTime")
     VALUES (?, 'telegram', '-3000', 'T1', 'Asia/Shanghai', '08:30')`,
    [GROUP],
  );
}

describe.each(eachStore)("`brief --group` on $name", (kind) => {
  it("sends through the ledger (text and chart, then sent) and never a second time", async () => {
    const store = await kind.open();
    cleanups.push(() => store.close());
    await subscribedGroup(store);
    const fake = new RateLimitedTelegramFake(TELEGRAM_RULES);
    const root = await fake.listen();
    cleanups.push(() => fake.close());
    const env = { DATABASE_URL: store.url, TELEGRAM_BOT_TOKEN: "CLI", TELEGRAM_API_ROOT: root };

    const first = await runCli(["brief", "--group", GROUP, "--date", DAY], { env });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(fake.accepted.map((c) => c.method)).toEqual(["sendMessage", "sendPhoto"]);
    const row = await store.db.get<{ status: string; claimedBy: string }>(
      `SELECT "status", "claimedBy" FROM "BriefingLedger" WHERE "groupId" = ? AND "day" = ?`,
      [GROUP, DAY],
    );
    expect(row?.status).toBe("sent");
    expect(row?.claimedBy).toMatch(/^cli:/);

    const again = await runCli(["brief", "--group", GROUP, "--date", DAY], { env });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain("already sent");
    expect(fake.accepted).toHaveLength(2);
  }, 180_000);
});
