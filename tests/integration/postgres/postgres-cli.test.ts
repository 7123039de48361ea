import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { describePostgres, scratchDatabases, withPostgresClient } from "../../setup/postgres.js";
import { runCli } from "../../setup/run-cli.js";
import { projectRoot } from "../../setup/template-db.js";

describePostgres("the CLI on a PostgreSQL DATABASE_URL", () => {
  const scratch = scratchDatabases();

  it("setup migrates an empty database, doctor then finds it current, and the chat answers on it", async () => {
    const db = await scratch({ migrated: false });
    // A password in the URL never appears in what the commands print.
    const url = db.url.replace("retainbot@", "retainbot:s3cret@");
    const env = { DATABASE_URL: url, RETAINBOT_AS_OF: "2026-06-30" };

    const before = await runCli(["doctor"], { env });
    expect(before.stdout).toMatch(/✗ migrations: pending: run `npm run cli -- setup`/);

    const setup = await runCli(["setup"], { env });
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stdout).toMatch(
      /^PostgreSQL store ready at postgresql:\/\/retainbot:\*\*\*@127\.0\.0\.1:\d+\/retainbot_test_\w+ \(applied \d+ migration/,
    );

    // Setup also creates this month's usage partition and the next two (as of the pinned day).
    expect(setup.stdout).toContain("usage months created: 2026-06, 2026-07, 2026-08");
    const again = await runCli(["setup"], { env });
    expect(again.stdout).toContain("(already current; usage months current;");

    const doctor = await runCli(["doctor"], { env });
    expect(doctor.stdout).toMatch(
      /✓ store: PostgreSQL \d+[.\d]* .*at postgresql:\/\/retainbot:\*\*\*@.* \(0 customers\)/,
    );
    expect(doctor.stdout).toContain("✓ migrations: all applied");
    expect(doctor.stdout).toContain("✓ usage partitions: 3 month partitions, 2026-06 to 2026-08");
    expect(`${doctor.stdout}${setup.stdout}`).not.toContain("s3cret");
    // Local files (the knowledge index) go to ./data, never to a folder named after the URL.
    expect(existsSync(join(projectRoot, "postgresql:"))).toBe(false);

    // The chat runs on PostgreSQL (help needs no rows).
    const ask = await runCli(["ask", "help", "--user", "console:m1"], { env });
    expect(ask.code, ask.stderr).toBe(0);
    expect(ask.stdout).toContain("使用说明");

    // `model train` runs on PostgreSQL: an empty history has too few leavers (rules only, exit 3),
    // and the outcome is stored as a ChurnModel row as on SQLite.
    const train = await runCli(["model", "train"], { env });
    expect(train.code, train.stderr).toBe(3);
    expect(train.stdout).toContain("Churn model 2026-05-01#1: 0 customer-days");
    expect(train.stdout).toContain("仅按规则排序（历史中仅 0 位离网客户，至少需要 200 位才能训练模型）");
    const stored = await withPostgresClient(db.url, (client) =>
      client.query<{ version: string; note: string }>(`SELECT "version", "note" FROM "ChurnModel"`),
    );
    expect(stored.rows).toEqual([{ version: "2026-05-01#1", note: "too_few_leavers" }]);
  }, 120_000);

  it("demo loads into an empty PostgreSQL database, all or nothing, and the chat lists its customers", async () => {
    const db = await scratch({ migrated: true });
    const env = { DATABASE_URL: db.url, RETAINBOT_AS_OF: "2026-06-30" };
    const demo = await runCli(["demo", "--customers", "300"], { env });
    expect(demo.code, demo.stderr).toBe(0);
    const doctor = await runCli(["doctor"], { env });
    expect(doctor.stdout).toMatch(/✓ store: PostgreSQL .* \(300 customers\)/);
    // A lead of the demo sees a risk list computed on PostgreSQL.
    const lead = await withPostgresClient(db.url, async (client) => {
      const row = await client.query<{ id: string }>(
        `SELECT "id" FROM "Manager" WHERE "role" = 'lead' ORDER BY "id" LIMIT 1`,
      );
      return row.rows[0]?.id;
    });
    const risk = await runCli(["ask", "/risk all", "--user", `console:${lead}`], { env });
    expect(risk.code, risk.stderr).toBe(0);
    expect(risk.stdout).toMatch(/今天有流失风险的客户（2026-06-30，共 \d+ 位/);

    // A database with rows is left alone, and --replace is SQLite's only.
    const again = await runCli(["demo", "--customers", "10"], { env });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain("The PostgreSQL database is not empty");
    expect(again.stderr).toContain("Nothing was loaded.");
    const replace = await runCli(["demo", "--replace"], { env });
    expect(replace.code).not.toBe(0);
    expect(replace.stderr).toContain("`demo --replace` works on SQLite only");
    expect((await runCli(["doctor"], { env })).stdout).toContain("(300 customers)");
  }, 180_000);

  it("demo (and migrate-store) still load after the daily jobs ran on the database with no customers", async () => {
    // What `npm start` does on a new database before anyone loads data: today's (empty) warnings
    // run and a training with too few leavers, each recorded. The start-up warning then says
    // `npm run cli -- demo`, which must work.
    const db = await scratch({ migrated: true });
    const env = { DATABASE_URL: db.url, RETAINBOT_AS_OF: "2026-06-30" };
    expect((await runCli(["warnings"], { env })).code).toBe(0);
    expect((await runCli(["model", "train"], { env })).code).toBe(3);
    const demo = await runCli(["demo", "--customers", "100", "--days", "30"], { env });
    expect(demo.code, demo.stderr).toBe(0);
    expect((await runCli(["doctor"], { env })).stdout).toContain("(100 customers)");
    const runs = await withPostgresClient(db.url, (client) =>
      client.query<{ note: string }>(`SELECT "note" FROM "ChurnModel"`),
    );
    expect(runs.rows.map((r) => r.note)).not.toContain("too_few_leavers");
  }, 180_000);

  it("doctor names an unreachable server in one line", async () => {
    const doctor = await runCli(["doctor"], {
      env: { DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" },
    });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/✗ store: postgresql:\/\/nobody@127\.0\.0\.1:1\/none: .*ECONNREFUSED/);
  }, 60_000);
});
