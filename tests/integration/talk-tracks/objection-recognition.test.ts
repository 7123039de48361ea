import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import type { Reply } from "../../../src/chat/reply.js";
import { type FakeOpenAi, startFakeOpenAi } from "../../fakes/openai-api.js";
import { projectRoot } from "../../setup/template-db.js";
import { createTestApp } from "../../setup/test-app.js";
import { ask, llmEnv, replyText } from "./helpers.js";

const apps: App[] = [];

async function appWith(env: Record<string, string> = {}): Promise<App> {
  const app = createTestApp({ env });
  apps.push(app);
  await app.store.prisma.team.create({ data: { id: "T1", name: "一组" } });
  await app.store.prisma.manager.create({ data: { id: "M1", name: "李娜", teamId: "T1" } });
  expect((await app.knowledge.index()).ok).toBe(true);
  return app;
}

afterEach(async () => {
  while (apps.length > 0) await apps.pop()!.store.close();
});

interface ObjectionData {
  recognition: { source: string; confident: boolean; categories: { id: string; kind: string }[] } | null;
  sections: { title: string; lines: string[] }[];
  citations: { sourceFile: string; heading: string }[];
  clarify?: boolean;
}
const dataOf = (reply: Reply) => reply.data as ObjectionData;

describe("/objection recognises the objection before answering it", () => {
  // The four examples of the issue: each led with the wrong material before.
  it.each([
    ["你们客服态度太差了", "service", "真实异议 · 服务不满意", "objections/service-dissatisfaction.md"],
    ["上个月话费多扣了我二十块", "billing", "真实异议 · 乱扣费/计费不透明", "objections/billing-dispute.md"],
    ["我再考虑考虑", "stalling", "虚假异议 · 借口拖延", "objections/stalling.md"],
    ["我用不着这么多流量", "no-need", "真实异议 · 不需要这个业务", "objections/no-need.md"],
  ])("%s → leads with %s's handling", async (said, id, label, file) => {
    const app = await appWith();
    const { command, reply } = await ask(app, "M1", `/objection ${said}`);
    expect(command).toBe("objection");
    const data = dataOf(reply);
    expect(data.recognition?.categories[0]?.id).toBe(id);
    const text = replyText(reply);
    expect(text).toContain(`识别为：${label}`);
    // The first section is the category's handling, and its first line cites that playbook.
    expect(data.sections[0]?.title).toBe("应对要点");
    expect(data.citations[0]?.sourceFile).toBe(file);
    expect(data.sections[0]?.lines[0]).toMatch(/\[1\]$/);
    // No warning-signal definitions when the manager did not ask about a signal.
    expect(data.citations.some((c) => c.sourceFile.startsWith("signals/"))).toBe(false);
  });

  it("adds the signal's playbook after the handling when the manager names a signal", async () => {
    const app = await appWith();
    const { reply } = await ask(app, "M1", "/objection 客户咨询携号转网，说太贵了");
    const data = dataOf(reply);
    expect(data.recognition?.categories[0]?.id).toBe("price");
    expect(data.citations[0]?.sourceFile).toBe("objections/price-too-high.md");
    expect(data.sections.at(-1)?.title).toBe("相关预警信号");
    expect(data.citations.some((c) => c.sourceFile === "signals/competitor-contact.md")).toBe(true);
  });

  it.each([
    ["客戶說資費太貴了", "price", "zh"],
    ["手機被偷了怎麼辦", "lost-phone", "zh"],
    ["/objection the customer says the signal at home is terrible", "network", "en"],
    ["/objection I'll think about it and call you back", "stalling", "en"],
  ])("understands traditional characters and English: %s", async (text, id, locale) => {
    const app = await appWith();
    const message = text.startsWith("/") ? text : `/objection ${text}`;
    const { reply } = await ask(app, "M1", message);
    expect(dataOf(reply).recognition?.categories[0]?.id).toBe(id);
    if (locale === "en") expect(replyText(reply)).toContain("Recognised as:");
  });

  it.each(["客户说太贵了怎么办", "客户嫌信号太差", "the customer says it is too expensive, what do I say?"])(
    "takes the plain message %s the same way as /objection",
    async (text) => {
      const app = await appWith();
      const { command, reply } = await ask(app, "M1", text);
      expect(command).toBe("objection");
      expect(dataOf(reply).recognition?.confident).toBe(true);
      expect(dataOf(reply).sections[0]?.title).toMatch(/应对要点|How to handle it/);
    },
  );
});

