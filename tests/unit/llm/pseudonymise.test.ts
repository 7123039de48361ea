import { describe, expect, it } from "vitest";
import { Pseudonymiser } from "../../../src/llm/pseudonymise.js";

describe("Pseudonymiser", () => {
  it("hides names, mobile and landline numbers and ID numbers; restores names, numbers only masked", () => {
    const p = new Pseudonymiser();
    expect(p.addName("王建国")).toBe("客户A");
    expect(p.addName("李娜", "manager")).toBe("经理A");
    const text =
      "王建国(身份证 11010519491231002X)说 138 0013 8000 和 +86-13900139000 都是他的,家里电话 010-62345678。经理李娜跟进。";
    const masked = p.mask(text);
    expect(masked).not.toMatch(
      /王建国|李娜|11010519491231002X|13800138000|138 0013 8000|13900139000|62345678/,
    );
    expect(masked).toContain("客户A");
    expect(masked).toContain("【证件1】");
    expect(masked).toContain("【电话1】");
    expect(masked).toContain("【电话3】");
    expect(p.restore(masked)).toBe(
      "王建国(身份证 110*************2X)说 138****8000 和 139****9000 都是他的,家里电话 *********78。经理李娜跟进。",
    );
  });

  it("gives the same value the same placeholder and tolerates spaces the model inserts", () => {
    const p = new Pseudonymiser();
    p.addName("张三丰");
    const masked = p.mask("张三丰 13800138000;再拨 13800138000");
    expect(masked).toBe("客户A 【电话1】;再拨 【电话1】");
    expect(p.restore("您好,客户 A!请拨【电话1】")).toBe("您好,张三丰!请拨138****8000");
  });

  it("leaves ordinary numbers (amounts, days, dates) alone", () => {
    const p = new Pseudonymiser();
    const text = "月消费 128 元,已 31 天未通话,合约 2026-12-31 到期,ARPU 1280.5";
    expect(p.mask(text)).toBe(text);
  });

  it("pseudonymises third parties a note names, and not ordinary words", () => {
    const p = new Pseudonymiser();
    p.addName("王建国");
    const note = "王建国说以后找他儿子王小明，或联系人：李梅，王先生也行；这位先生是客户经理带来的";
    expect(p.addThirdParties(note)).toBe(3);
    const masked = p.mask(note);
    expect(masked).not.toMatch(/王建国|王小明|李梅|王先生/);
    expect(masked).toContain("这位先生是客户经理带来的");
    expect(p.restore(masked)).toBe(note);
  });

  it("numbers placeholders beyond Z as AA", () => {
    const p = new Pseudonymiser();
    for (let i = 0; i < 26; i++) p.addName(`客户名${String.fromCharCode(0x4e00 + i)}`);
    expect(p.addName("最后一位")).toBe("客户AA");
  });
});
