import type pg from "pg";
import type { SnapshotReader, SqlHandle, SqlParam } from "../sql-handle.js";
import { loadPg } from "./load-pg.js";

/** `?` placeholders as PostgreSQL's `$1, $2…` (our statements never hold a literal `?`). */
export function numberedPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** A PostgreSQL pool's handle; a transaction runs on one connection taken from the pool. */
export function postgresHandle(pool: pg.Pool): SqlHandle {
  const handle = postgresQueryHandle(pool, async (work) => {
    const client = await pool.connect();
    const serial = serialised(client);
    try {
      await serial.query("BEGIN");
      const result = await work(postgresQueryHandle(serial, nestedTransaction));
      await serial.finish("COMMIT");
      return result;
    } catch (error) {
      await serial.finish("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  });
  return { ...handle, readerOf: (snapshot) => snapshotReader(pool, snapshot) };
}

/** Connections the pool could hand out now without waiting: idle ones and those not opened yet. */
const spareConnections = (pool: pg.Pool) => pool.idleCount + (pool.options.max ?? 10) - pool.totalCount;

/** SqlHandle.readerOf: a REPEATABLE READ, READ ONLY transaction that imports the snapshot. */
async function snapshotReader(pool: pg.Pool, snapshot: string): Promise<SnapshotReader | null> {
  if (spareConnections(pool) < 2) return null;
  const client = await pool.connect();
  const serial = serialised(client);
  try {
    await serial.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await serial.query(`SET TRANSACTION SNAPSHOT ${client.escapeLiteral(snapshot)}`);
  } catch (error) {
    await serial.finish("ROLLBACK").catch(() => undefined);
    client.release();
    throw error;
  }
  let ended = false;
  return {
    db: postgresQueryHandle(serial, nestedTransaction),
    async end() {
      if (ended) return;
      ended = true;
      try {
        await serial.finish("ROLLBACK");
      } finally {
        client.release();
      }
    },
  };
}

/**
 * One connection's queries one after another, in the order they were asked for: work inside a
 * transaction may start several reads at once (Promise.all), which node-pg queues itself only with
 * a deprecation warning (an error from pg 9). COMMIT and ROLLBACK go through the same queue
 * (`finish`), so they follow every statement asked for before them; a statement asked for after
 * them is refused, never sent: the connection goes back to the pool, and a late read of work that
 * failed would otherwise run outside any transaction, or inside the next borrower's.
 */
function serialised(client: pg.PoolClient): Pick<pg.PoolClient, "query"> & {
  finish(statement: "COMMIT" | "ROLLBACK"): Promise<unknown>;
} {
  let tail: Promise<unknown> = Promise.resolve();
  let finished = false;
  const send = (args: unknown[]) => {
    const next = tail.then(() => (client.query as (...a: unknown[]) => Promise<unknown>)(...args));
    tail = next.catch(() => undefined);
    return next;
  };
  const query = (...args: unknown[]) =>
    finished
      ? Promise.reject(new Error("statement sent after its transaction's COMMIT or ROLLBACK: not run"))
      : send(args);
  const finish = (statement: "COMMIT" | "ROLLBACK") => {
    finished = true;
    return send([statement]);
  };
  return { query, finish } as Pick<pg.PoolClient, "query"> & { finish: typeof finish };
}

/** Inside a transaction `transaction` is the same transaction: the work joins it. */
const nestedTransaction = <T>(work: (tx: SqlHandle) => Promise<T>, self?: SqlHandle): Promise<T> =>
  work(self as SqlHandle);

type Queryable = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

/** `timestamp` (without time zone): PostgreSQL's type for Prisma's DateTime. */
const TIMESTAMP_OID = 1114;

/**
 * Timestamps are UTC both ways, whatever the process's TZ: node-pg would write a Date as local
 * wall time and read one back as local, so two instances in different time zones (or rows copied
 * from SQLite, or written by Prisma, both UTC) would disagree by hours on heartbeats and expiries.
 */
const utcTimestamps = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID && format !== "binary"
      ? (text: string) => new Date(`${text.replace(" ", "T")}Z`)
      : loadPg().types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const postgresParam = (p: SqlParam): SqlParam => (p instanceof Date ? p.toISOString() : p);

function postgresQueryHandle(
  target: Queryable,
  transaction: <T>(work: (tx: SqlHandle) => Promise<T>, self?: SqlHandle) => Promise<T>,
): SqlHandle {
  const texts = new Map<string, string>();
  const numbered = (text: string) => {
    let converted = texts.get(text);
    if (converted === undefined) {
      converted = numberedPlaceholders(text);
      texts.set(text, converted);
    }
    return converted;
  };
  const handle: SqlHandle = {
    dialect: "postgres",
    async all<T>(text: string, params: readonly SqlParam[] = []) {
      return (
        await target.query({ text: numbered(text), values: params.map(postgresParam), types: utcTimestamps })
      ).rows as T[];
    },
    async get<T>(text: string, params: readonly SqlParam[] = []) {
      return (
        await target.query({ text: numbered(text), values: params.map(postgresParam), types: utcTimestamps })
      ).rows[0] as T | undefined;
    },
    async values(text: string, params: readonly SqlParam[] = []) {
      return (
        await target.query({
          text: numbered(text),
          values: params.map(postgresParam),
          rowMode: "array",
          types: utcTimestamps,
        })
      ).rows as unknown[][];
    },
    async run(text: string, params: readonly SqlParam[] = []) {
      return (await target.query({ text: numbered(text), values: params.map(postgresParam) })).rowCount ?? 0;
    },
    transaction<T>(work: (tx: SqlHandle) => Promise<T>): Promise<T> {
      return transaction(work, handle);
    },
  };
  return handle;
}
