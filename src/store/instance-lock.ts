import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { sqlitePath, storeKind } from "../config.js";

/** A lock one instance holds until it releases it or dies. */
export interface HeldLock {
  /** False once the lock is gone without a release (PostgreSQL: its connection dropped). */
  held(): boolean;
  release(): Promise<void>;
}

/**
 * Takes the lock `name` if no other instance holds it, without waiting: null when another one does.
 * For the work only one instance of several on one store may do at a time (the briefing scheduler,
 * the daily jobs). The store's own mechanism frees the lock of a process that dies (SIGKILL, power),
 * so a crashed instance never blocks the others.
 */
export type TakeLock = (name: string) => Promise<HeldLock | null>;

/** The locks of the store DATABASE_URL names: PostgreSQL advisory locks, or side files of a SQLite store. */
export const instanceLocks = (databaseUrl: string): TakeLock =>
  storeKind(databaseUrl) === "postgres"
    ? postgresLocks(databaseUrl)
    : sqliteLocks(resolve(sqlitePath(databaseUrl)));

/**
 * PostgreSQL: a session advisory lock on a connection of its own, held for as long as the lock is.
 * The server releases it when that connection ends, which a dead process's does.
 */
export function postgresLocks(url: string): TakeLock {
  return async (name) => {
    const client = new pg.Client({ connectionString: url, application_name: `retainbot lock ${name}` });
    await client.connect();
    try {
      const taken = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS ok", [
        `retainbot:${name}`,
      ]);
      if (!taken.rows[0]?.ok) {
        await client.end();
        return null;
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    // A dropped connection drops the lock: the holder learns it from held() and takes it again.
    let released = false;
    let lost = false;
    client.on("error", () => {
      lost = true;
    });
    client.on("end", () => {
      lost = true;
    });
    return {
      held: () => !released && !lost,
      async release() {
        if (released) return;
        released = true;
        await client.end().catch(() => undefined);
      },
    };
  };
}

/**
 * SQLite: an exclusive transaction on a side file (`<store>.<name>.lock`, as src/store/store-lock.ts
 * uses for migrations) begun without a busy wait; the operating system drops the file lock of a
 * process that dies.
 */
export function sqliteLocks(storePath: string): TakeLock {
  return async (name) => {
    mkdirSync(dirname(storePath), { recursive: true });
    const lock = new Database(`${storePath}.${name}.lock`, { timeout: 0 });
    try {
      lock.exec("BEGIN EXCLUSIVE");
    } catch (error) {
      lock.close();
      if ((error as { code?: string }).code === "SQLITE_BUSY") return null;
      throw error;
    }
    return {
      held: () => lock.open,
      async release() {
        if (!lock.open) return;
        if (lock.inTransaction) lock.exec("COMMIT");
        lock.close();
      },
    };
  };
}

/**
 * The lock for work that repeats (a scheduler's ticks, a daily job's checks): `hold()` keeps the
 * lock while it is held and tries to take it otherwise, so a standby instance takes over on its
 * next tick after the holder stops or dies.
 */
export class Leadership {
  private lock: HeldLock | null = null;

  constructor(
    private readonly take: TakeLock,
    readonly name: string,
  ) {}

  /** Whether this instance leads now (taking the lock if it is free). */
  async hold(): Promise<boolean> {
    if (this.lock?.held()) return true;
    await this.lock?.release();
    this.lock = await this.take(this.name);
    return this.lock !== null;
  }

  async release(): Promise<void> {
    const lock = this.lock;
    this.lock = null;
    await lock?.release();
  }
}
