import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isBuildCurrent } from "../../setup/compiled-build.js";

// The global setup rebuilds dist/ for the tests' child processes only when a source is newer than
// the last build: a bare `npx vitest` after an edit must not run yesterday's compiled code.
describe("the compiled build's staleness check", () => {
  const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);

  it("is current only when the build info is at least as new as every source, nested ones too", () => {
    const root = mkdtempSync(join(tmpdir(), "build-check-"));
    const src = join(root, "src");
    mkdirSync(join(src, "deep", "er"), { recursive: true });
    const info = join(root, ".tsbuildinfo");
    const top = join(src, "main.ts");
    const nested = join(src, "deep", "er", "leaf.ts");
    writeFileSync(top, "");
    writeFileSync(nested, "");
    at(top, 1_000);
    at(nested, 1_000);
    expect(isBuildCurrent(info, src)).toBe(false); // never built

    writeFileSync(info, "");
    at(info, 2_000);
    expect(isBuildCurrent(info, src)).toBe(true);
    at(info, 1_000);
    expect(isBuildCurrent(info, src)).toBe(true); // built in the same instant

    at(nested, 3_000); // an edit three folders down
    expect(isBuildCurrent(info, src)).toBe(false);
    at(info, 3_500);
    expect(isBuildCurrent(info, src)).toBe(true);
    at(top, 4_000);
    expect(isBuildCurrent(info, src)).toBe(false);
  });
});
