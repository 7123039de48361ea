/**
 * A customer handed to another manager is named for the incremental daily job (its ranked row
 * would otherwise be carried with P's manager), and a store opened for the first time with that
 * trigger names those handed over before it existed (src/store/input-changes.ts).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { SqliteApp } from "../../src/app.js";
import { loadDemo } from "../../src/demo/load-demo.js";
import { addDays } from "../../src/domain/dates.js";
import { materialiseWarnings } from "../../src/services/warnings/materialise.js";
import { openStore, type Store } from "../../src/store/database.js";
import { createTestApp } from "../setup/test-app.js";

const DAY = "2026-06-30";

let app: SqliteApp;
let reopened: Store | undefined;
afterEach(async () => {
  await reopened?.close();
  reopened = undefined;
  await app.store.close();
});

const named = (store: Store, customerId: string) =>
  store.sql
    .prepare(`SELECT COUNT(*) FROM "WarningInputChange" WHERE "customerId" = ?`)
    .pluck()
    .get(customerId);

describe("customers handed to another manager", () => {
  it("are named before the trigger existed, once, and the next day ranks them under the new manager", async () => {
    app = createTestApp({ asOf: DAY });
    await loadDemo(app.store, { seed: 5, asOf: DAY, customers: 60, days: 130 });
    const sql = app.store.sql;
    materialiseWarnings(sql, DAY, app.rules);
    const [moved, stays] = sql
      .prepare(
        `SELECT customerId FROM WarningRank WHERE day = ? AND modelOnly = 0 ORDER BY customerId LIMIT 2`,
      )
      .pluck()
      .all(DAY) as string[];
    expect(stays).toBeDefined();
    const anotherManager = (customerId: string) =>
      sql
        .prepare(
          `SELECT id FROM Manager WHERE id != (SELECT managerId FROM Customer WHERE id = ?) ORDER BY id LIMIT 1`,
        )
        .pluck()
        .get(customerId) as string;
    const other = anotherManager(moved!);

    // A store from before the trigger: the hand-over goes unnamed.
    sql.exec(`DROP TRIGGER "Customer_moved_input"`);
    sql.prepare("UPDATE Customer SET managerId = ? WHERE id = ?").run(other, moved);
    expect(named(app.store, moved!)).toBe(0);

    reopened = openStore(`file:${app.store.path}`);
    expect(named(reopened, moved!)).toBe(1);
    expect(named(reopened, stays!)).toBe(0);
    // Once: the trigger exists now.
    await reopened.close();
    reopened = openStore(`file:${app.store.path}`);
    expect(named(reopened, moved!)).toBe(1);

    const next = addDays(DAY, 1);
    const run = materialiseWarnings(sql, next, app.rules, { judgeAllShare: Number.POSITIVE_INFINITY });
    expect(run.mode).toBe("incremental");
    expect(run.carriedRows).toBeGreaterThan(0);
    const manager = sql.prepare("SELECT managerId FROM WarningRank WHERE day = ? AND customerId = ?").pluck();
    expect(manager.get(next, moved)).toBe(other);

    // With the trigger, a hand-over is named as it happens (and only that customer).
    const [movedBefore, staysBefore] = [named(app.store, moved!), named(app.store, stays!)] as number[];
    sql.prepare("UPDATE Customer SET managerId = ? WHERE id = ?").run(anotherManager(stays!), stays);
    expect(named(app.store, stays!)).toBe(staysBefore! + 1);
    expect(named(app.store, moved!)).toBe(movedBefore);
  });
});
