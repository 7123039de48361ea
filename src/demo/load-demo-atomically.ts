import { rmSync } from "node:fs";
import Database from "better-sqlite3";
import type { SqliteDatabase, Store } from "../store/database.js";
import { withStoreLock } from "../store/store-lock.js";
import { clearCustomerData } from "./clear-customer-data.js";
import { type DemoOptions, type DemoSummary, loadDemo } from "./load-demo.js";

/** Tables the demo writes, parents first; Team and Manager are upserted, the rest appended. */
const UPSERTED = ["Team", "Manager"] as const;
const APPENDED = ["Customer", "DailyUsage", "Bill", "Event", "Outcome"] as const;

export type DemoLoad =
  | { loaded: true; summary: DemoSummary; cleared: number }
  | { loaded: false; reason: "not_empty" };

/**
 * Loads the demo so that a kill at any moment leaves either the store as it was or the complete
 * demo — never half of it, never without an index. The demo is generated into a scratch file with
 * the store's schema (next to the store, fast pragmas, no lock held), then moved in by ONE
 * transaction on the store: customer data cleared (with `replace`), teams and managers upserted,
 * the rest copied. The whole load holds the store's "demo" lock, so two instances starting on an
 * empty store load it once. Without `replace`, a store with customers or managers is left alone.
 */
export async function loadDemoAtomically(
  store: Store,
  options: DemoOptions,
  replace: boolean,
): Promise<DemoLoad> {
  return withStoreLock(store.path, "demo", async () => {
    if (!replace && !isEmpty(store.sql)) return { loaded: false, reason: "not_empty" } as const;
    const scratchPath = `${store.path}.demo-build`;
    removeScratch(scratchPath);
    const scratch = new Database(scratchPath);
    try {
      scratch.pragma("journal_mode = OFF");
      scratch.pragma("synchronous = OFF");
      copySchema(store.sql, scratch);
      const summary = await loadDemo({ sql: scratch }, options);
      scratch.close();
      const cleared = moveIn(store.sql, scratchPath);
      return { loaded: true, summary, cleared } as const;
    } finally {
      if (scratch.open) scratch.close();
      removeScratch(scratchPath);
    }
  });
}

function isEmpty(sql: SqliteDatabase): boolean {
  return !sql.prepare(`SELECT 1 FROM "Customer" UNION ALL SELECT 1 FROM "Manager" LIMIT 1`).get();
}

/** The store's tables and indexes (not its rows) in an empty file. */
function copySchema(from: SqliteDatabase, to: SqliteDatabase): void {
  const statements = from
    .prepare(
      `SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'
       ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, rowid`,
    )
    .pluck()
    .all() as string[];
  to.transaction(() => {
    for (const statement of statements) to.exec(statement);
  })();
}

/** One transaction: everything of the demo or nothing. Returns how many customers were cleared. */
function moveIn(sql: SqliteDatabase, scratchPath: string): number {
  sql.prepare("ATTACH DATABASE ? AS demo").run(scratchPath);
  try {
    let cleared = 0;
    sql.exec("BEGIN IMMEDIATE");
    try {
      cleared = clearCustomerData(sql);
      for (const table of UPSERTED) upsertAll(sql, table);
      for (const table of APPENDED) sql.exec(`INSERT INTO main."${table}" SELECT * FROM demo."${table}"`);
      sql.exec("COMMIT");
    } catch (e) {
      if (sql.inTransaction) sql.exec("ROLLBACK");
      throw e;
    }
    return cleared;
  } finally {
    sql.exec("DETACH DATABASE demo");
  }
}

function upsertAll(sql: SqliteDatabase, table: string): void {
  const columns = (sql.pragma(`main.table_info("${table}")`) as { name: string; pk: number }[]).map(
    (c) => c.name,
  );
  const list = columns.map((c) => `"${c}"`).join(", ");
  const set = columns
    .filter((c) => c !== "id")
    .map((c) => `"${c}" = excluded."${c}"`)
    .join(", ");
  sql.exec(
    `INSERT INTO main."${table}" (${list}) SELECT ${list} FROM demo."${table}" WHERE true
     ON CONFLICT ("id") DO UPDATE SET ${set}`,
  );
}

function removeScratch(path: string): void {
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
}
