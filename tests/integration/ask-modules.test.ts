/**
 * `retainbot ask` loads what the asked command needs and nothing else (issue 12: `ask help` must
 * start at once): the compiled CLI runs with a module loader hook that writes down every module it
 * loads, and `ask help` — through the whole command layer (who is asking, guards) — must load none
 * of the heavy libraries nor any command's implementation, while `ask /risk` loads the risk command.
 * Behaviour, not timing: `npm run bench -- startup` measures the time.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../setup/run-cli.js";
import { projectRoot, templateDbPath } from "../setup/template-db.js";

beforeAll(() => {
  if (existsSync(join(projectRoot, "dist/cli/main.js"))) return;
  const build = spawnSync("npm", ["run", "build"], { cwd: projectRoot, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}, 180_000);

/** Packages and modules `ask help` must not load. */
const HEAVY = [
  "/generated/prisma/",
  "/node_modules/@prisma/",
  "/node_modules/exceljs/",
  "/node_modules/echarts/",
  "/node_modules/@node-rs/jieba",
  "/node_modules/opencc-js/",
  "/node_modules/lunar-javascript/",
  "/node_modules/openai/",
  "/node_modules/grammy/",
  "/node_modules/@slack/",
  "/node_modules/pino/",
  "/dist/commands/risk.js",
  "/dist/services/warnings/risk-page.js",
  "/dist/services/talk-tracks/track.js",
];

/** Runs the compiled CLI with a loader hook; returns its result and every module URL it loaded. */
async function askTraced(db: string, text: string, user: string) {
  const dir = mkdtempSync(join(tmpdir(), "retainbot-modules-"));
  const out = join(dir, "loaded.txt");
  writeFileSync(out, "");
  writeFileSync(
    join(dir, "hooks.mjs"),
    `import { appendFileSync } from "node:fs";
     export async function load(url, context, next) {
       appendFileSync(${JSON.stringify(out)}, url + "\\n");
       return next(url, context);
     }`,
  );
  writeFileSync(
    join(dir, "register.mjs"),
    `import { register } from "node:module"; register(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});`,
  );
  const run = await runCli(["--db", db, "ask", text, "--user", user], {
    command: [
      process.execPath,
      "--import",
      pathToFileURL(join(dir, "register.mjs")).href,
      "bin/retainbot.js",
    ],
    env: { NODE_OPTIONS: "", RETAINBOT_AS_OF: "2026-06-30" },
  });
  return { run, loaded: readFileSync(out, "utf8").split("\n").filter(Boolean) };
}

let db: string;

beforeAll(() => {
  db = join(mkdtempSync(join(tmpdir(), "retainbot-modules-")), "store.db");
  copyFileSync(templateDbPath(), db);
  const sql = new Database(db);
  sql.prepare("INSERT INTO Team (id, name) VALUES ('T1', 'Team one')").run();
  sql
    .prepare("INSERT INTO Manager (id, name, teamId, role) VALUES ('M1', 'Manager one', 'T1', 'manager')")
    .run();
  sql.close();
});

describe("retainbot ask loads only what the command needs", () => {
  it("`ask help` goes through the command layer without any heavy module or command implementation", async () => {
    const { run, loaded } = await askTraced(db, "help", "console:M1");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("/risk");
    // The hook saw the path every message takes (so an empty list cannot pass).
    for (const expected of [
      "/dist/commands/dispatch.js",
      "/dist/commands/identity.js",
      "/dist/commands/help.js",
    ])
      expect(loaded.some((url) => url.endsWith(expected))).toBe(true);
    expect(loaded.filter((url) => HEAVY.some((heavy) => url.includes(heavy)))).toEqual([]);
  }, 60_000);

  it("`ask /risk` loads the risk command when it is asked for", async () => {
    const { run, loaded } = await askTraced(db, "/risk", "console:M1");
    expect(run.code).toBe(0);
    expect(loaded.some((url) => url.endsWith("/dist/commands/risk.js"))).toBe(true);
    expect(loaded.some((url) => url.endsWith("/dist/services/warnings/risk-page.js"))).toBe(true);
  }, 60_000);
});
