/**
 * Retries a write that failed because another connection held the store's write lock for longer
 * than the busy timeout (a big import, the daily job): a chat command's write is worth waiting
 * for, never worth losing. Other errors are thrown at once.
 */
export async function retryWhenBusy<T>(
  write: () => Promise<T>,
  options: { attempts?: number; delayMs?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  const delayMs = options.delayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (e) {
      if (attempt >= attempts || !isBusy(e)) throw e;
      await new Promise((resolve) => setTimeout(resolve, delayMs * attempt));
    }
  }
}

/** SQLITE_BUSY / "database is locked", as better-sqlite3 or Prisma's driver adapter reports it. */
export function isBusy(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e && typeof e === "object" && !seen.has(e); ) {
    seen.add(e);
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string" && code.startsWith("SQLITE_BUSY")) return true;
    if (typeof message === "string" && /SQLITE_BUSY|database is locked|database is busy/i.test(message))
      return true;
    e = cause;
  }
  return false;
}
