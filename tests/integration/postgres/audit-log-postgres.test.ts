import { expect, it } from "vitest";
import { openPostgresStore } from "../../../src/store/postgres/open-postgres.js";
import { describePostgres, scratchDatabases } from "../../setup/postgres.js";

describePostgres("the audit log on PostgreSQL", () => {
  const scratch = scratchDatabases();

  it("takes new rows and refuses any UPDATE, DELETE or TRUNCATE", async () => {
    const db = await scratch({ migrated: true });
    const store = openPostgresStore(db.url, { poolSize: 2, statementTimeoutMs: 10_000 });
    try {
      await store.prisma.auditLog.create({
        data: { actorId: "M1", customerId: "C1", action: "profile", channel: "console", at: new Date() },
      });
      await expect(store.db.run(`UPDATE "AuditLog" SET "actorId" = 'M2'`)).rejects.toThrow(
        /AuditLog is append-only/,
      );
      await expect(store.db.run(`DELETE FROM "AuditLog"`)).rejects.toThrow(/AuditLog is append-only/);
      await expect(store.db.run(`TRUNCATE "AuditLog"`)).rejects.toThrow(/AuditLog is append-only/);
      expect(await store.prisma.auditLog.count()).toBe(1);
    } finally {
      await store.close();
    }
  }, 60_000);
});
