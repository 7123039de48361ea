import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { err, ok, type Result } from "../result.js";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Applies the committed migrations with `prisma migrate deploy` (the WebAssembly schema engine:
 * no native engine download). Prisma keeps its own ledger, so running it again is a no-op.
 */
export function migrateStore(databaseUrl: string): Result<string> {
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const anyFile = resolve(projectRoot, "package.json");
  const run = spawnSync(process.execPath, [prismaCli, "migrate", "deploy"], {
    cwd: projectRoot,
    encoding: "utf8",
    env: {
      ...process.env,
      DATABASE_URL: `file:${resolve(databaseUrl.replace(/^file:/, ""))}`,
      PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? anyFile,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? anyFile,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    },
  });
  if (run.status !== 0) {
    return err({ code: "migrate", message: `Migrating ${databaseUrl} failed:\n${run.stderr || run.stdout}` });
  }
  return ok(run.stdout);
}
