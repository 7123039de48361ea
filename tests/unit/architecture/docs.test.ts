/**
 * Issue 13, item 4: the README stays short and is the map of docs/ — every page is linked from
 * it — and no doc names a path on one particular machine.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../../..");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const pages = readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md"));
const decisions = readdirSync(join(ROOT, "docs/decisions")).filter((f) => f.endsWith(".md"));

it("keeps the README under 250 lines", () => {
  expect(readme.split("\n").length).toBeLessThan(250);
});

it("links every docs/ page and the decision records from the README", () => {
  for (const page of pages) expect(readme, page).toContain(`](docs/${page})`);
  expect(readme).toContain("](docs/decisions/)");
});

it("numbers each decision record once", () => {
  const numbers = decisions.map((f) => f.slice(0, 3));
  expect(numbers.every((n) => /^\d{3}$/.test(n))).toBe(true);
  expect(new Set(numbers).size).toBe(numbers.length);
});

it("names no machine-specific path in any doc", () => {
  const docs = [readme, ...pages.map((p) => readFileSync(join(ROOT, "docs", p), "utf8"))];
  docs.push(...decisions.map((d) => readFileSync(join(ROOT, "docs/decisions", d), "utf8")));
  for (const text of docs) expect(text).not.toMatch(/(^|[\s`(])\/(work|home|root|tmp)\//m);
});
