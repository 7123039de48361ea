import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createKnowledgeIndex, type KnowledgeIndex } from "../../../src/knowledge/index.js";

/** The raw seed material lives beside the repository (../shared/seeds); CI clones it there. */
const SEEDS = resolve("../shared/seeds");
const present = existsSync(SEEDS);
if (!present) console.warn(`skipping seed ingest tests: ${SEEDS} not found`);

describe.skipIf(!present)("ingest of the raw seed material (../shared/seeds)", () => {
  let index: KnowledgeIndex;
  let allText: string;

  beforeAll(async () => {
    const built = await createKnowledgeIndex({ knowledgeDir: SEEDS });
    if (!built.ok) throw new Error(built.error.message);
    index = built.value;
    allText = index
      .passages()
      .map((p) => `${p.heading}\n${p.text}`)
      .join("\n");
  });

  it("ingests every seed file into passages", () => {
    const ingested = index.report.files.filter((f) => f.status === "ingested");
    expect(ingested.length).toBeGreaterThanOrEqual(5);
    for (const f of ingested) expect(f.chunks, f.sourceFile).toBeGreaterThan(0);
  });

  it("does not index related-document lists, download notices or site furniture", () => {
    for (const boilerplate of [
      "相关文档",
      "猜你喜欢",
      "最新文档",
      "特色包子的做法",
      "下载文档到电脑",
      "展开阅读全文",
      "链接地址",
      "单击此处添加副标题",
      "人工客服工作时间",
      "Байду",
    ]) {
      expect(allText, boilerplate).not.toContain(boilerplate);
    }
  });

  it("does not index page-number lines, running headers or garbled lines", () => {
    const lines = allText.split("\n").map((l) => l.trim());
    expect(lines.filter((l) => /^\d{1,4}$/.test(l))).toEqual([]);
    // A slide footer repeated four times in 002; the same words once as a section title stay.
    expect(allText).not.toContain("PPT课件 【精编 】");
    expect(lines.filter((l) => l === "2009/4/22-23")).toEqual([]);
    expect(allText).not.toMatch(/[\u0080-\u00ff]\s[\u0080-\u00ff]\s[\u0080-\u00ff]/);
    const removed = index.report.files.reduce((n, f) => n + f.removedLines, 0);
    expect(removed).toBeGreaterThan(100);
  });

  it("reads the Traditional-Chinese seed as Simplified, without pinyin annotations", () => {
    expect(allText).toContain("客户生命周期管理");
    expect(allText).not.toMatch(/訓|\(xùn\)/);
  });

  it("finds seed passages for a manager's question", () => {
    const hits = index.search("客户不愿意说出离网原因", { k: 3 });
    expect(hits[0]?.text).toContain("倾注感情的提问");
    expect(index.search("協議到期", { k: 3 }).length).toBeGreaterThan(0);
  });
});
