import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ChatAdapter } from "../../../src/adapters/chat-adapter.js";
import { renderReply } from "../../../src/adapters/telegram/render-html.js";
import { splitHtml } from "../../../src/adapters/telegram/split-html.js";
import type { App } from "../../../src/app.js";
import type { MessageHandler } from "../../../src/chat/handler.js";
import type { Reply } from "../../../src/chat/reply.js";
import { handleMessage } from "../../../src/commands/dispatch.js";
import { commands } from "../../../src/commands/registry.js";
import { type FakeOpenAi, startFakeOpenAi } from "../../fakes/openai-api.js";
import { FakeTelegramApi, parseHtml, type RecordedCall } from "../../fakes/telegram-api.js";
import { createTestApp } from "../../setup/test-app.js";
import { llmEnv } from "../talk-tracks/helpers.js";
import { telegramAdapter, textUpdate } from "./telegram-harness.js";

const MANAGER = 556;
const GROUP = -1001;
const INTERVAL_MS = 600;
/**
 * Edits start at least INTERVAL_MS apart; the fake sees them after the request's travel time,
 * which varies on a loaded machine (108 ms seen at load 5), so the check allows 200 ms of it.
 * Unpaced edits would follow the LLM's chunks, 250 ms apart: still below the bound.
 */
const MIN_GAP_MS = INTERVAL_MS - 200;
const QUESTION = "/objection 客户说资费太贵要转网";

let llm: FakeOpenAi;
let fake: FakeTelegramApi;
let app: App;
let adapter: ChatAdapter | undefined;
/** The finished replies the handler produced, in order (what the final edit must show). */
let finals: Promise<Reply>[];

beforeAll(async () => {
  llm = await startFakeOpenAi();
});
afterAll(async () => {
  await llm.close();
});
afterEach(async () => {
  await adapter?.stop();
  adapter = undefined;
  await fake.close();
  await app.store.close();
  llm.requests.length = 0;
});

/** A bot on the real command layer that asks for streaming replies, as npm start wires it. */
async function startBot(env: Record<string, string>): Promise<void> {
  app = createTestApp({ env });
  const p = app.store.prisma;
  await p.team.create({ data: { id: "T1", name: "城东一组" } });
  await p.manager.create({
    data: { id: "M002", name: "张伟", teamId: "T1", telegramUserId: String(MANAGER) },
  });
  expect((await app.knowledge.index()).ok).toBe(true);
  fake = await FakeTelegramApi.start();
  finals = [];
  const handle: MessageHandler = async (message, options) => {
    const { reply } = await handleMessage(app, message, commands, options);
    finals.push(reply.stream ? reply.stream.final : Promise.resolve(reply));
    return reply;
  };
  adapter = telegramAdapter(fake, handle, app, { streamEditIntervalMs: INTERVAL_MS });
  await adapter.start();
}

const shown = (call: RecordedCall) => parseHtml(String(call.payload.text))?.text ?? "";
const toManager = (p: Record<string, unknown>) => p.chat_id === MANAGER;
/** The HTML messages Telegram would show for a finished reply. */
const expectedMessages = async (): Promise<string[]> =>
  renderReply(await finals[0]!).flatMap((m) => (m.kind === "text" ? splitHtml(m.html) : []));

/** Waits until the placeholder was edited into the finished reply (its sources list). */
async function waitForFinalEdit(marker: string): Promise<RecordedCall[]> {
  await fake.waitFor("editMessageText", (p) => String(p.text).includes(marker), 1, 15_000);
  // Nothing may follow the final edit but the rest of a long reply.
  await new Promise((r) => setTimeout(r, INTERVAL_MS + 200));
  return fake.callsOf("editMessageText");
}

/** Times between the placeholder and each edit, and between edits, as the fake received them. */
function gaps(): number[] {
  const times = [fake.callsOf("sendMessage")[0]!, ...fake.callsOf("editMessageText")].map((c) => c.at);
  return times.slice(1).map((t, i) => t - times[i]!);
}

