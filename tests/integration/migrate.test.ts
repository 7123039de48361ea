import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { isStoreCurrent, migrateStore } from "../../src/store/migrate.js";
import { templateDbPath } from "../setup/template-db.js";

describe("migrateStore", () => {
  it("creates a store from nothing, then knows it is current", () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), "retainbot-migrate-")), "sub", "new.db")}`;
    expect(isStoreCurrent(url)).toBe(false);
    const first = migrateStore(url);
    expect(first.ok).toBe(true);
    expect(isStoreCurrent(url)).toBe(true);
    const second = migrateStore(url);
    expect(second.ok && second.value).toBe("already current");
  }, 60_000); // the Prisma CLI alone takes 15–25 s on this busy machine

  it("runs Prisma again when a committed migration is missing from the ledger", () => {
    const path = join(mkdtempSync(join(tmpdir(), "retainbot-migrate-")), "old.db");
    copyFileSync(templateDbPath(), path);
    const db = new Database(path);
    db.prepare(
      "DELETE FROM _prisma_migrations WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)",
    ).run();
    db.close();
    expect(isStoreCurrent(`file:${path}`)).toBe(false);
  });
});
