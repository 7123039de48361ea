/**
 * Issue 16 item 4 on every platform: `/export` asked in a private chat reaches the platform's fake
 * over real HTTP as a file upload (Telegram sendDocument, Slack's external upload, WeCom and
 * DingTalk media upload, Feishu im file upload), and the uploaded bytes are the XLSX (read back
 * with exceljs). Asked in a group, nothing is uploaded.
 */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { callbackHeaders, robotMessage } from "../../fakes/dingtalk-api.js";
import { messageEvent, signedEvent } from "../../fakes/feishu-api.js";
import { directMessageEvent, postSigned } from "../../fakes/slack-requests.js";
import { FakeTelegramApi } from "../../fakes/telegram-api.js";
import { encryptedCallback, textMessageXml } from "../../fakes/wecom-api.js";
import { DINGTALK, startDingtalkHarness } from "../../setup/dingtalk-harness.js";
import { FEISHU, startFeishuHarness } from "../../setup/feishu-harness.js";
import { RISK_DAY, seedRiskFixture } from "../../setup/risk-seed.js";
import { SIGNING_SECRET, startSlackHarness } from "../../setup/slack-harness.js";
import { createTestApp } from "../../setup/test-app.js";
import { startWecomHarness, WECOM } from "../../setup/wecom-harness.js";
import { commandHandler, telegramAdapter, textUpdate } from "../telegram/telegram-harness.js";

const FILE_NAME = `risk-M1-${RISK_DAY}.xlsx`;

/** The customer ids on the XLSX's risk sheet (it must open and have the Chinese header). */
async function customerIdsIn(bytes: Uint8Array): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as never);
  const sheet = workbook.getWorksheet("风险客户");
  expect(sheet?.getRow(1).getCell(2).value).toBe("客户编号");
  const ids: string[] = [];
  sheet!.eachRow((row, n) => {
    if (n > 1) ids.push(String(row.getCell(2).value));
  });
  return ids;
}

