import { describe, expect, it } from "vitest";
import { companyName, mobileNumber, personName } from "../../../src/demo/chinese-names.js";
import { mulberry32 } from "../../../src/demo/random.js";

describe("demo names and numbers", () => {
  it("makes Chinese personal names of two to four characters, common surnames most often", () => {
    const rng = mulberry32(1);
    const names = Array.from({ length: 5000 }, () => personName(rng));
    expect(names.filter((n) => !/^[\u4e00-\u9fff]{2,4}$/.test(n))).toEqual([]);
    const wang = names.filter((n) => n.startsWith("王")).length;
    const su = names.filter((n) => n.startsWith("苏")).length;
    expect(wang).toBeGreaterThan(su * 5);
    expect(new Set(names).size).toBeGreaterThan(3000);
  });

  it("makes company names for group customers", () => {
    const name = companyName(mulberry32(2));
    expect(name).toMatch(/^[\u4e00-\u9fff]+(有限公司|股份有限公司|集团有限公司)$/);
  });

  it("makes 11-digit mobile numbers, unique per customer index", () => {
    const rng = mulberry32(3);
    const phones = new Set<string>();
    for (let i = 0; i < 200_000; i += 1) {
      const phone = mobileNumber(rng, i, 42);
      if (i % 1000 === 0) expect(phone).toMatch(/^1(3[4-9]|47|5[0-27-9]|78|8[2-8]|98)\d{8}$/);
      phones.add(phone.slice(3));
    }
    expect(phones.size).toBe(200_000);
  });
});
