import { createRequire } from "node:module";
import { resolve } from "node:path";
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { sqlitePath } from "../config.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { protectAuditLog } from "./audit-log.js";
import { BUSY_TIMEOUT_MS } from "./busy-timeout.js";
import { trackInputChanges } from "./input-changes.js";
import { ensurePrivateStoreFile } from "./private-files.js";
import { trackRiskRechecks } from "./risk-recheck.js";
import { type SqlHandle, sqliteHandle } from "./sql-handle.js";
import { trackUsageChanges } from "./usage-changes.js";

export type { PrismaClient } from "../generated/prisma/client.js";
export type SqliteDatabase = Database.Database;

/**
 * One store, two handles on the same SQLite file: Prisma for ordinary queries, and a raw
 * better-sqlite3 connection for the bulk paths (imports, whole-store warning runs) where
 * Prisma's per-query cost would dominate.
 */
export interface Store {
  readonly kind: "sqlite";
  /** Built on first use: loading the client costs a few hundred ms, and many commands never need it. */
  readonly prisma: PrismaClient;
  readonly sql: SqliteDatabase;
  /** The same SQLite connection behind the asynchronous handle both stores share (see sql-handle.ts). */
  readonly db: SqlHandle;
  readonly path: string;
  /** Indexes the migrations define that were missing and rebuilt when the store was prepared. */
  repairedIndexes?: readonly string[];
  close(): Promise<void>;
}

export function openStore(databaseUrl: string): Store {
  const path = resolve(sqlitePath(databaseUrl));
  ensurePrivateStoreFile(path);
  // The busy timeout first: switching to WAL needs a lock that another starting process may hold.
  const sql = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  // WAL lets the bot read while an import writes; the busy timeout makes writers wait their turn.
  sql.pragma("journal_mode = WAL");
  sql.pragma("foreign_keys = ON");
  protectAuditLog(sql);
  trackUsageChanges(sql);
  trackInputChanges(sql);
  trackRiskRechecks(sql);
  let prisma: PrismaClient | undefined;
  return {
    kind: "sqlite",
    get prisma() {
      if (!prisma) {
        const { PrismaClient, PrismaBetterSQLite3 } = prismaModules();
        prisma = new PrismaClient({
          adapter: new PrismaBetterSQLite3({ url: `file:${path}`, timeout: BUSY_TIMEOUT_MS }),
        });
      }
      return prisma;
    },
    sql,
    db: sqliteHandle(sql),
    path,
    async close() {
      await prisma?.$disconnect();
      sql.close();
    },
  };
}

interface PrismaModules {
  PrismaClient: typeof PrismaClient;
  PrismaBetterSQLite3: typeof PrismaBetterSQLite3;
}

let loaded: PrismaModules | undefined;

/**
 * The Prisma client and its SQLite adapter, loaded the first time a store's `prisma` is used:
 * synchronously, with `require` of the ES modules (Node ≥ 20.19). A runner that cannot require
 * TypeScript (vitest) hands them over first with `providePrismaModules`.
 */
function prismaModules(): PrismaModules {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    loaded = {
      PrismaClient: require("../generated/prisma/client.js").PrismaClient,
      PrismaBetterSQLite3: require("@prisma/adapter-better-sqlite3").PrismaBetterSQLite3,
    };
  }
  return loaded;
}

export function providePrismaModules(modules: PrismaModules): void {
  loaded = modules;
}

/** A DateTime as Prisma's SQLite adapter stores it, so rows written by raw SQL read back through Prisma. */
export const sqliteTime = (at: Date): string => at.toISOString().replace("Z", "+00:00");
