import { createSlackAdapter, type SlackAdapter } from "../../src/adapters/slack/slack-adapter.js";
import type { App } from "../../src/app.js";
import type { MessageHandler } from "../../src/chat/handler.js";
import type { IncomingMessage } from "../../src/chat/message.js";
import { handleMessage } from "../../src/commands/dispatch.js";
import { commands, loadEveryCommand } from "../../src/commands/registry.js";
import { type FakeSlack, startFakeSlack } from "../fakes/slack-api.js";
import { createTestApp, testConfig } from "./test-app.js";

// Every command's module now, not while a test waits for a reply (they load on first use).
await loadEveryCommand();

export const SIGNING_SECRET = "test-signing-secret";
/** Slack ids of the seeded people and places. */
export const SLACK = {
  lead: "U_LI",
  manager: "U_WANG",
  stranger: "U_NOBODY",
  boundChannel: "C_BOUND",
  unboundChannel: "C_LOBBY",
  leadDm: "D_LI",
  strangerDm: "D_NOBODY",
} as const;

export interface SlackHarness {
  app: App;
  fake: FakeSlack;
  adapter: SlackAdapter;
  /** Every message the adapter handed to the handler. */
  received: IncomingMessage[];
  /** The HTTP receiver's endpoint (HTTP mode only). */
  eventsUrl: string;
  close(): Promise<void>;
}

/**
 * A store with team T1 (lead 李娜 = U_LI, manager 王强 = U_WANG) and channel C_BOUND bound to it,
 * a fake Slack, and a started adapter on the real command layer (or on `handle` when given).
 */
export async function startSlackHarness(
  options: {
    socketMode?: boolean;
    handle?: MessageHandler;
    /** The day the bot lives in (default the test app's). */
    asOf?: string;
    /** Fills the store instead of the default team. */
    seed?: (app: App) => Promise<void>;
  } = {},
): Promise<SlackHarness> {
  const app = createTestApp(options.asOf ? { asOf: options.asOf } : {});
  await (options.seed ?? seedTeam)(app);
  const fake = await startFakeSlack();
  const config = testConfig({
    DATABASE_URL: app.config.DATABASE_URL,
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    ...(options.socketMode ? { SLACK_APP_TOKEN: "xapp-test-token" } : {}),
    SLACK_API_URL: fake.apiUrl,
    HOST: "127.0.0.1",
    PORT: "0",
  });
  const received: IncomingMessage[] = [];
  const handle: MessageHandler = async (message) => {
    received.push(message);
    return options.handle ? options.handle(message) : (await handleMessage(app, message, commands)).reply;
  };
  const adapter = createSlackAdapter({
    config,
    handle,
    logger: app.logger,
    processBeforeResponse: true,
    retryConfig: { retries: 0 },
  });
  await adapter.start();
  const address = adapter.address();
  return {
    app,
    fake,
    adapter,
    received,
    eventsUrl: address ? `http://127.0.0.1:${address.port}/slack/events` : "",
    async close() {
      await adapter.stop();
      await fake.close();
      await app.store.close();
    },
  };
}

async function seedTeam(app: App): Promise<void> {
  const prisma = app.store.prisma;
  await prisma.team.create({ data: { id: "T1", name: "城东一组" } });
  await prisma.manager.create({
    data: { id: "M001", name: "李娜", teamId: "T1", role: "lead", slackUserId: SLACK.lead },
  });
  await prisma.manager.create({
    data: { id: "M002", name: "王强", teamId: "T1", role: "manager", slackUserId: SLACK.manager },
  });
  await prisma.chatGroup.create({
    data: { id: `slack:${SLACK.boundChannel}`, platform: "slack", chatId: SLACK.boundChannel, teamId: "T1" },
  });
}
