import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as PostgresPrismaClient } from "../../generated/prisma-pg/client.js";
import { postgresHandle, type SqlHandle } from "../sql-handle.js";

export interface PostgresStoreOptions {
  /** Connections this instance may hold (PG_POOL_SIZE). */
  poolSize: number;
  /** The longest one statement may run before PostgreSQL cancels it (PG_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs: number;
}

/** A PostgreSQL store: one pool shared by the Prisma client and the SQL handle. */
export interface PostgresStore {
  readonly prisma: PostgresPrismaClient;
  readonly pool: pg.Pool;
  readonly db: SqlHandle;
  close(): Promise<void>;
}

export function openPostgresStore(url: string, options: PostgresStoreOptions): PostgresStore {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize,
    statement_timeout: options.statementTimeoutMs,
    application_name: "retainbot",
  });
  // An idle connection the server drops (a restart, a failover) is reported here; without a
  // listener Node ends the process. The pool discards it and the next query opens a new one.
  pool.on("error", () => undefined);
  const prisma = new PostgresPrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    db: postgresHandle(pool),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
