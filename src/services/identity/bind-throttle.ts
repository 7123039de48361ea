/**
 * Throttling /bind: wrong codes are counted in the store (not in memory, so a restart forgets
 * nothing) per chat user and per manager id; five within fifteen minutes pause binding for either.
 */
import {
  type BindAttemptKey,
  failedBindsSince,
  lockBindAttempts,
  recordFailedBind,
} from "../../store/bind-attempts.js";
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

/** What a throttled attempt gave: refused while locked, or the attempt's own answer. */
export type ThrottledAttempt<T> =
  | { locked: true }
  | {
      locked: false;
      value: T;
      /** Wrong codes for the manager id when this attempt locked binding (alert once), else null. */
      lockedAt: number | null;
    };

/**
 * Runs one bind attempt under the throttle, in one transaction with the lock check and the
 * recording of a wrong code, so that the limits hold when several attempts arrive at once (on one
 * instance or several): refused while locked; `attempt` says whether its code was wrong.
 */
export function throttledBind<T>(
  db: SqlHandle,
  key: BindAttemptKey,
  now: Date,
  attempt: (tx: SqlHandle) => Promise<{ value: T; wrongCode: boolean }>,
): Promise<ThrottledAttempt<T>> {
  return db.transaction(async (tx) => {
    await lockBindAttempts(tx);
    if (await isBindLocked(tx, key, now)) return { locked: true };
    const { value, wrongCode } = await attempt(tx);
    const lockedAt = wrongCode ? await recordBindFailure(tx, key, now) : null;
    return { locked: false, value, lockedAt };
  });
}
