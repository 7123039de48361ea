import type pg from "pg";
import { loadPg } from "./load-pg.js";

export interface PostgresStoreOptions {
  /** Connections this instance may hold (PG_POOL_SIZE). */
  poolSize: number;
  /** The longest one statement may run before PostgreSQL cancels it (PG_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs: number;
}

/** The pool an instance's store queries through (no Prisma client: the App needs none). */
export function openPostgresPool(url: string, options: PostgresStoreOptions): pg.Pool {
  const pool = new (loadPg().Pool)({
    connectionString: url,
    max: options.poolSize,
    statement_timeout: options.statementTimeoutMs,
    application_name: "retainbot",
  });
  // An idle connection the server drops (a restart, a failover) is reported here; without a
  // listener Node ends the process. The pool discards it and the next query opens a new one.
  pool.on("error", () => undefined);
  return pool;
}
