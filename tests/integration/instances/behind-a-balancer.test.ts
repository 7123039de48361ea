/**
 * Issue 14, item 3: Telegram webhook mode and Slack's HTTP mode behind any instance. Two real bot
 * processes share one store and one public URL; the "load balancer" here hands each delivery to
 * one of them in turn, and sometimes the same delivery to both (a platform retry that lands on the
 * other instance). Nothing a conversation needs may live in one process's memory: a bind code
 * issued anywhere binds on either instance, a button sent by one works when the press reaches the
 * other, wrong bind codes are counted across both, and a delivery is answered once in all.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asOfClock } from "../../../src/clock.js";
import { sqlitePath } from "../../../src/config.js";
import { identityMessages } from "../../../src/i18n/identity.js";
import { securityMessages } from "../../../src/i18n/security.js";
import { formatBindCode, issueBindCode } from "../../../src/services/identity/bind-codes.js";
import { BIND_MAX_FAILURES, BIND_WINDOW_MINUTES } from "../../../src/services/identity/bind-throttle.js";
import { type FakeSlack, startFakeSlack } from "../../fakes/slack-api.js";
import { directMessageEvent, postSigned } from "../../fakes/slack-requests.js";
import { FakeTelegramApi, type StoredMessage } from "../../fakes/telegram-api.js";
import { compiledEntry } from "../../setup/compiled-build.js";
import { eachStore } from "../../setup/each-store.js";
import type { ScratchDatabase } from "../../setup/postgres.js";
import { postgresCopyOf } from "../../setup/postgres-copy.js";
import { RISK_DAY, seedRiskFixture } from "../../setup/risk-seed.js";
import { projectRoot } from "../../setup/template-db.js";
import { createTestApp } from "../../setup/test-app.js";
import { callbackUpdate, textUpdate } from "../telegram/telegram-harness.js";

const WEBHOOK_URL = "https://bot.example.com/hooks/telegram";
const SECRET = "balancer-secret_1";
const SIGNING_SECRET = "balancer-signing-secret";
const M1_TELEGRAM = 4101; // binds to M1 (吴经理) during the test
const GUESSER = 4199;
const L1_SLACK = "U_HUANG";
const L1_DM = "D_HUANG";

interface Instance {
  name: string;
  base: string;
  process: ChildProcess;
  logs: string;
}

let fake: FakeTelegramApi;
let slack: FakeSlack;
let storeUrl: string;
let code: string;
let copy: ScratchDatabase | null = null;
const instances: Instance[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `npm start`'s entry point with webhooks on, resolved once it says it started. */
async function startInstance(name: string): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, [compiledEntry("src/main.ts")], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: storeUrl,
      RETAINBOT_AS_OF: RISK_DAY,
      LOG_LEVEL: "info",
      HOST: "127.0.0.1",
      PORT: String(port),
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: WEBHOOK_URL,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const instance: Instance = { name, base: `http://127.0.0.1:${port}`, process: child, logs: "" };
  instances.push(instance);
  await new Promise<void>((resolve, reject) => {
    const collect = (d: Buffer) => {
      instance.logs += d.toString();
      if (instance.logs.includes("RetainBot started")) resolve();
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    child.on("exit", (exit) => reject(new Error(`${name} exited with ${exit}:\n${instance.logs}`)));
  });
  return instance;
}

const [A, B] = [0, 1] as const;
let updateId = 1_000;

