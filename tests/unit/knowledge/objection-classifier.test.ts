import { describe, expect, it } from "vitest";
import { parseMarkdown } from "../../../src/knowledge/front-matter.js";
import { createObjectionClassifier } from "../../../src/knowledge/objections/classifier.js";
import { objectionCore } from "../../../src/knowledge/objections/features.js";
import { getSegmenter } from "../../../src/knowledge/segment.js";
import type { ObjectionCategory } from "../../../src/knowledge/types.js";

const category = (id: string, kind: ObjectionCategory["kind"], phrasings: string[]): ObjectionCategory => ({
  id,
  kind,
  zh: id,
  en: id,
  docId: `doc-${id}`,
  sourceFile: `${id}.md`,
  handling: [],
  probing: [],
  retention: [],
  phrasings,
});

const categories = [
  category("price", "real", ["太贵了", "资费太贵", "月租太高", "too expensive"]),
  category("network", "real", ["信号不好", "老是掉线", "网速太慢", "bad signal"]),
  category("stalling", "false", ["我再考虑考虑", "回头再说", "let me think about it"]),
];

describe("objection classifier", () => {
  const classifier = createObjectionClassifier(categories, getSegmenter());

  it.each([
    ["客户说太贵了怎么办", "price"],
    ["資費太貴", "price"],
    ["家里信号差，老掉线", "network"],
    ["I need to think about it", "stalling"],
    ["我考虑一下再说", "stalling"],
  ])("%s → %s", (text, id) => {
    const r = classifier.recognise(text);
    expect(r.confident).toBe(true);
    expect(r.recognised[0]?.category.id).toBe(id);
    expect(r.ranked.map((s) => s.category.id)).toHaveLength(3);
  });

  it("is not confident about text unlike any phrasing", () => {
    const r = classifier.recognise("周末去爬山吗");
    expect(r.confident).toBe(false);
    expect(r.recognised).toEqual([]);
  });

  it("recognises two categories when the text says both", () => {
    const r = classifier.recognise("资费太贵，信号不好");
    expect(r.recognised.map((s) => s.category.id).sort()).toEqual(["network", "price"]);
  });

  it("strips what the manager wraps around the customer's words", () => {
    expect(objectionCore("客户说太贵了怎么办？")).toBe("太贵了");
    expect(objectionCore("The customer says the signal is bad, what do I say?")).toBe("the signal is bad");
  });
});

describe("objection front matter", () => {
  it("reads a category (a bare `kind: false` too) and its phrasings", () => {
    const { meta, warnings } = parseMarkdown(
      "---\nid: x\ncategory: {id: stalling, kind: false, zh: 借口拖延, en: Stalling}\nhandling: [answer]\nphrasings:\n  - 再说吧\n---\n## A {#answer}\ntext\n",
    );
    expect(warnings).toEqual([]);
    expect(meta.category).toEqual({ id: "stalling", kind: "false", zh: "借口拖延", en: "Stalling" });
    expect(meta.phrasings).toEqual(["再说吧"]);
  });

  it("warns about a category nobody can recognise (no phrasings)", () => {
    const { warnings } = parseMarkdown("---\ncategory: {id: a, kind: real, zh: 甲, en: A}\n---\ntext\n");
    expect(warnings.join()).toContain("no phrasings");
  });
});
