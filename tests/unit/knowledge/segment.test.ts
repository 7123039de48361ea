import { describe, expect, it } from "vitest";
import { expandQuery } from "../../../src/knowledge/query-expansion.js";
import { getSegmenter } from "../../../src/knowledge/segment.js";

const terms = (text: string) => getSegmenter().terms(text);

describe("segmenter", () => {
  it("keeps domain words whole (and emits the words inside them, for search)", () => {
    expect(terms("客户要携号转网")).toEqual(expect.arrayContaining(["携号转网", "转网"]));
    expect(terms("申请停机保号")).toContain("停机保号");
    expect(terms("把电话呼转到异网")).toEqual(expect.arrayContaining(["呼转", "异网"]));
  });

  it("drops punctuation, spaces and stopwords, lower-cases and de-pluralises English", () => {
    expect(terms("客户说:资费太贵了!")).toEqual(["客户", "资费", "太贵"]);
    expect(terms("The customer says Prices are high")).toEqual(["customer", "price", "high"]);
  });
});

describe("expandQuery", () => {
  it("maps English words to the Chinese terms passages use, at full weight", () => {
    const expanded = expandQuery(terms("price too high"), terms);
    expect(expanded).toEqual(
      expect.arrayContaining([
        { term: "资费", weight: 1 },
        { term: "贵", weight: 1 },
      ]),
    );
  });

  it("adds Chinese synonyms at a lower weight and keeps the user's own terms at 1", () => {
    const expanded = expandQuery(terms("客户嫌贵"), terms);
    expect(expanded).toContainEqual({ term: "嫌贵", weight: 1 });
    expect(expanded).toContainEqual({ term: "资费", weight: 0.5 });
  });
});
