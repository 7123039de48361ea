import { describe, expect, it } from "vitest";
import { maskName, maskPhone } from "../../../src/domain/masking.js";

describe("maskPhone", () => {
  it("keeps the first three and last four digits of a mobile number", () => {
    expect(maskPhone("13812341234")).toBe("138****1234");
    expect(maskPhone("138 1234 1234")).toBe("138****1234");
  });

  it("never returns the whole of a shorter number", () => {
    const masked = maskPhone("88881234");
    expect(masked).not.toContain("88881234");
    expect(masked.endsWith("34")).toBe(true);
  });
});

describe("maskName", () => {
  it("keeps only the surname of a Chinese name", () => {
    expect(maskName("王小明")).toBe("王**");
    expect(maskName("李娜")).toBe("李*");
  });

  it("keeps only the first letter of a Latin name", () => {
    expect(maskName("Li Na")).toMatch(/^L\*+$/);
  });
});
