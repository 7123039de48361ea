import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const projectRoot = resolve(import.meta.dirname, "../..");

/** A migrated, empty store file named after the migrations, so it is rebuilt only when they change. */
export function templateDbPath(): string {
  const dir = join(projectRoot, "prisma/migrations");
  const hash = createHash("sha256");
  for (const name of readdirSync(dir).sort()) {
    hash.update(name);
    if (!name.endsWith(".toml")) hash.update(readFileSync(join(dir, name, "migration.sql")));
  }
  return join(tmpdir(), `retainbot-template-${hash.digest("hex").slice(0, 16)}.db`);
}
