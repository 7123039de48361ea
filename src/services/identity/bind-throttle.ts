/**
 * Throttling /bind: wrong codes are counted in the store (not in memory, so a restart forgets
 * nothing) per chat user and per manager id; five within fifteen minutes pause binding for either.
 */
import { type BindAttemptKey, failedBindsSince, recordFailedBind } from "../../store/bind-attempts.js";
import type { SqlHandle } from "../../store/sql-handle.js";

export const BIND_MAX_FAILURES = 5;
export const BIND_WINDOW_MINUTES = 15;

const windowStart = (now: Date) => new Date(now.getTime() - BIND_WINDOW_MINUTES * 60_000);

/** Whether this chat user, or this manager id, has used up its wrong codes for now. */
export async function isBindLocked(db: SqlHandle, key: BindAttemptKey, now: Date): Promise<boolean> {
  const { byUser, byManager } = await failedBindsSince(db, key, windowStart(now));
  return byUser >= BIND_MAX_FAILURES || byManager >= BIND_MAX_FAILURES;
}

/**
 * Records a wrong code. Returns the number of wrong codes for the manager id in the window when
 * this one locked it (or locked the user), so the caller alerts once, at the moment of lockout.
 */
export async function recordBindFailure(
  db: SqlHandle,
  key: BindAttemptKey,
  now: Date,
): Promise<number | null> {
  await recordFailedBind(db, key, now);
  const { byUser, byManager } = await failedBindsSince(db, key, windowStart(now));
  return byUser === BIND_MAX_FAILURES || byManager === BIND_MAX_FAILURES ? Math.max(byUser, byManager) : null;
}
