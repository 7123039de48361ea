import { createWecomAdapter } from "../../src/adapters/wecom/wecom-adapter.js";
import type { App } from "../../src/app.js";
import type { IncomingMessage } from "../../src/chat/message.js";
import { type FakeWecom, startFakeWecom } from "../fakes/wecom-api.js";
import { adapterInstances } from "./adapter-instances.js";
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
  const instances = adapterInstances(app, "/wecom/callback", (deps) =>
    createWecomAdapter({
      corpId: WECOM.corpId,
      agentId: WECOM.agentId,
      secret: "app-secret",
      token: WECOM.token,
      aesKey: WECOM.aesKey,
      apiRoot: fake.apiRoot,
      rateLimitDelaysMs: [10, 10],
      ...deps,
    }),
  );
  const callbackUrl = await instances.start();
  return {
    app,
    fake,
    callbackUrl,
    received: instances.received,
    secondInstance: () => instances.start(),
    async close() {
      await instances.stop();
      await fake.close();
      await app.store.close();
    },
  };
}
