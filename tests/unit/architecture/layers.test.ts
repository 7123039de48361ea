/**
 * Issue 13: no file imports upward across the layers drawn in docs/architecture.md. Every import
 * (type-only ones too) of every file under src/ is resolved and checked against this table; a
 * file in a folder the table does not know fails as well, so a new folder gets a layer on purpose.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { expect, it } from "vitest";

const SRC = join(import.meta.dirname, "../../../src");

/** Lowest first. A file may import its own layer and the layers below it, never above. */
const LAYERS: readonly (readonly string[])[] = [
  ["domain", "result.ts", "clock.ts", "config.ts", "logger.ts", "metrics.ts", "generated"],
  ["i18n", "chat", "store"],
  ["knowledge", "llm", "model", "jobs", "import", "demo", "http"],
  ["services", "briefings", "app.ts"],
  ["commands"],
  ["adapters"],
  ["cli", "create-app.ts", "main.ts"],
];

function layerOf(path: string): number {
  const top = path.split("/")[0] ?? "";
  return LAYERS.findIndex((names) => names.includes(top));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const IMPORT =
  /(?:^|\s)(?:import|export)\s[^"']*?from\s*["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']/g;

it("every folder of src/ has a layer and nothing imports upward", () => {
  const problems: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file);
    const own = layerOf(from);
    if (own < 0) {
      problems.push(`${from}: its folder has no layer in LAYERS (and docs/architecture.md)`);
      continue;
    }
    for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? "";
      const to = relative(SRC, normalize(join(dirname(file), spec)));
      const target = layerOf(to);
      if (target > own) problems.push(`${from} imports ${to} (layer ${target} above ${own})`);
    }
  }
  expect(problems).toEqual([]);
});

it("sees the imports it checks (a file known to import downward is found)", () => {
  const text = readFileSync(join(SRC, "commands/dispatch.ts"), "utf8");
  const specs = [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
  expect(specs).toContain("../chat/reply.js");
});
