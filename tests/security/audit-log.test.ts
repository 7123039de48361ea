/**
 * Issue 9, item 4 on the command line: a new store and its folder are private to the owner, every
 * access is in the audit log, and nothing — not even `demo --replace` or raw SQL — removes or
 * rewrites an audit row.
 */
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { runCli } from "../setup/run-cli.js";

const AS_OF = "2026-11-23";

describe("the audit log and the store's files", () => {
  const dir = join(mkdtempSync(join(tmpdir(), "retainbot-audit-")), "data");
  const path = join(dir, "store.db");
  const cli = (...args: string[]) => runCli([...args, "--db", path, "--as-of", AS_OF]);
  const auditRows = () => {
    const db = new Database(path, { readonly: true });
    try {
      return db.prepare('SELECT actorId, action, channel, chatId, chatType FROM "AuditLog"').all();
    } finally {
      db.close();
    }
  };

  it("creates data/ 0700 and the store 0600, audits `ask`, and keeps the log through demo --replace", async () => {
    const setup = await cli("demo", "--customers", "100", "--days", "30");
    expect(setup.code, setup.stderr).toBe(0);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const ask = await cli("ask", "今天谁有风险", "--user", "console:M001");
    expect(ask.code, ask.stderr).toBe(0);
    const audited = auditRows();
    expect(audited.length).toBeGreaterThan(0);
    expect(audited[0]).toEqual({
      actorId: "M001",
      action: "list",
      channel: "console",
      chatId: null,
      chatType: "private",
    });

    const replaced = await cli("demo", "--replace", "--customers", "100", "--days", "30");
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(auditRows()).toEqual(audited);
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const db = new Database(path);
    try {
      expect(() => db.prepare('DELETE FROM "AuditLog"').run()).toThrow(/append-only/);
      expect(() => db.prepare(`UPDATE "AuditLog" SET "actorId" = 'X'`).run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
    expect(auditRows()).toEqual(audited);
  }, 180_000);
});
