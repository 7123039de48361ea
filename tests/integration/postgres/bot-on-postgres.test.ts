/**
 * Issue 14: `npm start` with DATABASE_URL naming PostgreSQL runs the bot there. The entry point
 * migrates an empty database, says it has no managers yet, is ready for a load balancer, and then
 * answers a manager in Telegram from rows imported into PostgreSQL.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { openPostgresStore } from "../../../src/store/postgres/open-postgres.js";
import { FakeTelegramApi } from "../../fakes/telegram-api.js";
import { MainProcess } from "../../setup/main-process.js";
import { describePostgres, scratchDatabases } from "../../setup/postgres.js";
import { textUpdate } from "../telegram/telegram-harness.js";

const TODAY = "2026-06-30";
const NEXT_DAY = "2026-07-01";

describePostgres("npm start on a PostgreSQL DATABASE_URL", () => {
  const scratch = scratchDatabases();
  let fake: FakeTelegramApi;
  let main: MainProcess | undefined;

  beforeEach(async () => {
    fake = await FakeTelegramApi.start();
  });
  afterEach(async () => {
    main?.child.kill("SIGKILL");
    main = undefined;
    await fake.close();
  });

  const logLine = (msg: string) => main?.logLine(msg);

  /** What `look` finds, polled for up to 60 s. */
  async function eventually<T>(look: () => T | undefined): Promise<T | undefined> {
    for (let i = 0; i < 600; i++) {
      const found = look();
      if (found !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return undefined;
  }

  async function startMain(url: string, asOf = TODAY): Promise<void> {
    main = await MainProcess.start({
      DATABASE_URL: url,
      RETAINBOT_AS_OF: asOf,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      HTTP_ALWAYS: "1",
      HOST: "127.0.0.1",
      PORT: "0",
    });
  }

  /** SIGTERM: the bot stops cleanly (exit 0, "RetainBot stopped"). */
  async function stopMain(): Promise<void> {
    expect(await main?.stop()).toBe(0);
    expect(logLine("RetainBot stopped")).toBeDefined();
    main = undefined;
  }

  it("migrates, is ready, and answers a manager from the rows in PostgreSQL", async () => {
    const database = await scratch({ migrated: false });
    await startMain(database.url);
    expect(
      logLine(
        "the PostgreSQL store has no managers yet: load them with `npm run cli -- import` (docs/importing.md), or the demo with `npm run cli -- demo`",
      ),
    ).toBeDefined();
    expect(await main?.whenReady()).toEqual(MainProcess.READY);
    // The daily churn step runs on PostgreSQL too: it trains (an empty history: too few leavers,
    // stored as such), then finds no model to score with (rules only).
    const trained = await eventually(() => logLine("churn model trained"));
    expect(trained).toMatchObject({ area: "churn", status: "too_few_leavers", leavers: 0 });
    expect(await eventually(() => logLine("churn scores computed"))).toMatchObject({
      kind: "score_skipped",
      day: TODAY,
    });

    await stopMain();

    // A manager and a customer whose contract ends within days are loaded. Today's list was computed
    // (empty) at start-up, and a day's list is computed once: the next day's job computes theirs.
    const store = openPostgresStore(database.url, { poolSize: 2, statementTimeoutMs: 30_000 });
    try {
      await store.db.run(`INSERT INTO "Team" ("id", "name") VALUES ('T1', '城东一组')`);
      await store.db.run(
        `INSERT INTO "Manager" ("id", "name", "teamId", "role", "telegramUserId") VALUES ('M1', '吴经理', 'T1', 'manager', '555')`,
      );
      await store.db.run(
        `INSERT INTO "Customer" ("id", "name", "phone", "managerId", "joinDate", "contractEnd", "arpu")
         VALUES ('C01', '王建国', '13800000001', 'M1', '2018-03-01', '2026-07-10', 300)`,
      );
    } finally {
      await store.close();
    }
    await startMain(database.url, NEXT_DAY);
    expect(
      logLine(
        "the PostgreSQL store has no managers yet: load them with `npm run cli -- import` (docs/importing.md), or the demo with `npm run cli -- demo`",
      ),
    ).toBeUndefined();

    fake.pushUpdate(textUpdate({ fromId: 555, text: "帮助" }));
    const [help] = await fake.waitFor("sendMessage");
    expect(String(help?.payload.text)).toContain("使用说明");

    fake.pushUpdate(textUpdate({ fromId: 555, text: "今天谁有风险" }));
    // The heading says rules only (no model on this store) and counts the one customer at risk; the
    // customer follows with the contract signal as evidence (a long list comes in several messages).
    const [heading] = await fake.waitFor(
      "sendMessage",
      (p) => String(p.text).includes("今天有流失风险的客户（2026-07-01"),
      1,
      30_000,
    );
    expect(String(heading?.payload.text)).toContain("共 1 位");
    const [entry] = await fake.waitFor("sendMessage", (p) => String(p.text).includes("C01"), 1, 30_000);
    const text = String(entry?.payload.text);
    expect(text).toMatch(/合约|到期/);

    // The outcome is written to PostgreSQL, and every answer left its audit row there.
    fake.pushUpdate(textUpdate({ fromId: 555, text: "/done C01 contacted" }));
    await fake.waitFor("sendMessage", () => true, 4, 30_000);
    const check = openPostgresStore(database.url, { poolSize: 1, statementTimeoutMs: 30_000 });
    try {
      expect(await check.db.all(`SELECT "customerId", "managerId", "kind", "day" FROM "Outcome"`)).toEqual([
        { customerId: "C01", managerId: "M1", kind: "contacted", day: NEXT_DAY },
      ]);
      const audited = await check.db.all<{ customerId: string }>(
        `SELECT DISTINCT "customerId" FROM "AuditLog" WHERE "actorId" = 'M1'`,
      );
      expect(audited.map((r) => r.customerId)).toContain("C01");
      expect(
        await check.db.all(`SELECT "customerId", "code" FROM "Warning" WHERE "day" = ?`, [NEXT_DAY]),
      ).toEqual([{ customerId: "C01", code: "contract_expiring" }]);
      expect(
        await check.db.all(`SELECT "status" FROM "WarningRun" WHERE "day" = ? ORDER BY "status"`, [NEXT_DAY]),
      ).toContainEqual({ status: "complete" });
    } finally {
      await check.close();
    }

    await stopMain();
  }, 120_000);
});
