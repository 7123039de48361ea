import { describe, expect, it } from "vitest";
import { isPlainDecimal } from "../../../src/import/values.js";

/** The definition the loop implements. */
const PLAIN_DECIMAL = /^[+-]?\d{1,15}(?:\.\d{1,10})?$/;

describe("isPlainDecimal", () => {
  it("agrees with the plain-decimal pattern on every edge case and many generated strings", () => {
    const cases = [
      "",
      "0",
      "-0",
      "+1",
      "-",
      "+",
      ".5",
      "5.",
      "1.2.3",
      "1e5",
      "0x1F",
      "Infinity",
      "NaN",
      " 1",
      "1 ",
    ];
    cases.push(
      "9".repeat(15),
      "9".repeat(16),
      `1.${"0".repeat(10)}`,
      `1.${"0".repeat(11)}`,
      "１２",
      "12a",
      "1,000",
    );
    const alphabet = ["0", "7", ".", "-", "+", "e", "x", ",", " "];
    let seed = 7;
    for (let n = 0; n < 20_000; n++) {
      let s = "";
      const length = n % 14;
      for (let i = 0; i < length; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        s += alphabet[seed % alphabet.length];
      }
      cases.push(s);
    }
    for (const c of cases) expect(isPlainDecimal(c), JSON.stringify(c)).toBe(PLAIN_DECIMAL.test(c));
  });
});