describe("an unclear objection gets choices, not a guess", () => {
  it.each(["今天天气不错", "asdfgh qwerty", "请问食堂几点开饭"])(
    "%s → the top 3 categories as buttons",
    async (text) => {
      const app = await appWith();
      const { reply } = await ask(app, "M1", `/objection ${text}`);
      const data = dataOf(reply);
      expect(data.clarify).toBe(true);
      expect(data.recognition?.confident).toBe(false);
      expect(data.recognition?.categories).toEqual([]);
      const card = reply.blocks.find((b) => b.type === "customer");
      expect(card?.type === "customer" && card.actions).toHaveLength(3);
      if (card?.type !== "customer") throw new Error("no choices");
      for (const action of card.actions) expect(action.action).toMatch(/^\/objection #[a-z-]+ /);
      // No answer lines and no sources: nothing was guessed.
      expect(replyText(reply)).not.toContain("应对要点");
    },
  );

  it("a pressed choice (or the typed command) answers as that category", async () => {
    const app = await appWith();
    const { reply } = await ask(app, "M1", "/objection #stalling 今天天气不错");
    const data = dataOf(reply);
    expect(data.recognition?.source).toBe("chosen");
    expect(data.recognition?.categories[0]).toMatchObject({ id: "stalling", kind: "false" });
    expect(replyText(reply)).toContain("按所选：虚假异议 · 借口拖延");
    expect(data.citations[0]?.sourceFile).toBe("objections/stalling.md");
  });
});

describe("phrasings live in the knowledge files", () => {
  it("recognises a category an operator adds in front matter, and a phrasing added later, without code", async () => {
    const dir = mkdtempSync(join(tmpdir(), "knowledge-"));
    cpSync(join(projectRoot, "knowledge/objections/price-too-high.md"), join(dir, "price-too-high.md"));
    const file = (phrasings: string[]) =>
      `---\nid: objection-roaming\ntitle: 异议处理：漫游\ncategory: {id: roaming, kind: real, zh: 国际漫游, en: Roaming}\nhandling: [answer]\nphrasings:\n${phrasings.map((p) => `  - ${p}`).join("\n")}\n---\n\n## 应对 {#answer}\n\n先问清客户去哪个国家、去多久，再按现行政策说明可选的漫游安排。\n`;
    writeFileSync(join(dir, "roaming.md"), file(["出国漫游费太高", "国外上网太费钱"]));
    const first = await appWith({ KNOWLEDGE_DIR: dir });
    const { reply: before } = await ask(first, "M1", "/objection 出国漫游费用太高了");
    expect(dataOf(before).recognition?.categories[0]?.id).toBe("roaming");
    expect(dataOf(before).citations[0]?.sourceFile).toBe("roaming.md");
    const { reply: unclear } = await ask(first, "M1", "/objection 去日本旅游手机能用吗");
    expect(dataOf(unclear).recognition?.categories.map((c) => c.id) ?? []).not.toContain("roaming");

    writeFileSync(
      join(dir, "roaming.md"),
      file(["出国漫游费太高", "国外上网太费钱", "去日本旅游手机能用吗"]),
    );
    const second = await appWith({ KNOWLEDGE_DIR: dir });
    const { reply: after } = await ask(second, "M1", "/objection 去日本旅游手机能用吗");
    expect(dataOf(after).recognition?.categories[0]?.id).toBe("roaming");
  });
});

describe("not-objections live in the knowledge files", () => {
  it("a text an operator declares is not an objection stops being recognised as one, without code", async () => {
    const dir = mkdtempSync(join(tmpdir(), "knowledge-"));
    cpSync(join(projectRoot, "knowledge"), dir, { recursive: true });
    const note = "/objection 师傅已上门修好";
    const before = await appWith({ KNOWLEDGE_DIR: dir });
    expect(dataOf((await ask(before, "M1", note)).reply).recognition?.categories[0]?.id).toBe("service");

    writeFileSync(
      join(dir, "notes.md"),
      "---\nid: resolved-notes\nnot-objections:\n  - 师傅上门修好了\n  - 维修已完成，客户认可\n  - 装维人员已上门处理完毕\n---\n\n## 说明\n\n处理完毕的记录不是异议。\n",
    );
    const after = await appWith({ KNOWLEDGE_DIR: dir });
    const { reply } = await ask(after, "M1", note);
    expect(dataOf(reply).recognition?.confident).toBe(false);
    expect(dataOf(reply).clarify).toBe(true);
    // Real objections are still recognised next to the negative examples.
    const { reply: service } = await ask(after, "M1", "/objection 你们客服态度太差了");
    expect(dataOf(service).recognition?.categories[0]?.id).toBe("service");
  });
});

describe("with an LLM, the LLM recognises what the local classifier is unsure of", () => {
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(async () => {
    await fake.close();
  });
  afterEach(() => {
    fake.requests.length = 0;
  });

  it("asks the LLM for JSON, validates it and answers the category it names", async () => {
    const app = await appWith(llmEnv(fake.baseURL));
    fake.enqueue(
      { type: "answer", text: '```json\n{"categories": [{"id": "stalling", "confidence": 0.9}]}\n```' },
      { type: "answer", text: "先接受，再约回访 [1]。" },
    );
    const { reply } = await ask(app, "M1", "/objection 客户支支吾吾一直打哈哈，电话 13812345678");
    const data = dataOf(reply);
    expect(data.recognition).toMatchObject({ source: "llm", confident: true });
    expect(data.recognition?.categories[0]).toMatchObject({ id: "stalling", kind: "false" });
    expect(replyText(reply)).toContain("识别为：虚假异议 · 借口拖延（由大模型识别）");
    expect(replyText(reply)).toContain("先接受，再约回访 [1]。");
    const [classify, write] = fake.chatRequests();
    expect(classify!.body!.max_tokens).toBe(120);
    const [system, user] = classify!.body!.messages!;
    expect(system!.content).toContain("stalling | false | 借口拖延");
    expect(user!.content).toMatch(
      /^<<<DATA question>>>\n客户支支吾吾一直打哈哈，电话 【电话1】\n<<<END DATA>>>$/,
    );
    expect(classify!.raw).not.toContain("13812345678");
    // The answer is written from the recognised category's playbook first.
    expect(write!.body!.messages![1]!.content).toContain(
      '<<<DATA material n="1" source="objections/stalling.md"',
    );
  });

  it.each([
    ["invalid JSON", "我觉得是借口"],
    ["an unknown category", '{"categories": [{"id": "weather", "confidence": 0.99}]}'],
    ["not an objection", '{"categories": []}'],
    ["an unsure LLM", '{"categories": [{"id": "price", "confidence": 0.3}]}'],
  ])("keeps the local judgement (the choices) on %s", async (_, answer) => {
    const app = await appWith(llmEnv(fake.baseURL));
    fake.enqueue({ type: "answer", text: answer });
    const { reply } = await ask(app, "M1", "/objection 今天天气不错");
    expect(dataOf(reply).clarify).toBe(true);
    expect(dataOf(reply).recognition?.source).toBe("local");
    expect(fake.chatRequests()).toHaveLength(1);
  });

  it("keeps the local judgement when the LLM fails, and never asks it about a clear objection", async () => {
    const app = await appWith(llmEnv(fake.baseURL));
    fake.enqueue({ type: "status", status: 500 });
    const { reply } = await ask(app, "M1", "/objection 今天天气不错");
    expect(dataOf(reply).clarify).toBe(true);
    fake.requests.length = 0;
    fake.enqueue({ type: "answer", text: "讲价值 [1]。" });
    const { reply: clear } = await ask(app, "M1", "/objection 太贵了");
    expect(dataOf(clear).recognition?.source).toBe("local");
    expect(fake.chatRequests()).toHaveLength(1);
    expect(fake.chatRequests()[0]!.body!.max_tokens).toBe(600);
  });
});
