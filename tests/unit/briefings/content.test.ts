import { describe, expect, it } from "vitest";
import { composeGroupBriefing, composePersonalBriefing } from "../../../src/briefings/content.js";
import { replyToPlainText } from "../../../src/chat/reply.js";
import { sampleBriefingFacts } from "../../fixtures/briefing-facts.js";

describe("briefing content", () => {
  it("group version: date, lunar date, counts against yesterday, masked customers, care, overdue, outcomes", () => {
    const text = replyToPlainText({ blocks: composeGroupBriefing(sampleBriefingFacts(), "zh") });
    expect(text).toContain("早安简报 · 城东一组 · 11月24日 周二");
    expect(text).toContain("农历十月十六");
    expect(text).toContain("一级预警 8 条（昨日 7，+1）");
    expect(text).toContain("二级预警 2 条（昨日 4，−2）");
    expect(text).toContain("协议到期 5（+1）");
    expect(text).toContain("张经理：王**（138****1234） 钻石卡 · 协议到期、话费突减");
    expect(text).toContain("张经理：生日 赵*");
    expect(text).toContain("张经理：1 位客户（最早 2026-11-21）");
    expect(text).toContain("挽留 3 · 流失 1 · 已联系 8");
    expect(text).not.toMatch(/王小明|13812341234|李娜/);
  });

  it("says there is no comparison when the daily job did not run yesterday", () => {
    const facts = sampleBriefingFacts({ hasYesterday: false });
    const zh = replyToPlainText({ blocks: composeGroupBriefing(facts, "zh") });
    expect(zh).toContain("一级预警 8 条（昨日无记录）");
    expect(zh).toContain("协议到期 5 ·");
    expect(zh).not.toContain("+1");
    const en = replyToPlainText({ blocks: composeGroupBriefing(facts, "en") });
    expect(en).toContain("Level 1: 8 (no record for yesterday)");
  });

  it("names festivals and solar terms on the day", () => {
    const springFestival = replyToPlainText({
      blocks: composeGroupBriefing(sampleBriefingFacts({ day: "2027-02-06" }), "zh"),
    });
    expect(springFestival).toContain("农历正月初一 · 春节");
    const en = replyToPlainText({
      blocks: composeGroupBriefing(sampleBriefingFacts({ day: "2026-09-25" }), "en"),
    });
    expect(en).toContain("Lunar 8/15 · Mid-Autumn Festival");
  });

  it("personal version: the manager's own customers with names, phones still masked", () => {
    const text = replyToPlainText({ blocks: composePersonalBriefing(sampleBriefingFacts(), "M001", "en") });
    expect(text).toContain("Full briefing for 张经理");
    expect(text).toContain("王小明（138****1234） Diamond · Contract expiring、Spend drop");
    expect(text).toContain("Birthday · 赵雷");
    expect(text).toContain("open since 2026-11-21");
    expect(text).toContain("retained 2 · lost 1 · contacted 5");
    expect(text).not.toContain("陈静");
    expect(text).not.toContain("13812341234");
  });
});
