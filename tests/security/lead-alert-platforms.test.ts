/**
 * Issue 9, item 12: a /bind lockout alert reaches the team lead on WeCom, Feishu and DingTalk too
 * (not only logged), each through its own fake platform over HTTP, addressed to the lead's own user
 * id there; a platform where the lead is not bound gets nothing.
 */
import { afterEach, expect, it } from "vitest";
import { createDirectSenders } from "../../src/adapters/direct-senders.js";
import type { App } from "../../src/app.js";
import { alertLeadOf } from "../../src/services/identity/lead-alert.js";
import { type FakeDingtalk, startFakeDingtalk } from "../fakes/dingtalk-api.js";
import { type FakeFeishu, startFakeFeishu } from "../fakes/feishu-api.js";
import { type FakeWecom, startFakeWecom } from "../fakes/wecom-api.js";
import { PEOPLE, twoTeamApp } from "./fixture.js";

let app: App;
let wecom: FakeWecom;
let feishu: FakeFeishu;
let dingtalk: FakeDingtalk;

afterEach(async () => {
  await Promise.all([wecom.close(), feishu.close(), dingtalk.close()]);
  await app.store.close();
});

it("alerts the lead privately on every configured platform where the lead is bound", async () => {
  [wecom, feishu, dingtalk] = await Promise.all([startFakeWecom(), startFakeFeishu(), startFakeDingtalk()]);
  app = await twoTeamApp({
    WECOM_CORP_ID: "ww-corp",
    WECOM_AGENT_ID: "1000002",
    WECOM_SECRET: "app-secret",
    WECOM_TOKEN: "RetainTok3n",
    WECOM_AES_KEY: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
    WECOM_API_ROOT: wecom.apiRoot,
    FEISHU_APP_ID: "cli_test",
    FEISHU_APP_SECRET: "secret",
    FEISHU_VERIFICATION_TOKEN: "vt",
    FEISHU_ENCRYPT_KEY: "ek",
    FEISHU_DOMAIN: feishu.domain,
    DINGTALK_APP_KEY: "ding-app",
    DINGTALK_APP_SECRET: "ding-secret",
    DINGTALK_API_ROOT: dingtalk.root,
    DINGTALK_OAPI_ROOT: dingtalk.root,
  });
  await app.store.prisma.manager.update({
    where: { id: PEOPLE.lead.managerId },
    data: { wecomUserId: "lead.wecom", feishuUserId: "ou_lead", dingtalkUserId: "staff-lead" },
  });
  const senders = createDirectSenders(app.config, app.logger);
  expect(senders.map((s) => s.platform).sort()).toEqual(["dingtalk", "feishu", "wecom"]);

  const sent = await alertLeadOf(
    { db: app.store.db, senders, logger: app.logger },
    PEOPLE.manager.managerId,
    "安全提醒：M002 绑定已暂停",
  );

  expect(sent).toBe(3);
  const [toWecom, ...moreWecom] = wecom.callsTo("/cgi-bin/message/send");
  expect(moreWecom).toEqual([]);
  expect(toWecom?.body).toMatchObject({
    touser: "lead.wecom",
    agentid: 1000002,
    msgtype: "text",
    text: { content: "安全提醒：M002 绑定已暂停" },
  });
  expect(feishu.messages()).toEqual([
    {
      receiveIdType: "open_id",
      receiveId: "ou_lead",
      msgType: "text",
      content: { text: "安全提醒：M002 绑定已暂停" },
    },
  ]);
  const [toDingtalk, ...moreDingtalk] = dingtalk.callsTo("/v1.0/robot/oToMessages/batchSend");
  expect(moreDingtalk).toEqual([]);
  expect(toDingtalk?.body).toMatchObject({ robotCode: "ding-app", userIds: ["staff-lead"] });
  expect(String(toDingtalk?.body.msgParam)).toContain("安全提醒：M002 绑定已暂停");
});

it("sends nothing where the lead is not bound, and counts a refused send as not sent", async () => {
  [wecom, feishu, dingtalk] = await Promise.all([startFakeWecom(), startFakeFeishu(), startFakeDingtalk()]);
  app = await twoTeamApp({
    FEISHU_APP_ID: "cli_test",
    FEISHU_APP_SECRET: "secret",
    FEISHU_VERIFICATION_TOKEN: "vt",
    FEISHU_ENCRYPT_KEY: "ek",
    FEISHU_DOMAIN: feishu.domain,
  });
  const senders = createDirectSenders(app.config, app.logger);
  const deps = { db: app.store.db, senders, logger: app.logger };
  expect(await alertLeadOf(deps, PEOPLE.manager.managerId, "x")).toBe(0);
  expect(feishu.messages()).toEqual([]);

  await app.store.prisma.manager.update({
    where: { id: PEOPLE.lead.managerId },
    data: { feishuUserId: "ou_lead" },
  });
  feishu.failNextMessage(400, 230002);
  expect(await alertLeadOf(deps, PEOPLE.manager.managerId, "x")).toBe(0);
});
