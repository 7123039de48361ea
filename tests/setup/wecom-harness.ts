import { createWecomAdapter } from "../../src/adapters/wecom/wecom-adapter.js";
import type { App } from "../../src/app.js";
import type { IncomingMessage } from "../../src/chat/message.js";
import { handleMessage } from "../../src/commands/dispatch.js";
import { commands } from "../../src/commands/registry.js";
import { createHttpListener } from "../../src/http/http-listener.js";
import { type FakeWecom, startFakeWecom } from "../fakes/wecom-api.js";
import { RISK_DAY, seedRiskFixture } from "./risk-seed.js";
import { createTestApp } from "./test-app.js";

export const WECOM = {
  token: "RetainTok3n",
  aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
  corpId: "ww-corp",
  agentId: 1000002,
  /** 吴经理 (M1), manager of C01–C07. */
  manager: "wu.jingli",
  stranger: "nobody",
} as const;

export interface WecomHarness {
  app: App;
  fake: FakeWecom;
  callbackUrl: string;
  received: IncomingMessage[];
  /** Starts another adapter (another instance of the bot) on the same store and fake; returns its URL. */
  secondInstance(): Promise<string>;
  close(): Promise<void>;
}

/** The risk fixture with M1 bound to WeCom user `wu.jingli`, a fake WeCom and a started adapter. */
export async function startWecomHarness(): Promise<WecomHarness> {
  const app = createTestApp({ asOf: RISK_DAY });
  await seedRiskFixture(app);
  await app.store.prisma.manager.update({ where: { id: "M1" }, data: { wecomUserId: WECOM.manager } });
  const fake = await startFakeWecom();
  const received: IncomingMessage[] = [];
  const instances: { adapter: { stop(): Promise<void> }; http: { stop(): Promise<void> } }[] = [];
  const startInstance = async (): Promise<string> => {
    const http = createHttpListener({ host: "127.0.0.1", port: 0, logger: app.logger });
    const adapter = createWecomAdapter({
      corpId: WECOM.corpId,
      agentId: WECOM.agentId,
      secret: "app-secret",
      token: WECOM.token,
      aesKey: WECOM.aesKey,
      apiRoot: fake.apiRoot,
      handle: async (message, options) => {
        received.push(message);
        return (await handleMessage(app, message, commands, options)).reply;
      },
      logger: app.logger,
      http,
      processBeforeResponse: true,
      rateLimitDelaysMs: [10, 10],
    });
    const { port } = await http.start();
    await adapter.start();
    instances.push({ adapter, http });
    return `http://127.0.0.1:${port}/wecom/callback`;
  };
  const callbackUrl = await startInstance();
  return {
    app,
    fake,
    callbackUrl,
    received,
    secondInstance: startInstance,
    async close() {
      for (const { adapter, http } of instances) {
        await adapter.stop();
        await http.stop();
      }
      await fake.close();
      await app.store.close();
    },
  };
}
