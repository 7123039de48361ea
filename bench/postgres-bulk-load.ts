/**
 * A bench-only fast path for copying a large SQLite bench store into PostgreSQL (issue #14: a 1M
 * store through `copySqliteToPostgres` took about an hour here, nearly all of it DailyUsage's
 * 120M rows: JavaScript building CSV row by row, then PostgreSQL maintaining two indexes and a
 * foreign key check per row while it inserts).
 *
 * The database is migrated as usual (the exact schema the migrations produce), the month
 * partitions created, then DailyUsage's foreign key, primary key and date index are dropped on the
 * partitioned table (with every partition's copy of them). Every other table is copied by
 * `copySqliteToPostgres` as before; DailyUsage's rows go from the `sqlite3` shell's CSV output
 * (C on both sides: Node only pipes bytes) into COPY, in `streams` rowid ranges at once. The keys
 * and index are then rebuilt from their own definitions and the whole schema (every index, every
 * constraint, validated or not) compared with what it was before the drop: any difference throws.
 * ANALYZE last. Not for production data: a failure leaves a half-loaded database (the bench drops
 * it), and nothing is checked beyond what the keys check and the row counts.
 */
import { spawn } from "node:child_process";
import { pipeline } from "node:stream/promises";
import Database from "better-sqlite3";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { copySqliteToPostgres } from "../src/store/postgres/copy-sqlite-to-postgres.js";
import {
  dropUsageInsertTrigger,
  restoreUsageInsertTrigger,
} from "../src/store/postgres/usage-insert-tracking.js";
import { ensureUsageDays } from "../src/store/postgres/usage-partitions.js";

const USAGE = "DailyUsage";

/** Each column as the sqlite3 shell prints it for COPY's CSV (doubles with 17 digits: exact). */
const USAGE_COLUMNS: readonly [string, string][] = [
  ["customerId", `"customerId"`],
  ["date", `"date"`],
  ["calls", `"calls"`],
  ["callMinutes", `printf('%!.17g', "callMinutes")`],
  ["dataMb", `printf('%!.17g', "dataMb")`],
  ["spend", `printf('%!.17g', "spend")`],
  ["competitorHotlineSeconds", `"competitorHotlineSeconds"`],
  ["forwardedToCompetitor", `"forwardedToCompetitor"`], // 0/1: PostgreSQL's boolean reads both
];

/** Every index and constraint of the public schema, one line each, sorted: what must come back. */
export async function schemaShape(client: pg.ClientBase): Promise<string[]> {
  const rows = await client.query<{ line: string }>(
    `SELECT 'index ' || t.relname || ' ' || c.relname || ': ' || pg_get_indexdef(i.indexrelid) ||
            CASE WHEN i.indisvalid THEN '' ELSE ' INVALID' END AS line
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
     UNION ALL
     SELECT 'constraint ' || c.conrelid::regclass::text || ' ' || c.conname || ': ' ||
            pg_get_constraintdef(c.oid) || CASE WHEN c.convalidated THEN '' ELSE ' NOT VALID' END ||
            COALESCE(' of ' || (SELECT p.conname FROM pg_constraint p WHERE p.oid = c.conparentid), '')
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'
     ORDER BY 1`,
  );
  return rows.rows.map((r) => r.line);
}

interface Dropped {
  foreignKeys: { name: string; definition: string }[];
  primaryKey: { name: string; definition: string } | null;
  indexes: { name: string; definition: string }[];
  /** Each partition's copy of the key and indexes, biggest partitions first (built on their own, at once). */
  partitionIndexes: { table: string; name: string; definition: string; primary: boolean }[];
}

