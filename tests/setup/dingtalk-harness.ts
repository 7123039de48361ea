import { createDingtalkAdapter } from "../../src/adapters/dingtalk/dingtalk-adapter.js";
import type { App } from "../../src/app.js";
import type { IncomingMessage } from "../../src/chat/message.js";
import { type FakeDingtalk, startFakeDingtalk } from "../fakes/dingtalk-api.js";
import { adapterInstances } from "./adapter-instances.js";
import { RISK_DAY, seedRiskFixture } from "./risk-seed.js";
import { createTestApp } from "./test-app.js";

export const DINGTALK = {
  appKey: "ding-app",
  appSecret: "ding-app-secret",
  /** 吴经理 (M1), manager of C01–C07; 黄团长 (L1), lead of T1. */
  manager: "staff-wu",
  lead: "staff-huang",
  stranger: "staff-nobody",
  boundGroup: "cid-T1",
} as const;

export interface DingtalkHarness {
  app: App;
  fake: FakeDingtalk;
  eventsUrl: string;
  received: IncomingMessage[];
  /** Starts another adapter (another instance of the bot) on the same store and fake; returns its URL. */
  secondInstance(): Promise<string>;
  close(): Promise<void>;
}

/** The risk fixture with M1 and L1 bound to DingTalk staff ids, conversation cid-T1 bound to T1, a fake DingTalk and a started adapter. */
export async function startDingtalkHarness(): Promise<DingtalkHarness> {
  const app = createTestApp({ asOf: RISK_DAY });
  await seedRiskFixture(app);
  const p = app.store.prisma;
  await p.manager.update({ where: { id: "M1" }, data: { dingtalkUserId: DINGTALK.manager } });
  await p.manager.update({ where: { id: "L1" }, data: { dingtalkUserId: DINGTALK.lead } });
  await p.chatGroup.create({
    data: {
      id: `dingtalk:${DINGTALK.boundGroup}`,
      platform: "dingtalk",
      chatId: DINGTALK.boundGroup,
      teamId: "T1",
    },
  });
  const fake = await startFakeDingtalk();
  const instances = adapterInstances(app, "/dingtalk/events", (deps) =>
    createDingtalkAdapter({
      appKey: DINGTALK.appKey,
      appSecret: DINGTALK.appSecret,
      apiRoot: fake.root,
      oapiRoot: fake.root,
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
