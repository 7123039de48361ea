import { createRequire } from "node:module";
import { Jieba } from "@node-rs/jieba";
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

  it("uses the telecom dictionary: words plain jieba splits stay whole", () => {
    const { dict } = createRequire(import.meta.url)("@node-rs/jieba/dict") as { dict: Uint8Array };
    const plain = Jieba.withDict(dict);
    const cases: [text: string, word: string][] = [
      ["客户嫌流量包太贵", "流量包"],
      ["副卡每个月也要钱", "副卡"],
      ["亲情号不想要了", "亲情号"],
      ["我的靓号不能丢", "靓号"],
      ["提前解约要付违约金吗", "提前解约"],
      ["家庭套餐里有千兆宽带", "千兆宽带"],
    ];
    for (const [text, word] of cases) {
      // Without the domain words jieba cuts the word apart; with them it is one term.
      expect(plain.cut(text, true)).not.toContain(word);
      expect(terms(text)).toContain(word);
    }
    // Search mode still emits the words inside, so a query for 流量 finds 流量包.
    expect(terms("流量包")).toEqual(expect.arrayContaining(["流量包", "流量"]));
    expect(terms("违约金多少")).toContain("违约金");
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
