import { type SqliteDatabase, sqliteTime } from "./database.js";
import { cachedStatement } from "./statement-cache.js";

export type SqlParam = string | number | boolean | Date | null;

/**
 * One asynchronous way to run SQL on either store, for the store modules that have been moved
 * off the SQLite-only handle (issue #14). Statements use `?` placeholders (rewritten to `$1…` for
 * PostgreSQL) and double-quoted identifiers; a module whose SQL differs between the two keeps one
 * text per dialect and picks by `dialect`. Parameters are converted once here: a Date becomes the
 * text Prisma's SQLite adapter stores, or UTC for PostgreSQL (timestamps are read back as UTC too); a boolean becomes 1/0 on SQLite.
 * Counts come back as numbers on both (PostgreSQL's bigint text is converted by the caller with `Number`).
 */
/** The PostgreSQL handle is in postgres/postgres-handle.ts: loading `pg` is for PostgreSQL stores only. */
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
  /**
   * PostgreSQL's pool handle only: a read-only transaction on a connection of its own that sees
   * `snapshot` (exported by an open transaction, `pg_export_snapshot()`), or null when taking one
   * would leave the pool no free connection (a pool of one or two: the run's transaction holds one,
   * the heartbeat and the chats need another). `end()` rolls it back and returns the connection.
   */
  readerOf?(snapshot: string): Promise<SnapshotReader | null>;
}

/** A second connection reading in another transaction's snapshot (see SqlHandle.readerOf). */
export interface SnapshotReader {
  db: SqlHandle;
  end(): Promise<void>;
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
