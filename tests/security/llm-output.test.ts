/**
 * Issue 9, item 3 through the OpenAI fake: with LLM_SEND_PERSONAL_DATA=1 a note's third parties and
 * numbers leave only as placeholders; in the answer names come back but numbers only masked, the
 * model's own phone/ID/card numbers are masked, other customers' ids hidden, and markup and
 * control characters stripped — in the streamed text and in the final reply.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { settleReply } from "../../src/chat/reply.js";
import { type FakeOpenAi, startFakeOpenAi } from "../fakes/openai-api.js";
import { ask, llmEnv, replyText } from "../integration/talk-tracks/helpers.js";
import { createTestApp } from "../setup/test-app.js";

const SECRETS = ["13800138001", "13912345678", "11010519491231002X", "王小明"];
let fake: FakeOpenAi;
let app: App;

beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake.close();
});
afterEach(async () => {
  fake.requests.length = 0;
  await app.store.close();
});

async function start(): Promise<void> {
  app = createTestApp({ asOf: "2026-11-23", env: llmEnv(fake.baseURL, { LLM_SEND_PERSONAL_DATA: "1" }) });
  const p = app.store.prisma;
  await p.team.create({ data: { id: "T1", name: "一组" } });
  await p.manager.create({ data: { id: "M1", name: "张伟", teamId: "T1" } });
  const base = { joinDate: "2019-03-01", vipLevel: "gold", arpu: 168, segment: "personal", managerId: "M1" };
  await p.customer.createMany({
    data: [
      { id: "C01", name: "王建国", phone: "13800138001", contractEnd: "2026-12-03", ...base },
      { id: "C02", name: "李秀英", phone: "13800138002", ...base },
    ],
  });
  await p.outcome.create({
    data: {
      customerId: "C01",
      managerId: "M1",
      kind: "contacted",
      day: "2026-11-20",
      note: "客户说改打13912345678，以后找他儿子王小明，身份证11010519491231002X",
    },
  });
  await app.knowledge.index();
}

/** A model that echoes every placeholder it was given and adds numbers, ids and markup of its own. */
const HOSTILE =
  "您好客户A！请拨【电话1】或【电话2】，也可找联系人A，证件【证件1】。" +
  "备用 13700137000，卡 6222021234567890，邮箱 x@evil.cn，另见客户 C02。" +
  "<b>粗体</b><a href='http://evil'>点我</a>\u202Egnp.exe\u001b[31m红色\u0007 [1]";

describe("the LLM path", () => {
  it("sends no third party or number, and shows names only, numbers masked, no markup", async () => {
    await start();
    fake.setDefault({ type: "answer", text: HOSTILE, chunks: HOSTILE.match(/.{1,7}/gsu) ?? [] });
    const { reply } = await ask(app, "M1", "/track C01", { stream: true });
    let streamed = "";
    for await (const delta of reply.stream?.deltas ?? []) streamed += delta;
    const final = replyText(await settleReply(reply));

    const sent = fake
      .chatRequests()
      .map((r) => r.raw)
      .join("\n");
    expect(sent).toContain("客户说改打");
    for (const secret of SECRETS) expect(sent).not.toContain(secret);

    for (const text of [streamed, final]) {
      expect(text).toContain("您好王建国");
      expect(text).toContain("王小明");
      expect(text).toContain("138****8001");
      for (const secret of [
        "13800138001",
        "13912345678",
        "11010519491231002X",
        "13700137000",
        "6222021234567890",
        "x@evil.cn",
      ])
        expect(text).not.toContain(secret);
      for (const bad of ["C02", "<b>", "<a ", "\u202E", "\u001b", "\u0007"]) expect(text).not.toContain(bad);
      expect(text).toContain("粗体");
    }
  });
});
