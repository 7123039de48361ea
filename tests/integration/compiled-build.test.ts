import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../setup/run-cli.js";
import { projectRoot, templateDbPath } from "../setup/template-db.js";

/**
 * What a user runs after `npm install`: the compiled JavaScript in dist/ (built by the install's
 * postinstall and by `npm test`), never the TypeScript source. Built here when missing, so the file
 * also runs alone.
 */
beforeAll(() => {
  if (existsSync(join(projectRoot, "dist/cli/main.js")) && existsSync(join(projectRoot, "dist/main.js")))
    return;
  const build = spawnSync("npm", ["run", "build"], { cwd: projectRoot, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}, 180_000);

const AS_OF = "2026-11-23";
const scratch = () => join(mkdtempSync(join(tmpdir(), "retainbot-compiled-")), "store.db");
/** No tsx anywhere: the child must run on what is in dist/ alone. */
const env = { NODE_OPTIONS: "", RETAINBOT_AS_OF: AS_OF };

describe("the compiled program", () => {
  it("bin/retainbot.js answers `ask help` from dist/ on a migrated store", async () => {
    const db = scratch();
    copyFileSync(templateDbPath(), db);
    const run = await runCli(["--db", db, "ask", "help", "--user", "console:nobody"], {
      command: [process.execPath, join(projectRoot, "bin/retainbot.js")],
      env,
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("/risk");
  }, 60_000);

  it("bin/retainbot.js without a command lists every command (each loaded on demand otherwise)", async () => {
    const run = await runCli(["--help"], {
      command: [process.execPath, join(projectRoot, "bin/retainbot.js")],
      env,
    });
    expect(run.code).toBe(0);
    for (const name of [
      "setup",
      "ask",
      "import",
      "brief",
      "invite",
      "bind-group",
      "demo",
      "knowledge",
      "search",
      "warnings",
    ])
      expect(run.stdout).toMatch(new RegExp(`\\n  ${name} `));
  }, 60_000);

  it("`npm start` with piped input sets up an empty store with the demo and answers each line", async () => {
    const db = scratch();
    const run = await runCli([], {
      command: ["npm", "start", "--silent"],
      env: { ...env, DATABASE_URL: `file:${db}`, LOG_LEVEL: "warn" },
      // /brief me right away, while the day's job runs in its worker: it waits for that run.
      input: "help\n今天谁有风险\n/brief me\n",
    });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("处理时出错了");
    expect(run.stdout).toContain("完整简报");
    expect(run.stdout).toContain("/risk");
    expect(run.stdout).toMatch(/风险/);
    expect(existsSync(db)).toBe(true);
  }, 120_000);
});
