import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The store holds personal data: its folder is created readable by the owner only (0700) and the
 * file itself 0600 (SQLite gives its -wal and -shm files the same mode). An existing store file is
 * narrowed to 0600 too; an existing folder is left as its owner set it.
 */
export function ensurePrivateStoreFile(path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, "a", 0o600));
  else chmodSync(path, 0o600);
}
