import { describe, expect, it } from "vitest";
import { parseMarkdown } from "../../../src/knowledge/front-matter.js";
import { createObjectionClassifier } from "../../../src/knowledge/objections/classifier.js";
import { objectionCore } from "../../../src/knowledge/objections/features.js";
import { trainSoftmax } from "../../../src/knowledge/objections/softmax.js";
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

describe("the trained part of the classifier", () => {
  const x = (indices: number[], values: number[]) => ({
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
  });
  const examples = [
    { c: 0, v: x([0, 1], [0.8, 0.6]) },
    { c: 0, v: x([0, 2], [0.6, 0.8]) },
    { c: 1, v: x([3, 1], [0.8, 0.6]) },
    { c: 1, v: x([3, 2], [0.6, 0.8]) },
  ];
  const options = { l2: 1e-4, iterations: 40, learningRate: 0.2 };

  it("learns which features tell the classes apart (softmax regression), the same way every time", () => {
    const model = trainSoftmax(examples, 2, 4, options);
    const p = model.probabilities(x([0], [1]));
    expect(p[0]).toBeGreaterThan(0.8);
    expect(p[0]! + p[1]!).toBeCloseTo(1, 9);
    // A feature both classes share says nothing.
    expect(model.probabilities(x([1], [1]))[0]).toBeCloseTo(0.5, 1);
    expect([...trainSoftmax(examples, 2, 4, options).probabilities(x([3], [1]))]).toEqual([
      ...model.probabilities(x([3], [1])),
    ]);
  });

  it("learns not-objections as a class of their own that is never ranked", () => {
    const plain = createObjectionClassifier(categories, getSegmenter());
    const withNegatives = createObjectionClassifier(categories, getSegmenter(), {
      notObjections: ["信号修好了", "网速现在正常了"],
    });
    const said = "信号修好了！";
    expect(plain.recognise(said).confident).toBe(true);
    const r = withNegatives.recognise(said);
    expect(r.confident).toBe(false);
    expect(r.ranked.map((s) => s.category.id).sort()).toEqual(["network", "price", "stalling"]);
    expect(withNegatives.recognise("老是掉线").recognised[0]?.category.id).toBe("network");
  });

  it("a single category is judged by similarity alone (no model to train)", () => {
    const one = createObjectionClassifier([categories[0]!], getSegmenter());
    const r = one.recognise("太贵了");
    expect(r.confident).toBe(true);
    expect(Number.isFinite(r.confidence)).toBe(true);
    expect(one.recognise("周末去爬山吗").confident).toBe(false);
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

  it("reads not-objections (the classifier's negative examples)", () => {
    const { meta } = parseMarkdown("---\nnot-objections:\n  - 客户满意\n  - 谢谢\n---\ntext\n");
    expect(meta["not-objections"]).toEqual(["客户满意", "谢谢"]);
  });

  it("warns about a category nobody can recognise (no phrasings)", () => {
    const { warnings } = parseMarkdown("---\ncategory: {id: a, kind: real, zh: 甲, en: A}\n---\ntext\n");
    expect(warnings.join()).toContain("no phrasings");
  });
});
