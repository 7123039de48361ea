import { resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.js";
import { protectAuditLog } from "./audit-log.js";
import { ensurePrivateStoreFile } from "./private-files.js";

export type { PrismaClient } from "../generated/prisma/client.js";
export type SqliteDatabase = Database.Database;

/**
 * One store, two handles on the same SQLite file: Prisma for ordinary queries, and a raw
 * better-sqlite3 connection for the bulk paths (imports, whole-store warning runs) where
 * Prisma's per-query cost would dominate.
 */
export interface Store {
  readonly prisma: PrismaClient;
  readonly sql: SqliteDatabase;
  readonly path: string;
  close(): Promise<void>;
}

export function openStore(databaseUrl: string): Store {
  const path = resolve(databaseUrl.replace(/^file:/, ""));
  ensurePrivateStoreFile(path);
  const sql = new Database(path);
  // WAL lets the bot read while an import writes; busy_timeout rides out short write locks.
  sql.pragma("journal_mode = WAL");
  sql.pragma("busy_timeout = 5000");
  sql.pragma("foreign_keys = ON");
  protectAuditLog(sql);
  const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${path}` }) });
  return {
    prisma,
    sql,
    path,
    async close() {
      await prisma.$disconnect();
      sql.close();
    },
  };
}

/** A DateTime as Prisma's SQLite adapter stores it, so rows written by raw SQL read back through Prisma. */
export const sqliteTime = (at: Date): string => at.toISOString().replace("Z", "+00:00");
