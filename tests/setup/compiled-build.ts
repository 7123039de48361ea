import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import { join, relative } from "node:path";
import { projectRoot } from "./template-db.js";

/**
 * The compiled build (`npm run build`: tsc into dist/) that the tests' child processes run, as
 * `npm start` and bin/retainbot.js do: compiling the sources with tsx at every start cost a CLI
 * run 1.5–3 s, ~100 of them a suite. The global setup brings dist/ up to date with src/ first.
 */
const DIST = join(projectRoot, "dist");
const BUILD_INFO = join(DIST, ".tsbuildinfo");

/** The compiled twin of a source entry (`src/cli/main.ts` → …/dist/cli/main.js). */
export function compiledEntry(sourceEntry: string): string {
  const inSrc = relative("src", sourceEntry);
  if (inSrc.startsWith("..")) throw new Error(`${sourceEntry} is not under src/`);
  return join(DIST, inSrc.replace(/\.ts$/, ".js"));
}

/** The newest modification time under a folder (ms). */
function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether the build recorded in `buildInfo` is at least as new as every file under `sourceDir`. */
export function isBuildCurrent(buildInfo: string, sourceDir: string): boolean {
  return existsSync(buildInfo) && statSync(buildInfo).mtimeMs >= newestIn(sourceDir);
}

/**
 * Builds dist/ when a source file is newer than the last build (`npm test` has just built it: then
 * nothing runs). The build info is touched after, since an incremental build with nothing to emit
 * leaves it as it was.
 */
export function ensureCompiledBuild(): void {
  if (isBuildCurrent(BUILD_INFO, join(projectRoot, "src"))) return;
  const build = spawnSync("npm", ["run", "build"], { cwd: projectRoot, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  const now = new Date();
  utimesSync(BUILD_INFO, now, now);
}
