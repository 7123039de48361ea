import type { SqlHandle } from "./sql-handle.js";
import { storedDate } from "./stored-date.js";

/**
 * The states of one (group, local day) briefing; see docs/briefings.md for the edges.
 * - `waiting`: owned by `claimedBy`, nothing of it has left that process (a 429 came back, or the
 *   CLI claimed before composing); the scheduler's leader takes it over when its owner is gone.
 * - `posting`: the text's request may have left: if the owner dies now the outcome is unknown.
 * - `text-sent`: the text is posted, the chart has not left; taken over like `waiting`.
 * - `posting-chart`: the text is posted, the chart's request may have left.
 * - `claimed`: written before the posting states existed; as undecidable as `posting`.
 */
export type LedgerStatus =
  | "waiting"
  | "posting"
  | "text-sent"
  | "posting-chart"
  | "claimed"
  | "sent"
  | "skipped"
  | "failed";

/** States whose owner may have a request in flight: never re-sent by another instance. */
const IN_DOUBT = ["posting", "claimed"] as const;
/** States another instance may take over: nothing of the briefing is in flight. */
export const RESUMABLE: readonly LedgerStatus[] = ["waiting", "text-sent"];

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

  /**
   * Claims (group, day) for this instance in `status` (`posting` right before the first request,
   * `waiting` when the posting comes later); false when any row already exists for it.
   */
  async claim(
    groupId: string,
    day: string,
    at: Date,
    status: "posting" | "waiting" = "posting",
  ): Promise<boolean> {
    return this.insert(groupId, day, status, at, "");
  }

  /**
   * Moves this instance's row from one of `from` to `to` in one conditional UPDATE: false when the
   * row is not this instance's or in another state (another instance took it over), so at most one
   * instance ever moves a briefing to a posting state.
   */
  async move(
    groupId: string,
    day: string,
    from: readonly LedgerStatus[],
    to: LedgerStatus,
  ): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE "BriefingLedger" SET "status" = ?
       WHERE "groupId" = ? AND "day" = ? AND "claimedBy" = ? AND "status" IN (${from.map(() => "?").join(", ")})`,
      [to, groupId, day, this.instanceId, ...from],
    );
    return changed === 1;
  }

  /**
   * Takes over a row another instance left resumable (`waiting` or `text-sent`): only if it is
   * still exactly as read, so two instances taking it over, or its owner moving it on, cannot both win.
   */
  async takeOver(row: LedgerRow, at: Date): Promise<boolean> {
    if (!RESUMABLE.includes(row.status as LedgerStatus)) return false;
    const changed = await this.db.run(
      `UPDATE "BriefingLedger" SET "claimedBy" = ?, "claimedAt" = ?
       WHERE "groupId" = ? AND "day" = ? AND "claimedBy" = ? AND "status" = ?`,
      [this.instanceId, at, row.groupId, row.day, row.claimedBy, row.status],
    );
    return changed === 1;
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
       WHERE "groupId" = ? AND "day" = ? AND "claimedBy" = ? AND "status" IN ('waiting', 'posting', 'claimed')`,
      [detail, groupId, day, this.instanceId],
    );
  }

  /**
   * Claims older than `olderThan` whose request may have left (`posting`, `posting-chart`) and
   * never became 'sent': their owner died (or hung) with the request in flight. A text in doubt is
   * marked failed, a chart in doubt sent (its text went out); both are returned for logging and
   * never re-sent, because the post may already be in the chat. `except` holds this instance's
   * own in-flight briefings.
   */
  async failStaleClaims(olderThan: Date, except: ReadonlySet<string>): Promise<LedgerRow[]> {
    const inDoubt = [...IN_DOUBT, "posting-chart"];
    const stale = await this.rows(`"status" IN (${inDoubt.map(() => "?").join(", ")}) AND "claimedAt" < ?`, [
      ...inDoubt,
      olderThan,
    ]);
    const failed: LedgerRow[] = [];
    for (const row of stale) {
      if (except.has(ledgerKey(row.groupId, row.day))) continue;
      const since = `by ${row.claimedBy} since ${row.claimedAt.toISOString()}`;
      const chart = row.status === "posting-chart";
      const status = chart ? "sent" : "failed";
      const detail = chart
        ? `text posted; chart in flight ${since}: outcome unknown, not re-sent`
        : `stale claim ${since}: outcome unknown, not re-sent`;
      const changed = await this.db.run(
        `UPDATE "BriefingLedger" SET "status" = ?, "detail" = ? WHERE "groupId" = ? AND "day" = ? AND "status" = ? AND "claimedBy" = ?`,
        [status, detail, row.groupId, row.day, row.status, row.claimedBy],
      );
      if (changed === 1) failed.push({ ...row, status, detail });
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
