import { describe, expect, it } from "vitest";
import { detectLocale } from "../../src/i18n/index.js";

describe("detectLocale", () => {
  it("answers Chinese text in Chinese and English phrases in English", () => {
    expect(detectLocale("今天谁有风险", "en")).toBe("zh");
    expect(detectLocale("who is at risk today", "zh")).toBe("en");
    expect(detectLocale("/objection the price is too high", "zh")).toBe("en");
  });

  it("leaves lone command words to the configured default", () => {
    expect(detectLocale("help", "zh")).toBe("zh");
    expect(detectLocale("/risk 5", "zh")).toBe("zh");
    expect(detectLocale("/risk 5", "en")).toBe("en");
  });
});
