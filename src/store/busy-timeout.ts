/**
 * How long a write waits for another connection's write lock before failing: long enough for the
 * write phase of a 1M-row import or the daily job's commit, on both handles. Its own module so a
 * worker thread opening a connection (the fold's helper) does not load the store's (config, zod).
 */
export const BUSY_TIMEOUT_MS = 30_000;
