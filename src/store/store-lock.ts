import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

/** How long a second process waits for the first one's migration or demo load. */
const LOCK_WAIT_MS = 10 * 60_000;

/**
 * Runs `work` while holding a lock named `name` on the store at `storePath`, across processes: an
 * exclusive SQLite transaction on a small side file (`<store>.<name>.lock`). A second process
 * waits in SQLite's busy handler until the first commits; the operating system releases the lock
 * of a process that dies, so a killed migration never leaves the store locked.
 */
export async function withStoreLock<T>(
  storePath: string,
  name: string,
  work: () => T | Promise<T>,
): Promise<T> {
  const lock = openLock(storePath, name);
  try {
    return await work();
  } finally {
    release(lock);
  }
}

/** The same, for synchronous work (migrations run the Prisma CLI with spawnSync). */
export function withStoreLockSync<T>(storePath: string, name: string, work: () => T): T {
  const lock = openLock(storePath, name);
  try {
    return work();
  } finally {
    release(lock);
  }
}

function openLock(storePath: string, name: string): Database.Database {
  mkdirSync(dirname(storePath), { recursive: true });
  const lock = new Database(`${storePath}.${name}.lock`, { timeout: LOCK_WAIT_MS });
  try {
    lock.exec("BEGIN EXCLUSIVE");
  } catch (e) {
    lock.close();
    throw e;
  }
  return lock;
}

function release(lock: Database.Database): void {
  try {
    if (lock.inTransaction) lock.exec("COMMIT");
  } finally {
    lock.close();
  }
}
