import type pg from "pg";
import { type SqliteDatabase, sqliteTime } from "./database.js";
import { cachedStatement } from "./statement-cache.js";

export type SqlParam = string | number | boolean | Date | null;

/**
 * One asynchronous way to run SQL on either store, for the store modules that have been moved
 * off the SQLite-only handle (issue #14). Statements use `?` placeholders (rewritten to `$1…` for
 * PostgreSQL) and double-quoted identifiers; a module whose SQL differs between the two keeps one
 * text per dialect and picks by `dialect`. Parameters are converted once here: a Date becomes the
 * text Prisma's SQLite adapter stores, or stays a timestamp for PostgreSQL; a boolean becomes 1/0 on SQLite.
 * Counts come back as numbers on both (PostgreSQL's bigint text is converted by the caller with `Number`).
 */
export interface SqlHandle {
  readonly dialect: "sqlite" | "postgres";
  all<T>(text: string, params?: readonly SqlParam[]): Promise<T[]>;
  get<T>(text: string, params?: readonly SqlParam[]): Promise<T | undefined>;
  /**
   * The rows as arrays of column values in select order: no object with keys per row, for the
   * wide rows read many at a time (a list's stored warnings with their customers).
   */
  values(text: string, params?: readonly SqlParam[]): Promise<unknown[][]>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(text: string, params?: readonly SqlParam[]): Promise<number>;
  /**
   * Runs `work` in one transaction on a handle bound to it: committed when it resolves, rolled
   * back when it throws. PostgreSQL: one pooled connection for the whole of `work`. SQLite: one
   * connection for everything, so transactions of this handle queue behind each other (never
   * nested into one another) and the write lock is taken at BEGIN (IMMEDIATE), not at the first
   * write. Keep `work` short: only SQL and the computing it needs, no chat calls.
   */
  transaction<T>(work: (tx: SqlHandle) => Promise<T>): Promise<T>;
}

const sqliteParam = (p: SqlParam): string | number | null =>
  p instanceof Date ? sqliteTime(p) : typeof p === "boolean" ? (p ? 1 : 0) : p;

/** The SQLite store's handle: prepared statements cached per connection (statement-cache.ts). */
export function sqliteHandle(db: SqliteDatabase): SqlHandle {
  // The tail of the queue of this connection's transactions (see SqlHandle.transaction).
  let queue: Promise<unknown> = Promise.resolve();
  const handle: SqlHandle = {
    dialect: "sqlite",
    async all<T>(text: string, params: readonly SqlParam[] = []) {
      return cachedStatement(db, text).all(params.map(sqliteParam)) as T[];
    },
    async get<T>(text: string, params: readonly SqlParam[] = []) {
      return cachedStatement(db, text).get(params.map(sqliteParam)) as T | undefined;
    },
    async values(text: string, params: readonly SqlParam[] = []) {
      // The cached statement is shared by text: raw only for this call.
      const statement = cachedStatement(db, text).raw(true);
      try {
        return statement.all(params.map(sqliteParam)) as unknown[][];
      } finally {
        statement.raw(false);
      }
    },
    async run(text: string, params: readonly SqlParam[] = []) {
      return cachedStatement(db, text).run(params.map(sqliteParam)).changes;
    },
    transaction<T>(work: (tx: SqlHandle) => Promise<T>): Promise<T> {
      const turn = queue.then(async () => {
        db.exec("BEGIN IMMEDIATE");
        try {
          const result = await work(joined);
          db.exec("COMMIT");
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec("ROLLBACK");
          throw error;
        }
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
  // Inside a transaction, `transaction` joins it (queueing behind itself would never end).
  const joined: SqlHandle = { ...handle, transaction: (work) => work(joined) };
  return handle;
}

/** `?` placeholders as PostgreSQL's `$1, $2…` (our statements never hold a literal `?`). */
export function numberedPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** A PostgreSQL pool's handle; a transaction runs on one connection taken from the pool. */
export function postgresHandle(pool: pg.Pool): SqlHandle {
  return postgresQueryHandle(pool, async (work) => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(postgresQueryHandle(client, nestedTransaction));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  });
}

/** Inside a transaction `transaction` is the same transaction: the work joins it. */
const nestedTransaction = <T>(work: (tx: SqlHandle) => Promise<T>, self?: SqlHandle): Promise<T> =>
  work(self as SqlHandle);

type Queryable = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

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
      return (await target.query(numbered(text), [...params])).rows as T[];
    },
    async get<T>(text: string, params: readonly SqlParam[] = []) {
      return (await target.query(numbered(text), [...params])).rows[0] as T | undefined;
    },
    async values(text: string, params: readonly SqlParam[] = []) {
      return (await target.query({ text: numbered(text), values: [...params], rowMode: "array" }))
        .rows as unknown[][];
    },
    async run(text: string, params: readonly SqlParam[] = []) {
      return (await target.query(numbered(text), [...params])).rowCount ?? 0;
    },
    transaction<T>(work: (tx: SqlHandle) => Promise<T>): Promise<T> {
      return transaction(work, handle);
    },
  };
  return handle;
}
