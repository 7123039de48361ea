import { describe, expect, it } from "vitest";
import {
  MAX_CHUNK_CHARS,
  sectionsFromMarkdown,
  sectionsFromPlainText,
} from "../../../src/knowledge/chunk.js";
import { parseMarkdown } from "../../../src/knowledge/front-matter.js";

describe("sectionsFromMarkdown", () => {
  it("makes one section per ## heading, with explicit anchors or positional ones", () => {
    const { title, sections } = sectionsFromMarkdown(
      "# 资费异议\n\n开场说明。\n\n## 先问清楚 {#probe}\n问哪里贵。\n\n## 应答\n讲价值。\n### 细节 {#detail}\n对账单。",
    );
    expect(title).toBe("资费异议");
    expect(sections.map((s) => [s.anchor, s.heading, s.text])).toEqual([
      ["intro", "", "开场说明。"],
      ["probe", "先问清楚", "问哪里贵。"],
      ["s3", "应答", "讲价值。"],
      ["detail", "细节", "对账单。"],
    ]);
  });

  it("splits a section longer than the limit into numbered parts at paragraph boundaries", () => {
    const paragraph = "客户经理要先倾听客户的真实需求。".repeat(30);
    const { sections } = sectionsFromMarkdown(
      `## 很长 {#long}\n${[paragraph, paragraph, paragraph].join("\n\n")}`,
    );
    expect(sections.map((s) => s.anchor)).toEqual(["long", "long-2", "long-3"]);
    for (const s of sections) expect(s.text.length).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
  });
});

describe("sectionsFromPlainText", () => {
  it("starts sections at training-material headings and merges short ones forward", () => {
    const text = [
      "第一节:客户异动判定",
      "协议到期、业务量突降、多日零通话都是流失倾向。".repeat(6),
      "一、关键时刻",
      "欠费停机。",
      "二、手机丢失",
      "第一时间帮客户挂失补卡,雪中送炭。".repeat(5),
    ].join("\n");
    const sections = sectionsFromPlainText(text, "标题");
    expect(sections.map((s) => s.heading)).toEqual(["第一节:客户异动判定", "一、关键时刻"]);
    expect(sections[1]?.text).toContain("二、手机丢失");
    expect(sections.map((s) => s.anchor)).toEqual(["1", "2"]);
  });

  it("uses the fallback heading for text before any heading", () => {
    expect(sectionsFromPlainText("没有标题的一段话。".repeat(20), "文件名")[0]?.heading).toBe("文件名");
  });
});

describe("parseMarkdown (front matter)", () => {
  it("reads id, title, tags, signals and objections", () => {
    const { meta, body, warnings } = parseMarkdown(
      "---\nid: objection-price\ntitle: 资费太贵\ntags: [资费, price]\nsignals: [spend_drop]\nobjections: 资费太贵\n---\n## 正文\n",
    );
    expect(meta).toEqual({
      id: "objection-price",
      title: "资费太贵",
      tags: ["资费", "price"],
      signals: ["spend_drop"],
      objections: ["资费太贵"],
      phrasings: [],
      "not-objections": [],
      handling: [],
      probing: [],
      retention: [],
    });
    expect(body).toBe("## 正文\n");
    expect(warnings).toEqual([]);
  });

  it("still ingests a file whose front matter is broken, with a warning", () => {
    const parsed = parseMarkdown("---\nid: [unclosed\n---\n## 正文\n");
    expect(parsed.meta.id).toBeUndefined();
    expect(parsed.body).toBe("## 正文\n");
    expect(parsed.warnings[0]).toMatch(/not valid YAML/);
  });

  it("warns about signal codes the warning rules do not emit", () => {
    expect(parseMarkdown("---\nsignals: [spend_drop, moon_phase]\n---\n").warnings).toEqual([
      "unknown signal codes: moon_phase",
    ]);
  });

  it("treats a file without front matter as all body", () => {
    expect(parseMarkdown("## 只有正文\n")).toEqual({
      meta: {
        tags: [],
        signals: [],
        objections: [],
        phrasings: [],
        "not-objections": [],
        handling: [],
        probing: [],
        retention: [],
      },
      body: "## 只有正文\n",
      warnings: [],
    });
  });
});