/** Drops DailyUsage's foreign keys, plain indexes and primary key (on the parent: every partition's too). */
async function dropUsageKeys(client: pg.ClientBase): Promise<Dropped> {
  const constraints = await client.query<{ name: string; type: string; definition: string }>(
    `SELECT conname AS name, contype AS type, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint WHERE conrelid = '"${USAGE}"'::regclass AND contype IN ('f', 'p') ORDER BY conname`,
  );
  const indexes = await client.query<{ name: string; definition: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = '"${USAGE}"'::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY c.relname`,
  );
  const partitionIndexes = await client.query<{
    table: string;
    name: string;
    definition: string;
    primary: boolean;
  }>(
    `SELECT t.relname AS table, c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition,
            i.indisprimary AS primary
       FROM pg_inherits h JOIN pg_index i ON i.indexrelid = h.inhrelid
       JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
      WHERE h.inhparent IN (SELECT indexrelid FROM pg_index WHERE indrelid = '"${USAGE}"'::regclass)
      ORDER BY t.relname DESC, c.relname`,
  );
  const foreignKeys = constraints.rows.filter((c) => c.type === "f");
  const primaryKey = constraints.rows.find((c) => c.type === "p") ?? null;
  for (const fk of foreignKeys) await client.query(`ALTER TABLE "${USAGE}" DROP CONSTRAINT "${fk.name}"`);
  for (const index of indexes.rows) await client.query(`DROP INDEX "${index.name}"`);
  if (primaryKey) await client.query(`ALTER TABLE "${USAGE}" DROP CONSTRAINT "${primaryKey.name}"`);
  return { foreignKeys, primaryKey, indexes: indexes.rows, partitionIndexes: partitionIndexes.rows };
}

/**
 * Puts them back as pg_dump does: each partition's indexes first, `streams` at a time (a partition's
 * primary key as a unique index, then made its key), then the parent's key and indexes, which
 * adopt the partitions' (same columns, same names as before), then the checked foreign keys.
 */
async function restoreUsageKeys(url: string, dropped: Dropped, streams: number): Promise<void> {
  const queue = [...dropped.partitionIndexes];
  const worker = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query("SET maintenance_work_mem = '1GB'");
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        await client.query(next.definition);
        if (next.primary)
          await client.query(
            `ALTER TABLE "${next.table}" ADD CONSTRAINT "${next.name}" PRIMARY KEY USING INDEX "${next.name}"`,
          );
      }
    } finally {
      await client.end();
    }
  };
  await Promise.all(Array.from({ length: streams }, worker));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (dropped.primaryKey)
      await client.query(
        `ALTER TABLE "${USAGE}" ADD CONSTRAINT "${dropped.primaryKey.name}" ${dropped.primaryKey.definition}`,
      );
    // pg_get_indexdef says ON ONLY for a partitioned table's index: without ONLY it takes in every partition's.
    for (const index of dropped.indexes) await client.query(index.definition.replace(" ON ONLY ", " ON "));
    for (const fk of dropped.foreignKeys)
      await client.query(`ALTER TABLE "${USAGE}" ADD CONSTRAINT "${fk.name}" ${fk.definition}`);
  } finally {
    await client.end();
  }
}

/** One rowid range of the SQLite table through `sqlite3 -csv` into COPY; resolves with the rows copied. */
async function copyUsageRange(sqlitePath: string, url: string, from: number, to: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const select = `SELECT ${USAGE_COLUMNS.map(([, e]) => e).join(", ")} FROM "${USAGE}" WHERE rowid >= ${from} AND rowid < ${to};`;
    const shell = spawn("sqlite3", ["-readonly", "-csv", sqlitePath, select], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    shell.stderr.on("data", (b: Buffer) => {
      stderr += b.toString();
    });
    const exited = new Promise<number>((resolve, reject) => {
      shell.on("error", reject);
      shell.on("close", (code) => resolve(code ?? -1));
    });
    const list = USAGE_COLUMNS.map(([c]) => `"${c}"`).join(", ");
    const copy = client.query(copyFrom(`COPY "${USAGE}" (${list}) FROM STDIN WITH (FORMAT csv)`));
    await pipeline(shell.stdout, copy);
    const code = await exited;
    if (code !== 0) throw new Error(`sqlite3 exited with ${code}: ${stderr.trim()}`);
    return copy.rowCount;
  } finally {
    await client.end();
  }
}

/** DailyUsage's rows in `streams` rowid ranges at once; resolves with the rows copied. */
async function copyUsage(
  sqlitePath: string,
  url: string,
  span: { low: number | null; high: number | null },
  streams: number,
): Promise<number> {
  if (span.low === null || span.high === null) return 0;
  const low = span.low;
  const width = Math.ceil((span.high - low + 1) / streams);
  const counts = await Promise.all(
    Array.from({ length: streams }, (_, i) =>
      copyUsageRange(sqlitePath, url, low + i * width, low + (i + 1) * width),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}

export interface BulkLoad {
  rows: number;
  /** Milliseconds by phase: the other tables and DailyUsage's rows (at once, each from the start), its keys rebuilt, ANALYZE. */
  phases: { tables: number; usage: number; keys: number; analyze: number };
}

/**
 * Loads the SQLite store at `sqlitePath` into the empty, migrated database at `url` (see the file's
 * comment), leaving the rows of `leaveRowsOf` behind; `streams` DailyUsage copies run at once.
 */
export async function bulkLoadSqliteStore(
  sqlitePath: string,
  url: string,
  leaveRowsOf: readonly string[],
  options: { streams?: number; log?: (line: string) => void } = {},
): Promise<BulkLoad> {
  const log = options.log ?? (() => undefined);
  const streams = Math.max(1, options.streams ?? 2);
  const source = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  const span = source
    .prepare(
      `SELECT MIN(rowid) AS low, MAX(rowid) AS high, COUNT(*) AS n,
              MIN("date") AS first, MAX("date") AS last FROM "${USAGE}"`,
    )
    .get() as {
    low: number | null;
    high: number | null;
    n: number;
    first: string | null;
    last: string | null;
  };
  source.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SET maintenance_work_mem = '1GB'");
    if (span.first && span.last) await ensureUsageDays(client, span.first, span.last);
    const before = await schemaShape(client);
    const dropped = await dropUsageKeys(client);
    // The copies below run on other connections, outside any transaction of this one's.
    const usageTrigger = await dropUsageInsertTrigger(client);

    // The other tables (JavaScript's CSV) and DailyUsage's rows (the sqlite3 shell's) at once; the
    // latter start once the first table is in (the copy refuses a target that holds rows anywhere).
    const started = performance.now();
    const timed = async <T>(work: Promise<T>) => {
      const value = await work;
      return { value, ms: performance.now() - started };
    };
    let firstTable: () => void = () => undefined;
    const firstIn = new Promise<void>((resolve) => {
      firstTable = resolve;
    });
    const tablesCopied = timed(
      copySqliteToPostgres(
        sqlitePath,
        url,
        (c) => {
          firstTable();
          log(`${c.table}: ${c.rows}`);
        },
        { leaveRowsOf: [...leaveRowsOf, USAGE] },
      ),
    );
    const usageCopied = timed(
      Promise.race([firstIn, tablesCopied]).then(() => copyUsage(sqlitePath, url, span, streams)),
    );
    const [copied, usageDone] = await Promise.allSettled([tablesCopied, usageCopied]);
    if (copied.status === "rejected") throw copied.reason;
    if (usageDone.status === "rejected") throw usageDone.reason;
    if (!copied.value.value.ok) throw new Error(copied.value.value.error.message);
    const tables = copied.value.ms;
    const usageRows = usageDone.value.value;
    if (usageRows !== span.n) throw new Error(`${USAGE}: ${span.n} rows in SQLite, ${usageRows} copied`);
    const usage = usageDone.value.ms;
    log(`${USAGE}: ${usageRows} in ${(usage / 1000).toFixed(1)} s`);

    let t = performance.now();
    await restoreUsageKeys(url, dropped, streams);
    await restoreUsageInsertTrigger(client, usageTrigger);
    const after = await schemaShape(client);
    const lost = before.filter((line) => !after.includes(line));
    const gained = after.filter((line) => !before.includes(line));
    if (lost.length + gained.length > 0)
      throw new Error(
        `the schema differs after the reload: lost ${lost.join("; ")}; gained ${gained.join("; ")}`,
      );
    const keys = performance.now() - t;

    t = performance.now();
    await client.query("ANALYZE");
    const analyze = performance.now() - t;
    const rows = copied.value.value.value.reduce((n, c) => n + c.rows, usageRows);
    return { rows, phases: { tables, usage, keys, analyze } };
  } finally {
    await client.end();
  }
}
