import type { PrismaClient, SqliteDatabase } from "../store/database.js";

/** The states of one (group, local day) briefing; see README "Morning briefings" for the edges. */
export type LedgerStatus = "claimed" | "sent" | "skipped" | "failed";

export interface LedgerRow {
  groupId: string;
  day: string;
  status: string;
  claimedBy: string;
  claimedAt: Date;
  detail: string;
}

/** Prisma's code for a unique/primary-key violation. */
const UNIQUE_VIOLATION = "P2002";

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && (error as { code?: unknown }).code === UNIQUE_VIOLATION
  );
}

/**
 * The briefing ledger: one row per (group, local day), written with a single INSERT whose primary
 * key decides the winner, so two processes on one store can never both own a briefing.
 * Rows are never deleted: a day that has a row is never briefed again, whatever its status.
 */
export class BriefingLedger {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly instanceId: string,
  ) {}

  /**
   * Claims many (group, day) slots in one INSERT … ON CONFLICT DO NOTHING RETURNING statement: each
   * row is still won by exactly one writer (the primary key decides), and a fan-out of 1,000 groups
   * costs one write instead of 1,000. Returns the keys this instance won.
   */
  static claimMany(
    sql: SqliteDatabase,
    instanceId: string,
    slots: readonly { groupId: string; day: string }[],
    at: Date,
  ): Set<string> {
    const won = new Set<string>();
    const claimedAt = prismaDateTime(at);
    for (let i = 0; i < slots.length; i += 500) {
      const chunk = slots.slice(i, i + 500);
      const rows = sql
        .prepare(
          `INSERT INTO BriefingLedger (groupId, day, status, claimedBy, claimedAt, detail)
           VALUES ${chunk.map(() => "(?, ?, 'claimed', ?, ?, '')").join(", ")}
           ON CONFLICT DO NOTHING RETURNING groupId, day`,
        )
        .all(chunk.flatMap((s) => [s.groupId, s.day, instanceId, claimedAt])) as {
        groupId: string;
        day: string;
      }[];
      for (const r of rows) won.add(ledgerKey(r.groupId, r.day));
    }
    return won;
  }

  /** Marks many claimed briefings as posted in one transaction. */
  static markSentMany(
    sql: SqliteDatabase,
    instanceId: string,
    sent: readonly { groupId: string; day: string; at: Date; detail: string }[],
  ): void {
    const update = sql.prepare(
      "UPDATE BriefingLedger SET status = 'sent', sentAt = ?, detail = ? WHERE groupId = ? AND day = ? AND claimedBy = ?",
    );
    sql.transaction(() => {
      for (const s of sent) update.run(prismaDateTime(s.at), s.detail, s.groupId, s.day, instanceId);
    })();
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
    try {
      await this.prisma.briefingLedger.create({
        data: { groupId, day, status, claimedBy: this.instanceId, claimedAt: at, detail },
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Marks a claimed briefing as posted (also after a stale sweep marked it failed: the post happened). */
  async markSent(groupId: string, day: string, at: Date, detail = ""): Promise<void> {
    await this.prisma.briefingLedger.updateMany({
      where: { groupId, day, claimedBy: this.instanceId },
      data: { status: "sent", sentAt: at, detail },
    });
  }

  /** Marks a claimed briefing as not posted; it is not tried again automatically. */
  async markFailed(groupId: string, day: string, detail: string): Promise<void> {
    await this.prisma.briefingLedger.updateMany({
      where: { groupId, day, claimedBy: this.instanceId, status: "claimed" },
      data: { status: "failed", detail },
    });
  }

  /**
   * Claims older than `olderThan` that never became 'sent': their owner crashed (or hung) between
   * claim and mark. They are marked failed and returned for logging, never re-sent, because the
   * post may already be in the chat. `except` holds this instance's own in-flight briefings.
   */
  async failStaleClaims(olderThan: Date, except: ReadonlySet<string>): Promise<LedgerRow[]> {
    const stale = await this.prisma.briefingLedger.findMany({
      where: { status: "claimed", claimedAt: { lt: olderThan } },
    });
    const failed: LedgerRow[] = [];
    for (const row of stale) {
      if (except.has(ledgerKey(row.groupId, row.day))) continue;
      const detail = `stale claim by ${row.claimedBy} since ${row.claimedAt.toISOString()}: outcome unknown, not re-sent`;
      const { count } = await this.prisma.briefingLedger.updateMany({
        where: { groupId: row.groupId, day: row.day, status: "claimed" },
        data: { status: "failed", detail },
      });
      if (count === 1) failed.push({ ...row, status: "failed", detail });
    }
    return failed;
  }

  /** The rows for these days, keyed by `ledgerKey`. */
  async rowsForDays(days: readonly string[]): Promise<Map<string, LedgerRow>> {
    const rows = await this.prisma.briefingLedger.findMany({ where: { day: { in: [...days] } } });
    return new Map(rows.map((r) => [ledgerKey(r.groupId, r.day), r]));
  }
}

/** DateTime as Prisma stores it in SQLite (ISO text with an explicit offset), so both sides compare. */
const prismaDateTime = (at: Date): string => at.toISOString().replace("Z", "+00:00");

export const ledgerKey = (groupId: string, day: string): string => `${groupId}|${day}`;
