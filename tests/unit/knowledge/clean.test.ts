import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { cleanText } from "../../../src/knowledge/clean.js";
import { checkMojibake } from "../../../src/knowledge/mojibake.js";
import { normalizeText } from "../../../src/knowledge/normalize.js";

const raw = (text: string) => cleanText(text, { raw: true });

describe("cleanText on raw web copies", () => {
  it("drops related-document lists with their items, and keeps the content before them", () => {
    const { text, removed } = raw(
      [
        "客户挽留要先找到真实原因。",
        "",
        "相关文档",
        "  • 深度营销与客户关系管理",
        "  • 客户关系管理笔记",
        "  • 猜你喜欢",
        "  • 特色包子的做法",
        "电脑版",
      ].join("\n"),
    );
    expect(text).toBe("客户挽留要先找到真实原因。");
    expect(removed.filter((r) => r.reason === "related-list")).toHaveLength(6);
  });

  it("ends a related list at the first real sentence", () => {
    const { text } = raw("相关推荐\n• 某文档\n协议到期前两个月要主动联系客户,了解续约意向。");
    expect(text).toBe("协议到期前两个月要主动联系客户,了解续约意向。");
  });

  it("drops page numbers, download notices, URLs and template filler", () => {
    const { text, removed } = raw(
      [
        "发布时间:2021-07-26 14:59:48",
        "第一节 客户异动判定",
        "12",
        "- 3 -",
        "第 4 页",
        "下载文档到电脑,查找使用更方便",
        "http://example.com/p-1683987.html",
        "单击此处添加副标题",
        "多日零通话的客户要优先回访。",
      ].join("\n"),
    );
    expect(text).toBe("第一节 客户异动判定\n多日零通话的客户要优先回访。");
    expect(new Set(removed.map((r) => r.reason))).toEqual(new Set(["boilerplate", "page-number", "url"]));
  });

  it("keeps a long content line that merely mentions 下载", () => {
    const line = `${"客户说下载速度慢,要先确认是宽带还是手机流量的问题,".repeat(8)}再提交处理。`;
    expect(raw(line).text).toBe(line);
  });

  it("drops running headers seen three times and immediate duplicates", () => {
    const { text } = raw(
      [
        "培训课件【精编】",
        "一、建立关系",
        "培训课件【精编】",
        "先问候。",
        "培训课件【精编】",
        "先问候。",
      ].join("\n"),
    );
    expect(text).toBe("一、建立关系\n先问候。");
  });

  it("splits slides flattened into one line at ',,,' runs and lost bullet glyphs", () => {
    const { text } = raw("阶段A:客户获取,,,阶段B:客户提升 ? 交叉销售 ? 针对性营销");
    expect(text.split("\n")).toEqual(["阶段A:客户获取", "阶段B:客户提升", "交叉销售", "针对性营销"]);
  });

  it("keeps curated Markdown's numbers and repeated bullets (raw: false)", () => {
    const md = "## 步骤\n1\n- 记录\n- 记录\n- 记录";
    expect(cleanText(md, { raw: false }).text).toBe(md);
  });
});

describe("mojibake", () => {
  it("repairs GBK text that was decoded as Latin-1, even with spaces between the bytes", () => {
    const garbled = iconv.encode("客户说资费太贵,要转网", "gbk").toString("latin1");
    expect(checkMojibake(garbled)).toEqual({ kind: "repaired", line: "客户说资费太贵,要转网" });
    expect(raw(`开头\n${garbled}`).text).toBe("开头\n客户说资费太贵,要转网");
  });

  it("drops Latin-1 soup that does not decode to clean Chinese", () => {
    const line = "¸ ¤ô ×× µ · ¼ ± ä ¶ ¯ Ô ö Ö µ 4% 7% Ê Ö º ú Ô  Ò ò 11% \ufffd";
    const { text, removed } = raw(`网络质量是主要原因。\n${line}`);
    expect(text).toBe("网络质量是主要原因。");
    expect(removed).toEqual([{ line: line.trim(), reason: "garbled" }]);
  });

  it("removes a document site's Cyrillic watermark inside Chinese text", () => {
    expect(raw("贵是 的Байду номын сангаас为客户").text).toBe("贵是 的为客户");
  });

  it("leaves ordinary accented Latin alone", () => {
    expect(checkMojibake("Café menu")).toEqual({ kind: "clean", line: "Café menu" });
  });
});

describe("normalizeText", () => {
  it("converts Traditional to Simplified and strips pinyin annotations and invisible characters", () => {
    expect(normalizeText("客戶生命周期管理培訓(xùn)資料\u200b")).toBe("客户生命周期管理培训资料");
  });

  it("replaces the 旳 variant some converters leave for 的", () => {
    expect(normalizeText("客户旳需求")).toBe("客户的需求");
  });
});
