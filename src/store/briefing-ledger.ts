import type { SqlHandle } from "./sql-handle.js";
import { storedDate } from "./stored-date.js";

/** The states of one (group, local day) briefing; see docs/briefings.md for the edges. */
export type LedgerStatus = "claimed" | "sent" | "skipped" | "failed";

export interface LedgerRow {
  groupId: string;
  day: string;
  status: string;
  claimedBy: string;
  claimedAt: Date;
  detail: string;
}

/** Slots claimed per statement: well under both stores' limits on bound parameters. */
const CLAIM_CHUNK = 500;

export const ledgerKey = (groupId: string, day: string): string => `${groupId}|${day}`;

/**
 * The briefing ledger: one row per (group, local day), written with a single INSERT whose primary
 * key decides the winner, so two processes on one store (SQLite or PostgreSQL) can never both own
 * a briefing. Rows are never deleted: a day that has a row is never briefed again, whatever its status.
 */
export class BriefingLedger {
  constructor(
    private readonly db: SqlHandle,
    private readonly instanceId: string,
  ) {}

  /**
   * Claims many (group, day) slots with INSERT … ON CONFLICT DO NOTHING RETURNING: each row is
   * still won by exactly one writer (the primary key decides), and a fan-out of 1,000 groups costs
   * two statements instead of 1,000. Returns the keys this instance won.
   */
  async claimMany(slots: readonly { groupId: string; day: string }[], at: Date): Promise<Set<string>> {
    const won = new Set<string>();
    // Every claimer inserts in the same key order: on PostgreSQL, two multi-row inserts that meet
    // each other's uncommitted keys in opposite orders wait on each other (deadlock detected).
    const ordered = [...slots].sort((x, y) =>
      x.groupId === y.groupId ? (x.day < y.day ? -1 : 1) : x.groupId < y.groupId ? -1 : 1,
    );
    for (let i = 0; i < ordered.length; i += CLAIM_CHUNK) {
      const chunk = ordered.slice(i, i + CLAIM_CHUNK);
      const rows = await this.db.all<{ groupId: string; day: string }>(
        `INSERT INTO "BriefingLedger" ("groupId", "day", "status", "claimedBy", "claimedAt", "detail")
         VALUES ${chunk.map(() => "(?, ?, 'claimed', ?, ?, '')").join(", ")}
         ON CONFLICT DO NOTHING RETURNING "groupId", "day"`,
        chunk.flatMap((s) => [s.groupId, s.day, this.instanceId, at]),
      );
      for (const r of rows) won.add(ledgerKey(r.groupId, r.day));
    }
    return won;
  }

  /**
   * Marks many claimed briefings as posted, one UPDATE … FROM (VALUES …) per chunk: a fan-out's
   * marks cost a few commits, not one per group.
   */
  async markSentMany(
    sent: readonly { groupId: string; day: string; at: Date; detail: string }[],
  ): Promise<void> {
    // VALUES columns are column1… on both stores; PostgreSQL needs the timestamp's type spelled out.
    const sentAt = this.db.dialect === "postgres" ? "CAST(v.column3 AS timestamp(3))" : "v.column3";
    for (let i = 0; i < sent.length; i += CLAIM_CHUNK) {
      const chunk = sent.slice(i, i + CLAIM_CHUNK);
      await this.db.run(
        `UPDATE "BriefingLedger" SET "status" = 'sent', "sentAt" = ${sentAt}, "detail" = v.column4
         FROM (VALUES ${chunk.map(() => "(?, ?, ?, ?)").join(", ")}) AS v
         WHERE "groupId" = v.column1 AND "day" = v.column2 AND "claimedBy" = ?`,
        [...chunk.flatMap((s) => [s.groupId, s.day, s.at, s.detail]), this.instanceId],
      );
    }
  }

