import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { PrismaClient as PostgresPrismaClient } from "../../generated/prisma-pg/client.js";
import type { SqlHandle } from "../sql-handle.js";
import { postgresHandle } from "./postgres-handle.js";
import { openPostgresPool, type PostgresStoreOptions } from "./postgres-pool.js";

export type { PostgresStoreOptions };

/** A PostgreSQL store: one pool shared by the Prisma client and the SQL handle. */
export interface PostgresStore {
  readonly prisma: PostgresPrismaClient;
  readonly pool: pg.Pool;
  readonly db: SqlHandle;
  close(): Promise<void>;
}

export function openPostgresStore(url: string, options: PostgresStoreOptions): PostgresStore {
  const pool = openPostgresPool(url, options);
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
