import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eachStore, type TestStore } from "../../setup/each-store.js";

const AT = new Date("2026-06-30T08:00:00.000Z");

describe.each(eachStore)("timestamps are UTC on $name whatever the process's time zone", (kind) => {
  let store: TestStore;
  const tz = process.env.TZ;
  beforeAll(() => {
    // Eight hours from UTC: a local-time conversion anywhere shows at once.
    process.env.TZ = "Asia/Shanghai";
  });
  afterAll(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });
  beforeEach(async () => {
    store = await kind.open();
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  it("stores a Date as its UTC wall time and reads the same instant back", async () => {
    expect(new Date(2026, 5, 30, 16).getTime()).toBe(AT.getTime()); // the zone took effect
    await store.db.run(
      `INSERT INTO "AuditLog" ("actorId", "customerId", "action", "channel", "at") VALUES ('M1', 'C1', 'list', 'cli', ?)`,
      [AT],
    );
    const wall =
      store.db.dialect === "postgres"
        ? `SELECT to_char("at", 'YYYY-MM-DD HH24:MI:SS') AS "wall", "at" FROM "AuditLog"`
        : `SELECT substr(replace("at", 'T', ' '), 1, 19) AS "wall", "at" FROM "AuditLog"`;
    const row = await store.db.get<{ wall: string; at: Date | string }>(wall);
    expect(row?.wall).toBe("2026-06-30 08:00:00");
    expect(new Date(row?.at as Date | string).getTime()).toBe(AT.getTime());
    // Compared with a Date parameter, the stored instant matches itself, not eight hours off.
    const same = await store.db.get(`SELECT 1 AS "one" FROM "AuditLog" WHERE "at" = ?`, [AT]);
    expect(same).toBeDefined();
  });
});
