import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import Database from "better-sqlite3";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { err, ok, type Result } from "../../result.js";
import { dropUsageInsertTrigger, restoreUsageInsertTrigger } from "./usage-insert-tracking.js";
import { ensureUsageDays } from "./usage-partitions.js";

/** Rows per CSV chunk handed to COPY: large enough to amortise, small enough to stream. */
const ROWS_PER_CHUNK = 2_000;

export interface TableCopy {
  table: string;
  rows: number;
}

interface Column {
  name: string;
  type: string;
}

/** A value as COPY's CSV reads it for a column of this PostgreSQL type; null is an unquoted empty field. */
function csvField(value: unknown, type: string): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (type === "bytea") text = `\\x${(value as Buffer).toString("hex")}`;
  else if (type === "boolean") text = value ? "t" : "f";
  else if (type.startsWith("timestamp") && typeof value === "number") text = new Date(value).toISOString();
  else text = String(value);
  return `"${text.replaceAll('"', '""')}"`;
}

async function tablesInLoadOrder(client: pg.ClientBase): Promise<string[]> {
  const tables = (
    await client.query<{ name: string }>(
      // Tables and partitioned tables, not their partitions (DailyUsage's months are filled through it).
      `SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
         AND c.relname <> '_retainbot_migrations' ORDER BY 1`,
    )
  ).rows.map((r) => r.name);
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  const links = await client.query<{ child: string; parent: string }>(
    `SELECT DISTINCT tc.table_name::text AS child, ccu.table_name::text AS parent
     FROM information_schema.table_constraints tc
     JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name
     WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'`,
  );
  for (const { child, parent } of links.rows) if (child !== parent) parents.get(child)?.add(parent);
  // Parents before children: a foreign key always finds its row.
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter(
      (t) => !placed.has(t) && [...(parents.get(t) ?? [])].every((p) => placed.has(p)),
    );
    if (ready.length === 0) throw new Error("foreign keys form a cycle: cannot order the tables");
    for (const t of ready) {
      ordered.push(t);
      placed.add(t);
    }
  }
  return ordered;
}

/**
 * Tables the daily jobs write on a store without customers: the runs of the warnings job and of
 * training, and the (empty) usage aggregates' state the warnings job keeps on PostgreSQL.
 */
const JOB_RUN_TABLES: readonly string[] = [
  "WarningRun",
  "ChurnModel",
  "UsageAggregateState",
  "UsageAggregate",
];

/** The well-formed usage days of the source, so each month's partition exists before its rows arrive. */
const USAGE_DAYS = `SELECT MIN("date") AS first, MAX("date") AS last FROM "DailyUsage"
  WHERE "date" GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND substr("date", 6, 2) BETWEEN '01' AND '12'`;

async function columnsOf(client: pg.ClientBase, table: string): Promise<Column[]> {
  const rows = await client.query<Column>(
    "SELECT column_name::text AS name, data_type::text AS type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
    [table],
  );
  return rows.rows;
}

function* csvChunks(rows: IterableIterator<unknown[]>, columns: Column[], counted: { rows: number }) {
  let chunk: string[] = [];
  for (const row of rows) {
    chunk.push(row.map((value, i) => csvField(value, columns[i]!.type)).join(","));
    counted.rows += 1;
    if (chunk.length === ROWS_PER_CHUNK) {
      yield `${chunk.join("\n")}\n`;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield `${chunk.join("\n")}\n`;
}

/**
 * Copies every table of a SQLite store into an empty, migrated PostgreSQL database: one read
 * snapshot of SQLite, one PostgreSQL transaction (all or nothing), each table through `COPY` in
 * foreign-key order, identity sequences moved past the copied ids, and the row counts of both
 * sides compared before the commit. A target that already holds rows is refused, naming them.
 * `leaveRowsOf` names tables whose rows stay behind (the warnings bench copies a 1M store's lists
 * without its 210M usage rows); `migrate-store` copies everything.
 */
export async function copySqliteToPostgres(
  sqlitePath: string,
  postgresUrl: string,
  onTable: (copy: TableCopy) => void = () => undefined,
  options: { leaveRowsOf?: readonly string[] } = {},
): Promise<Result<TableCopy[]>> {
  const leaveRowsOf = new Set(options.leaveRowsOf ?? []);
  const source = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    const tables = await tablesInLoadOrder(client);
    const sourceTables = new Set(
      source.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
    );
    const missing = tables.filter((t) => !sourceTables.has(t));
    if (missing.length > 0)
      return err({
        code: "copy",
        message: `The SQLite store lacks tables (${missing.join(", ")}): run \`npm run cli -- setup\` on it first.`,
      });
    const filled: string[] = [];
    for (const table of tables) {
      const any = await client.query(`SELECT 1 FROM "${table}" LIMIT 1`);
      if (any.rowCount) filled.push(table);
    }
    // `npm start` (or `warnings`, `model train`) on a new database records its runs even with no
    // customers; such a database holds no data yet, so the copy clears those runs and goes ahead.
    const onlyJobRuns = filled.every((t) => JOB_RUN_TABLES.includes(t));
    if (filled.length > 0 && !onlyJobRuns)
      return err({
        code: "copy",
        message: `The PostgreSQL database is not empty (${filled.join(", ")} hold rows): copy into a new database.`,
      });

    source.prepare("BEGIN").run(); // one snapshot of every table
    await client.query("BEGIN");
    // RiskRecheck is copied as it is: its triggers (on Outcome rows) stand aside for this transaction.
    await client.query("SET LOCAL retainbot.copying = 'on'");
    const copies: TableCopy[] = [];
    let usageTrigger: string | null = null;
    try {
      for (const table of filled) await client.query(`DELETE FROM "${table}"`);
      const usageDays = source.prepare(USAGE_DAYS).get() as { first: string | null; last: string | null };
      if (!leaveRowsOf.has("DailyUsage")) {
        if (usageDays.first && usageDays.last) await ensureUsageDays(client, usageDays.first, usageDays.last);
        usageTrigger = await dropUsageInsertTrigger(client);
      }
      for (const table of tables) {
        if (leaveRowsOf.has(table)) continue;
        const columns = await columnsOf(client, table);
        const list = columns.map((c) => `"${c.name}"`).join(", ");
        const counted = { rows: 0 };
        const rows = source.prepare(`SELECT ${list} FROM "${table}"`).raw().iterate() as IterableIterator<
          unknown[]
        >;
        await pipeline(
          Readable.from(csvChunks(rows, columns, counted)),
          client.query(copyFrom(`COPY "${table}" (${list}) FROM STDIN WITH (FORMAT csv)`)),
        );
        const there = Number(
          (await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "${table}"`)).rows[0]?.n,
        );
        if (there !== counted.rows)
          throw new Error(`${table}: ${counted.rows} rows read, ${there} in PostgreSQL`);
        if (columns.some((c) => c.name === "id" && c.type === "integer"))
          await client.query(
            `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), COALESCE((SELECT MAX(id) FROM "${table}"), 0) + 1, false)`,
          );
        copies.push({ table, rows: counted.rows });
        onTable({ table, rows: counted.rows });
      }
      await restoreUsageInsertTrigger(client, usageTrigger);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      return err({ code: "copy", message: `Nothing was copied: ${(error as Error).message}` });
    } finally {
      source.prepare("COMMIT").run();
    }
    return ok(copies);
  } finally {
    source.close();
    await client.end();
  }
}
