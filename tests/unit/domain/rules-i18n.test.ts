import { describe, expect, it } from "vitest";
import { careReminders } from "../../../src/domain/care/index.js";
import { priorityOf } from "../../../src/domain/priority.js";
import { DEFAULT_RULES_CONFIG as config } from "../../../src/domain/rules-config.js";
import { makeSignal, SIGNAL_CODES } from "../../../src/domain/signals/index.js";
import { renderCare, renderEvidence, renderPriority, rulesMessages } from "../../../src/i18n/rules.js";
import { lunarDateZh, yuan } from "../../../src/i18n/rules-format.js";
import { aCustomer, someFacts } from "../../fakes/customer-facts.js";

const drop = makeSignal("spend_drop", 1, {
  days: 30,
  baselineDays: 90,
  recent: 42,
  baselineMonthly: 186,
  changePercent: -77,
});

describe("rules i18n", () => {
  it("renders the issue's evidence line in Chinese and in English", () => {
    expect(renderEvidence(drop, "zh")).toBe("近30天话费 ¥42，前90天月均 ¥186（−77%）");
    expect(renderEvidence(drop, "en")).toBe(
      "Spend ¥42 in the last 30 days vs ¥186/month over the 90 days before (−77%)",
    );
  });
  it("has a title and an action for every signal code in both locales", () => {
    for (const locale of ["zh", "en"] as const) {
      for (const code of SIGNAL_CODES) {
        expect(rulesMessages(locale).signals[code].title.length).toBeGreaterThan(0);
        expect(rulesMessages(locale).signals[code].action.length).toBeGreaterThan(0);
      }
    }
  });
  it("renders a lunar birthday reminder with its suggested action", () => {
    const [r] = careReminders(
      someFacts({
        customer: aCustomer({ birthday: "1970-12-20", lunarBirthday: true, joinDate: "2020-05-05" }),
      }),
      "2027-01-25",
      config,
    );
    expect(renderCare(r!, "zh")).toEqual({
      title: "农历生日",
      detail: "2天后（2027-01-27）农历生日（腊月二十）",
      action: "送上生日祝福（短信或电话），可结合积分兑换小礼品",
    });
    expect(renderCare(r!, "en").detail).toBe("Lunar birthday in 2 days (2027-01-27) (lunar 12/20)");
  });
  it("explains a priority as parts that add up", () => {
    const p = priorityOf(aCustomer({ vipLevel: "gold", arpu: 186 }), [drop], "C", config);
    expect(renderPriority(p, "zh")).toBe(
      "73 = 预警 1 个一级、0 个二级 +30 · 金卡 +15 · ARPU ¥186 +18 · 成熟期 +10",
    );
  });
  it("formats money and lunar dates", () => {
    expect(yuan(8.5)).toBe("¥8.5");
    expect(yuan(185.6)).toBe("¥186");
    expect(lunarDateZh(1, 1)).toBe("正月初一");
    expect(lunarDateZh(8, 15)).toBe("八月十五");
    expect(lunarDateZh(-6, 21)).toBe("闰六月廿一");
    expect(lunarDateZh(12, 30)).toBe("腊月三十");
  });
});