/** Polls until `check` passes (deliveries may finish after the HTTP answer). */
async function eventually(check: () => void, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

describe("Telegram", () => {
  it("sends the export as a document in a private chat, and nothing in a group", {
    timeout: 90_000,
  }, async () => {
    const app = createTestApp({ asOf: RISK_DAY });
    await seedRiskFixture(app);
    await app.store.prisma.manager.update({ where: { id: "M1" }, data: { telegramUserId: "3001" } });
    await app.store.prisma.chatGroup.create({
      data: { id: "telegram:-4001", platform: "telegram", chatId: "-4001", teamId: "T1" },
    });
    const fake = await FakeTelegramApi.start();
    const adapter = telegramAdapter(fake, commandHandler(app), app);
    await adapter.start();
    try {
      fake.pushUpdate(textUpdate({ fromId: 3001, text: "/export" }));
      // The first chart loads ECharts, resvg and the font: allow for a loaded machine.
      const [call] = await fake.waitFor("sendDocument", () => true, 1, 30_000);
      expect(call!.payload.chat_id).toBe(3001);
      // grammY sends the file as a multipart part named in `attach://<part>`.
      const part = String(call!.payload.document).replace("attach://", "");
      const document = call!.payload[part] as Uint8Array;
      expect(document).toBeInstanceOf(Uint8Array);
      expect((await customerIdsIn(document)).length).toBeGreaterThan(0);
      expect(await customerIdsIn(document)).toContain("C01");

      fake.pushUpdate(textUpdate({ fromId: 3001, chatId: -4001, text: "/export" }));
      await fake.waitFor("sendMessage", (p) => Number(p.chat_id) === -4001);
      expect(fake.callsOf("sendDocument")).toHaveLength(1);
      const refusal = fake.callsOf("sendMessage").find((c) => Number(c.payload.chat_id) === -4001);
      expect(String(refusal?.payload.text)).toContain("私聊");
    } finally {
      await adapter.stop();
      await fake.close();
      await app.store.close();
    }
  });
});

describe("Slack", () => {
  it("uploads the export into the DM through the external upload flow", { timeout: 90_000 }, async () => {
    const h = await startSlackHarness({
      asOf: RISK_DAY,
      seed: async (app) => {
        await seedRiskFixture(app);
        await app.store.prisma.manager.update({ where: { id: "M1" }, data: { slackUserId: "U_WU" } });
      },
    });
    try {
      const event = directMessageEvent({ userId: "U_WU", channelId: "D_WU", text: "/export", ts: "1.1" });
      await postSigned(h.eventsUrl, JSON.stringify(event), "application/json", SIGNING_SECRET);
      await eventually(() => expect(h.fake.callsTo("files.completeUploadExternal")).toHaveLength(1));
      const complete = h.fake.callsTo("files.completeUploadExternal")[0]!.params;
      expect(complete.channel_id).toBe("D_WU");
      const [upload] = h.fake.uploads;
      expect(h.fake.callsTo("files.getUploadURLExternal")[0]!.params.filename).toBe(FILE_NAME);
      expect(await customerIdsIn(h.fake.uploadedFiles.get(upload!.fileId)!)).toContain("C01");
    } finally {
      await h.close();
    }
  });
});

describe("WeCom", () => {
  it("uploads the export as file media and sends a file message", { timeout: 90_000 }, async () => {
    const h = await startWecomHarness();
    try {
      const { query, body } = encryptedCallback(WECOM, textMessageXml(WECOM.manager, "/export", "7001"));
      await fetch(`${h.callbackUrl}?${query}`, {
        method: "POST",
        body,
        headers: { "content-type": "text/xml" },
      });
      const sends = await h.fake.waitForCalls("/cgi-bin/message/send", 2);
      const file = sends.find((c) => c.body.msgtype === "file");
      expect(file?.body).toMatchObject({ touser: WECOM.manager, agentid: WECOM.agentId });
      const mediaId = (file!.body.file as { media_id: string }).media_id;
      const media = h.fake.media.get(mediaId)!;
      expect(media).toMatchObject({ type: "file", filename: FILE_NAME });
      expect(await customerIdsIn(media.bytes)).toContain("C01");
    } finally {
      await h.close();
    }
  });
});

describe("Feishu", () => {
  it("uploads the export with im file upload and sends a file message; a group gets none", {
    timeout: 90_000,
  }, async () => {
    const h = await startFeishuHarness();
    const deliver = (payload: unknown) => {
      const { body, headers } = signedEvent(FEISHU, payload);
      return fetch(h.eventsUrl, { method: "POST", body, headers });
    };
    try {
      await deliver(
        messageEvent(FEISHU.verificationToken, {
          openId: FEISHU.manager,
          chatId: "oc_p2p_wu",
          chatType: "p2p",
          text: "/export",
        }),
      );
      await eventually(() => expect(h.fake.messages().some((m) => m.msgType === "file")).toBe(true));
      const fileMessage = h.fake.messages().find((m) => m.msgType === "file")!;
      expect(fileMessage.receiveId).toBe("oc_p2p_wu");
      const file = h.fake.files.get(String(fileMessage.content.file_key))!;
      expect(file).toMatchObject({ fileType: "xls", fileName: FILE_NAME });
      expect(await customerIdsIn(file.bytes)).toContain("C01");

      await deliver(
        messageEvent(FEISHU.verificationToken, {
          openId: FEISHU.manager,
          chatId: FEISHU.boundGroup,
          chatType: "group",
          text: "@_user_1 /export",
        }),
      );
      await eventually(() =>
        expect(h.fake.messages().some((m) => m.receiveId === FEISHU.boundGroup)).toBe(true),
      );
      expect(h.fake.files.size).toBe(1);
      expect(JSON.stringify(h.fake.messages().filter((m) => m.receiveId === FEISHU.boundGroup))).toContain(
        "私聊",
      );
    } finally {
      await h.close();
    }
  });
});

describe("DingTalk", () => {
  it("uploads the export as file media and sends it as the robot's sampleFile message", {
    timeout: 90_000,
  }, async () => {
    const h = await startDingtalkHarness();
    const post = (payload: unknown) =>
      fetch(h.eventsUrl, {
        method: "POST",
        body: JSON.stringify(payload),
        headers: callbackHeaders(DINGTALK.appSecret),
      });
    try {
      await post(
        robotMessage(h.fake, {
          staffId: DINGTALK.manager,
          conversationId: "cid-p2p-wu",
          conversationType: "1",
          text: "/export",
        }),
      );
      const batch = () => h.fake.callsTo("/v1.0/robot/oToMessages/batchSend");
      await eventually(() => expect(batch().some((c) => c.body.msgKey === "sampleFile")).toBe(true));
      const sent = batch().find((c) => c.body.msgKey === "sampleFile")!;
      expect(sent.body).toMatchObject({ robotCode: DINGTALK.appKey, userIds: [DINGTALK.manager] });
      const param = JSON.parse(String(sent.body.msgParam)) as Record<string, string>;
      expect(param).toMatchObject({ fileName: FILE_NAME, fileType: "xlsx" });
      const media = h.fake.media.get(param.mediaId!)!;
      expect(media.type).toBe("file");
      expect(await customerIdsIn(media.bytes)).toContain("C01");

      await post(
        robotMessage(h.fake, {
          staffId: DINGTALK.manager,
          conversationId: DINGTALK.boundGroup,
          conversationType: "2",
          text: "/export",
        }),
      );
      await eventually(() => expect(h.fake.callsTo("/robot/sendBySession").length).toBeGreaterThan(1));
      expect(JSON.stringify(h.fake.callsTo("/robot/sendBySession").at(-1)?.body)).toContain("私聊");
      expect(batch().filter((c) => c.body.msgKey === "sampleFile")).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
