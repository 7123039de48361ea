import { createFeishuAdapter } from "../../src/adapters/feishu/feishu-adapter.js";
import type { App } from "../../src/app.js";
import type { IncomingMessage } from "../../src/chat/message.js";
import { type FakeFeishu, startFakeFeishu } from "../fakes/feishu-api.js";
import { adapterInstances } from "./adapter-instances.js";
import { RISK_DAY, seedRiskFixture } from "./risk-seed.js";
import { createTestApp } from "./test-app.js";

export const FEISHU = {
  encryptKey: "feishu-encrypt-key",
  verificationToken: "feishu-verification-token",
  /** 吴经理 (M1), manager of C01–C07; 黄团长 (L1), lead of T1. */
  manager: "ou_wu",
  lead: "ou_huang",
  stranger: "ou_nobody",
  boundGroup: "oc_T1",
} as const;

export interface FeishuHarness {
  app: App;
  fake: FakeFeishu;
  eventsUrl: string;
  received: IncomingMessage[];
  /** Starts another adapter (another instance of the bot) on the same store and fake; returns its URL. */
  secondInstance(): Promise<string>;
  close(): Promise<void>;
}

/** The risk fixture with M1 and L1 bound to Feishu, group oc_T1 bound to T1, a fake Feishu and a started adapter. */
export async function startFeishuHarness(): Promise<FeishuHarness> {
  const app = createTestApp({ asOf: RISK_DAY });
  await seedRiskFixture(app);
  const p = app.store.prisma;
  await p.manager.update({ where: { id: "M1" }, data: { feishuUserId: FEISHU.manager } });
  await p.manager.update({ where: { id: "L1" }, data: { feishuUserId: FEISHU.lead } });
  await p.chatGroup.create({
    data: { id: `feishu:${FEISHU.boundGroup}`, platform: "feishu", chatId: FEISHU.boundGroup, teamId: "T1" },
  });
  const fake = await startFakeFeishu();
  const instances = adapterInstances(app, "/feishu/events", (deps) =>
    createFeishuAdapter({
      appId: "cli_test",
      appSecret: "secret",
      verificationToken: FEISHU.verificationToken,
      encryptKey: FEISHU.encryptKey,
      domain: fake.domain,
      ...deps,
    }),
  );
  const eventsUrl = await instances.start();
  return {
    app,
    fake,
    eventsUrl,
    received: instances.received,
    secondInstance: () => instances.start(),
    async close() {
      await instances.stop();
      await fake.close();
      await app.store.close();
    },
  };
}