/** Delivers one Telegram update to instance `i` the way Telegram posts a webhook. */
async function deliver(i: number, update: Record<string, unknown>, id = ++updateId): Promise<number> {
  const res = await fetch(`${instances[i]!.base}/hooks/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    body: JSON.stringify({ update_id: id, ...update }),
  });
  await res.text();
  return res.status;
}

const sentTo = (chatId: number) => fake.callsOf("sendMessage").filter((c) => c.payload.chat_id === chatId);
const textsTo = (chatId: number) => sentTo(chatId).map((c) => String(c.payload.text));
const buttonsOf = (message: StoredMessage) =>
  (
    message.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }
  ).inline_keyboard.flat();

describe.each(eachStore)("two instances behind one webhook URL on $name", (kind) => {
  beforeAll(async () => {
    fake = await FakeTelegramApi.start();
    slack = await startFakeSlack();
    const app = createTestApp({ asOf: RISK_DAY });
    await seedRiskFixture(app);
    await app.store.prisma.manager.update({ where: { id: "L1" }, data: { slackUserId: L1_SLACK } });
    const issued = await issueBindCode(app.store.db, "M1", asOfClock(RISK_DAY).now());
    if (!issued.ok) throw new Error(issued.error.message);
    code = formatBindCode(issued.value.code);
    await app.store.close();
    // On PostgreSQL: the same rows copied across (what `migrate-store` does).
    copy = kind.name === "postgres" ? await postgresCopyOf(sqlitePath(app.config.DATABASE_URL)) : null;
    storeUrl = copy?.url ?? app.config.DATABASE_URL;
    await Promise.all([startInstance("A"), startInstance("B")]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(
      instances.map(
        (i) =>
          new Promise<void>((resolve) => {
            if (i.process.exitCode !== null) return resolve();
            i.process.on("exit", () => resolve());
            i.process.kill("SIGTERM");
          }),
      ),
    );
    instances.length = 0;
    await fake.close();
    await slack.close();
    await copy?.drop();
  });

  it("both registered the same webhook and serve health checks", async () => {
    expect(fake.callsOf("setWebhook").map((c) => c.payload.url)).toEqual([WEBHOOK_URL, WEBHOOK_URL]);
    for (const i of instances) expect((await fetch(`${i.base}/healthz`)).status).toBe(200);
  });

  it("binds with a code on one instance and answers the bound manager on the other", async () => {
    expect(await deliver(A, textUpdate({ fromId: M1_TELEGRAM, text: `/bind M1 ${code}` }))).toBe(200);
    await fake.waitFor("sendMessage", (p) => p.chat_id === M1_TELEGRAM, 1, 30_000);
    expect(textsTo(M1_TELEGRAM)[0]).toContain("绑定成功：吴经理");

    expect(await deliver(B, textUpdate({ fromId: M1_TELEGRAM, text: "今天谁有风险", firstName: "吴" }))).toBe(
      200,
    );
    await fake.waitFor("sendMessage", (p) => p.chat_id === M1_TELEGRAM && Boolean(p.reply_markup), 1, 30_000);
    expect(textsTo(M1_TELEGRAM).join("\n")).toContain("王建国");
  }, 60_000);

  it("runs a button sent by one instance when the press reaches the other", async () => {
    const card = [...fake.messages.values()].find(
      (m) => m.chat_id === M1_TELEGRAM && m.reply_markup && m.text.includes("C01"),
    )!;
    const contacted = buttonsOf(card)[0]!;
    const edits = fake.callsOf("editMessageText").length;
    // The list went out from B: the press goes to A.
    expect(await deliver(A, callbackUpdate(M1_TELEGRAM, contacted.callback_data, card, "吴"))).toBe(200);
    await fake.waitFor("editMessageText", () => true, edits + 1, 30_000);
    const store = kind.connect(storeUrl);
    try {
      const outcomes = await store.db.all(
        `SELECT "managerId", "kind" FROM "Outcome" WHERE "customerId" = 'C01'`,
      );
      expect(outcomes).toEqual([{ managerId: "M1", kind: "contacted" }]);
    } finally {
      await store.close();
    }
    const answers = fake.callsOf("answerCallbackQuery").map((c) => c.payload.text);
    expect(answers).not.toContain("这个按钮已过期，请重新查询。");
  }, 60_000);

  it("answers an update delivered to both instances at once exactly once", async () => {
    const before = sentTo(M1_TELEGRAM).length;
    const update = textUpdate({ fromId: M1_TELEGRAM, text: "帮助" });
    const id = ++updateId;
    const statuses = await Promise.all([deliver(A, update, id), deliver(B, update, id)]);
    expect(statuses).toEqual([200, 200]);
    await fake.waitFor("sendMessage", (p) => p.chat_id === M1_TELEGRAM, before + 1, 30_000);
    // Give a second answer, if there were one, time to arrive.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(sentTo(M1_TELEGRAM)).toHaveLength(before + 1);
    expect(textsTo(M1_TELEGRAM).at(-1)).toContain("使用说明");
  }, 60_000);

  it("counts wrong bind codes across both instances", async () => {
    // The allowed wrong codes, alternating instances, lock the next try even with a well-formed code.
    for (let n = 0; n < BIND_MAX_FAILURES; n++)
      await deliver(n % 2, textUpdate({ fromId: GUESSER, text: `/bind M2 00000-0000${n}` }));
    await fake.waitFor("sendMessage", (p) => p.chat_id === GUESSER, BIND_MAX_FAILURES, 30_000);
    await deliver(B, textUpdate({ fromId: GUESSER, text: "/bind M2 11111-11111" }));
    await fake.waitFor("sendMessage", (p) => p.chat_id === GUESSER, BIND_MAX_FAILURES + 1, 30_000);
    const texts = textsTo(GUESSER);
    expect(texts.slice(0, BIND_MAX_FAILURES)).toEqual(
      Array(BIND_MAX_FAILURES).fill(identityMessages("zh").codeInvalid),
    );
    expect(texts[BIND_MAX_FAILURES]).toBe(securityMessages("zh").bindLocked(BIND_WINDOW_MINUTES));
  }, 60_000);

  it("answers a Slack event once when its retry reaches the other instance", async () => {
    const event = directMessageEvent({
      userId: L1_SLACK,
      channelId: L1_DM,
      text: "帮助",
      ts: "1782000000.000100",
    });
    const body = JSON.stringify(event);
    const first = await postSigned(
      `${instances[A]!.base}/slack/events`,
      body,
      "application/json",
      SIGNING_SECRET,
    );
    expect(first.status).toBe(200);
    await slack.waitForCalls("chat.postMessage", 1, 30_000);
    // Slack retries with the same event_id when it thinks the answer came too late.
    const retry = await postSigned(
      `${instances[B]!.base}/slack/events`,
      body,
      "application/json",
      SIGNING_SECRET,
      {
        headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
      },
    );
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_500));
    const posts = slack.callsTo("chat.postMessage").filter((c) => c.params.channel === L1_DM);
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(posts[0]?.params)).toContain("客户维系助手");
  }, 60_000);
});
