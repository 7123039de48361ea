import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { templateDbPath } from "../../setup/template-db.js";
import { createTestDb } from "../../setup/test-app.js";

// The global setup gives each run one temporary folder (removed when the run ends), so the tests'
// stores do not pile up in the system's temporary folder; the template stays outside it.
describe("the test run's temporary folder", () => {
  it("holds the tests' stores, and the template is kept outside it", () => {
    expect(basename(tmpdir())).toMatch(/^retainbot-run-/);
    const db = createTestDb();
    expect(db.path.startsWith(`${tmpdir()}/`)).toBe(true);
    expect(existsSync(templateDbPath())).toBe(true);
    expect(dirname(templateDbPath())).toBe(dirname(tmpdir()));
  });
});
