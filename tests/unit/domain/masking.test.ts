import { describe, expect, it } from "vitest";
import { holdsPersonalData, maskName, maskPersonalData, maskPhone } from "../../../src/domain/masking.js";

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

describe("maskPersonalData", () => {
  const cases: [string, string, string][] = [
    ["a mobile number", "客户说改打13912345678了", "客户说改打139****5678了"],
    ["a mobile with +86 and spaces", "call +86 139 1234 5678", "call 139****5678"],
    ["a landline", "座机 010-87654321", "座机 *********21"],
    ["an 18-character ID", "身份证11010519491231002X", "身份证110*************2X"],
    ["a 15-digit ID", "旧证 110105491231002", "旧证 110**********02"],
    ["a bank card", "卡号 6222 0212 3456 7890", "卡号 ************7890"],
    ["a bank card without spaces", "卡号6222021234567890123", "卡号***************0123"],
    ["an e-mail address", "邮箱 zhang.wei@example.com.cn", "邮箱 z***@example.com.cn"],
    ["a long account number", "账户 88881234567890", "账户 **********7890"],
  ];
  it.each(cases)("masks %s", (_what, text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it("masks every number in a note and leaves the words", () => {
    const note = "客户说改打13912345678，身份证11010519491231002X，卡6222021234567890，邮箱a@b.cn";
    const masked = maskPersonalData(note);
    for (const secret of ["13912345678", "11010519491231002X", "6222021234567890", "a@b.cn"])
      expect(masked).not.toContain(secret);
    expect(masked).toContain("客户说改打");
    expect(holdsPersonalData(masked)).toBe(false);
    expect(maskPersonalData(masked)).toBe(masked);
  });

  it("leaves ids, dates, money and already masked phones alone", () => {
    const text = "C0000001 2026-11-23 ¥1,234.50 138****1234 近30天话费 ¥42（−77%） 10086";
    expect(maskPersonalData(text)).toBe(text);
    expect(holdsPersonalData(text)).toBe(false);
  });
});
