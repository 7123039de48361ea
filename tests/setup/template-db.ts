import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const projectRoot = resolve(import.meta.dirname, "../..");

/**
 * Where the template lives: the system's temporary folder, kept between runs. The global setup
 * names it for the test workers, whose own temporary folder is the run's (removed at the end).
 */
export const TEMPLATE_DIR_VARIABLE = "RETAINBOT_TEST_TEMPLATE_DIR";

/** A migrated, empty store file named after the migrations, so it is rebuilt only when they change. */
export function templateDbPath(): string {
  const dir = join(projectRoot, "prisma/migrations");
  const hash = createHash("sha256");
  for (const name of readdirSync(dir).sort()) {
    hash.update(name);
    if (!name.endsWith(".toml")) hash.update(readFileSync(join(dir, name, "migration.sql")));
  }
  return join(
    process.env[TEMPLATE_DIR_VARIABLE] ?? tmpdir(),
    `retainbot-template-${hash.digest("hex").slice(0, 16)}.db`,
  );
}