  /** Claims (group, day) for this instance; false when any row already exists for it. */
  async claim(groupId: string, day: string, at: Date): Promise<boolean> {
    return this.insert(groupId, day, "claimed", at, "");
  }

  /** Records a briefing that will not be sent (missed beyond the grace window, set after the slot). */
  async skip(groupId: string, day: string, at: Date, detail: string): Promise<boolean> {
    return this.insert(groupId, day, "skipped", at, detail);
  }

  private async insert(groupId: string, day: string, status: LedgerStatus, at: Date, detail: string) {
    const inserted = await this.db.run(
      `INSERT INTO "BriefingLedger" ("groupId", "day", "status", "claimedBy", "claimedAt", "detail")
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [groupId, day, status, this.instanceId, at, detail],
    );
    return inserted === 1;
  }

  /** Marks a claimed briefing as posted (also after a stale sweep marked it failed: the post happened). */
  async markSent(groupId: string, day: string, at: Date, detail = ""): Promise<void> {
    await this.db.run(
      `UPDATE "BriefingLedger" SET "status" = 'sent', "sentAt" = ?, "detail" = ?
       WHERE "groupId" = ? AND "day" = ? AND "claimedBy" = ?`,
      [at, detail, groupId, day, this.instanceId],
    );
  }

  /** Marks a claimed briefing as not posted; it is not tried again automatically. */
  async markFailed(groupId: string, day: string, detail: string): Promise<void> {
    await this.db.run(
      `UPDATE "BriefingLedger" SET "status" = 'failed', "detail" = ?
       WHERE "groupId" = ? AND "day" = ? AND "claimedBy" = ? AND "status" = 'claimed'`,
      [detail, groupId, day, this.instanceId],
    );
  }

  /**
   * Claims older than `olderThan` that never became 'sent': their owner crashed (or hung) between
   * claim and mark. They are marked failed and returned for logging, never re-sent, because the
   * post may already be in the chat. `except` holds this instance's own in-flight briefings.
   */
  async failStaleClaims(olderThan: Date, except: ReadonlySet<string>): Promise<LedgerRow[]> {
    const stale = await this.rows(`"status" = 'claimed' AND "claimedAt" < ?`, [olderThan]);
    const failed: LedgerRow[] = [];
    for (const row of stale) {
      if (except.has(ledgerKey(row.groupId, row.day))) continue;
      const detail = `stale claim by ${row.claimedBy} since ${row.claimedAt.toISOString()}: outcome unknown, not re-sent`;
      const changed = await this.db.run(
        `UPDATE "BriefingLedger" SET "status" = 'failed', "detail" = ? WHERE "groupId" = ? AND "day" = ? AND "status" = 'claimed'`,
        [detail, row.groupId, row.day],
      );
      if (changed === 1) failed.push({ ...row, status: "failed", detail });
    }
    return failed;
  }

  /** The rows for these days, keyed by `ledgerKey`. */
  async rowsForDays(days: readonly string[]): Promise<Map<string, LedgerRow>> {
    if (days.length === 0) return new Map();
    const rows = await this.rows(`"day" IN (${days.map(() => "?").join(", ")})`, days);
    return new Map(rows.map((r) => [ledgerKey(r.groupId, r.day), r]));
  }

  /** One row, or null. */
  async row(groupId: string, day: string): Promise<LedgerRow | null> {
    return (await this.rows(`"groupId" = ? AND "day" = ?`, [groupId, day]))[0] ?? null;
  }

  private async rows(where: string, params: readonly (string | Date)[]): Promise<LedgerRow[]> {
    const rows = await this.db.all<Omit<LedgerRow, "claimedAt"> & { claimedAt: Date | string }>(
      `SELECT "groupId", "day", "status", "claimedBy", "claimedAt", "detail" FROM "BriefingLedger" WHERE ${where}`,
      params,
    );
    return rows.map((r) => ({ ...r, claimedAt: storedDate(r.claimedAt) }));
  }
}
