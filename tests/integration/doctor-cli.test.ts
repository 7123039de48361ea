/**
 * Issue 14, item 5: `npm run cli -- doctor` checks configuration, store, migrations, knowledge
 * index and each configured platform's credentials against its (fake) API root, one line each,
 * exit 1 when anything is wrong — and changes nothing.
 */
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { type FakeFeishu, startFakeFeishu } from "../fakes/feishu-api.js";
import { FakeTelegramApi } from "../fakes/telegram-api.js";
import { runCli } from "../setup/run-cli.js";
import { createTestDb } from "../setup/test-app.js";

let telegram: FakeTelegramApi | undefined;
let feishu: FakeFeishu | undefined;
afterEach(async () => {
  await telegram?.close();
  await feishu?.close();
});

const FEISHU_ENV = (domain: string) => ({
  FEISHU_APP_ID: "cli_test",
  FEISHU_APP_SECRET: "secret",
  FEISHU_VERIFICATION_TOKEN: "vt",
  FEISHU_ENCRYPT_KEY: "ek",
  FEISHU_DOMAIN: domain,
});

it("says every check passed, one line each, for a set-up store and valid credentials", async () => {
  telegram = await FakeTelegramApi.start();
  feishu = await startFakeFeishu();
  const db = createTestDb();
  const run = await runCli(["--db", db.path, "doctor"], {
    env: {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      ...FEISHU_ENV(feishu.domain),
    },
  });
  const lines = run.stdout.trim().split("\n");
  expect(lines.map((l) => l.split(":")[0])).toEqual([
    "✓ configuration",
    "✓ store",
    "✓ migrations",
    "✓ knowledge",
    "✓ telegram",
    "✓ feishu",
    "✓ llm",
  ]);
  expect(run.code).toBe(0);
  expect(feishu.callsTo("/open-apis/auth/v3/tenant_access_token/internal")).toHaveLength(1);
}, 120_000);

it("names what is wrong: a missing store and a refused bot token, exit 1, nothing created", async () => {
  telegram = await FakeTelegramApi.start();
  const missing = join(mkdtempSync(join(tmpdir(), "retainbot-doctor-")), "nowhere.db");
  const run = await runCli(["--db", missing, "doctor"], {
    env: { TELEGRAM_BOT_TOKEN: "123:wrong", TELEGRAM_API_ROOT: telegram.apiRoot },
  });
  expect(run.stdout).toContain(`✗ store: ${missing} does not exist: run \`npm run cli -- setup\``);
  expect(run.stdout).toMatch(/✗ telegram: getMe refused \(Not Found\): check TELEGRAM_BOT_TOKEN/);
  expect(run.code).toBe(1);
  const { existsSync } = await import("node:fs");
  expect(existsSync(missing)).toBe(false);
}, 120_000);

it("reports an invalid configuration on one line and stops", async () => {
  const run = await runCli(["doctor"], { env: { RETAINBOT_LOCALE: "fr" } });
  expect(run.stdout).toMatch(/^✗ configuration: .*RETAINBOT_LOCALE/);
  expect(run.code).toBe(1);
}, 60_000);

/** A local URL nothing listens on: a port handed out by the OS and closed again. */
async function closedRoot(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

it("tells an API root that does not answer from refused credentials, naming the root's variable, never the token", async () => {
  const root = await closedRoot();
  const db = createTestDb();
  const run = await runCli(["--db", db.path, "doctor"], {
    env: {
      TELEGRAM_BOT_TOKEN: "123:secret-token",
      TELEGRAM_API_ROOT: root,
      SLACK_BOT_TOKEN: "xoxb-secret",
      SLACK_SIGNING_SECRET: "signing",
      SLACK_API_URL: `${root}/api/`,
      DINGTALK_APP_KEY: "key",
      DINGTALK_APP_SECRET: "dingtalk-secret",
      DINGTALK_OAPI_ROOT: root,
    },
  });
  expect(run.stdout).toContain(
    `✗ telegram: cannot reach ${root} (ECONNREFUSED): check TELEGRAM_API_ROOT and the network`,
  );
  expect(run.stdout).toContain(
    `✗ slack: cannot reach ${root}/api (ECONNREFUSED): check SLACK_API_URL and the network`,
  );
  expect(run.stdout).toContain(
    `✗ dingtalk: cannot reach ${root} (ECONNREFUSED): check DINGTALK_OAPI_ROOT and the network`,
  );
  expect(run.stdout).not.toMatch(/secret/);
  expect(run.code).toBe(1);
}, 120_000);