describe("Telegram: talk tracks streamed into an edited message", () => {
  it("posts a placeholder, edits it with partial text at most once per interval, ends with the rendered reply", async () => {
    await startBot(llmEnv(llm.baseURL));
    const chunks = [
      "先问清“贵”在哪里 [2]。",
      "再对照客户的实际用量",
      "讲清套餐的价值 [1]，",
      "别编造优惠。",
      "最后约定回访时间。",
    ];
    llm.enqueue({ type: "answer", text: chunks.join(""), chunks, chunkDelayMs: 250 });
    fake.pushUpdate(textUpdate({ fromId: MANAGER, text: QUESTION }));

    const edits = await waitForFinalEdit("objections/price-too-high.md");
    const sent = fake.callsOf("sendMessage").filter((c) => toManager(c.payload));
    expect(sent).toHaveLength(1);
    expect(shown(sent[0]!)).toContain("正在根据培训资料撰写…");
    const placeholderId = fake.callsOf("editMessageText")[0]!.payload.message_id;
    expect(edits.every((e) => e.payload.message_id === placeholderId && toManager(e.payload))).toBe(true);

    // At least one edit showed the answer half written, still marked as being written.
    const partial = edits.slice(0, -1).map(shown);
    expect(partial.some((t) => t.includes("先问清") && !t.includes("最后约定回访时间"))).toBe(true);
    expect(partial.every((t) => t.includes("正在根据培训资料撰写…"))).toBe(true);

    const [expected] = await expectedMessages();
    expect(edits.at(-1)!.payload.text).toBe(expected);
    expect(edits.at(-1)!.payload.parse_mode).toBe("HTML");
    expect(shown(edits.at(-1)!)).toContain(
      "先问清“贵”在哪里 [2]。再对照客户的实际用量讲清套餐的价值 [1]，别编造优惠。",
    );
    expect(shown(edits.at(-1)!)).not.toContain("正在根据培训资料撰写…");

    // Paced: never two edits (or the placeholder and an edit) closer than the interval.
    for (const gap of gaps()) expect(gap).toBeGreaterThanOrEqual(MIN_GAP_MS);
  });

  it("replaces a stream cut midway with the composed fallback and its notice", async () => {
    await startBot(llmEnv(llm.baseURL));
    llm.enqueue({ type: "cut", chunks: ["先问清“贵”在哪里", "，再对照"], chunkDelayMs: 600 });
    fake.pushUpdate(textUpdate({ fromId: MANAGER, text: QUESTION }));

    const edits = await waitForFinalEdit("大模型暂时不可用");
    expect(
      edits
        .slice(0, -1)
        .map(shown)
        .some((t) => t.includes("先问清“贵”在哪里")),
    ).toBe(true);
    const final = edits.at(-1)!;
    expect(final.payload.text).toBe((await expectedMessages())[0]);
    expect(shown(final)).toContain("应对要点");
    expect(shown(final)).toContain("objections/price-too-high.md");
    expect(shown(final)).not.toContain("先问清“贵”在哪里");
    expect(fake.callsOf("sendMessage")).toHaveLength(1);
    for (const gap of gaps()) expect(gap).toBeGreaterThanOrEqual(MIN_GAP_MS);
  });

  it("keeps every edit within 4,096 characters and continues a long answer in new messages", async () => {
    await startBot(llmEnv(llm.baseURL));
    const paragraph = (n: number) => `${n}. ${"先了解客户的真实需求，再对照用量讲价值。".repeat(20)}`;
    const chunks = Array.from({ length: 14 }, (_, i) => `${paragraph(i + 1)}\n\n`);
    llm.enqueue({ type: "answer", text: chunks.join(""), chunks, chunkDelayMs: 100 });
    fake.pushUpdate(textUpdate({ fromId: MANAGER, text: QUESTION }));

    await fake.waitFor(
      "sendMessage",
      (p) => String(p.text).includes("objections/price-too-high.md"),
      1,
      15_000,
    );
    const expected = await expectedMessages();
    expect(expected.length).toBeGreaterThan(1);
    const edits = fake.callsOf("editMessageText");
    for (const call of [...edits, ...fake.callsOf("sendMessage")])
      expect(String(call.payload.text).length).toBeLessThanOrEqual(4096);
    expect(edits.at(-1)!.payload.text).toBe(expected[0]);
    const after = fake.callsOf("sendMessage").slice(1);
    expect(after.map((c) => c.payload.text)).toEqual(expected.slice(1));
  });

  it("streams a personal answer asked for in a group into the asker's private chat, the group gets a note", async () => {
    await startBot(llmEnv(llm.baseURL));
    const p = app.store.prisma;
    await p.chatGroup.create({
      data: { id: `telegram:${GROUP}`, platform: "telegram", chatId: String(GROUP), teamId: "T1" },
    });
    await p.customer.create({
      data: { id: "C1", name: "王建国", phone: "13800138000", managerId: "M002", joinDate: "2019-03-01" },
    });
    const chunks = ["开场白：客户A您好 [1]。", "先问问最近的使用感受。", "再约回访时间。"];
    llm.enqueue({ type: "answer", text: chunks.join(""), chunks, chunkDelayMs: 300 });
    fake.pushUpdate(textUpdate({ fromId: MANAGER, chatId: GROUP, text: "/track C1" }));

    const [note] = await fake.waitFor("sendMessage", (q) => q.chat_id === GROUP, 1, 15_000);
    expect(shown(note!)).not.toContain("王建国");
    const privately = fake.callsOf("sendMessage").filter((c) => toManager(c.payload));
    expect(privately).toHaveLength(1);
    const edits = fake.callsOf("editMessageText");
    expect(edits.length).toBeGreaterThanOrEqual(2);
    expect(edits.every((e) => toManager(e.payload))).toBe(true);
    expect(
      edits
        .slice(0, -1)
        .map(shown)
        .some((t) => t.includes("开场白：王建国您好")),
    ).toBe(true);
    expect(edits.at(-1)!.payload.text).toBe((await expectedMessages())[0]);
    expect(shown(edits.at(-1)!)).toContain("开场白：王建国您好 [1]。先问问最近的使用感受。再约回访时间。");
  });

  it("without an LLM sends the finished answer as one message and edits nothing", async () => {
    await startBot({});
    fake.pushUpdate(textUpdate({ fromId: MANAGER, text: QUESTION }));
    const [sent] = await fake.waitFor("sendMessage", toManager);
    await new Promise((r) => setTimeout(r, INTERVAL_MS + 200));
    expect(fake.callsOf("sendMessage")).toHaveLength(1);
    expect(fake.callsOf("editMessageText")).toEqual([]);
    expect(shown(sent!)).toContain("未经大模型生成");
    expect(sent!.payload.text).toBe((await expectedMessages())[0]);
  });
});
