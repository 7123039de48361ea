import { type Clock, type IntervalTimers, SYSTEM_TIMERS } from "../clock.js";
import { isValidTimeZone, zonedInstant } from "../domain/zoned-time.js";
import type { Logger } from "../logger.js";
import { metrics } from "../metrics.js";
import type { Result } from "../result.js";
import { BriefingLedger, type LedgerRow, ledgerKey, RESUMABLE } from "../store/briefing-ledger.js";
import { subscribedGroupRows } from "../store/chat-groups.js";
import { Leadership, type TakeLock } from "../store/instance-lock.js";
import type { SqlHandle } from "../store/sql-handle.js";
import { type BriefingTicket, LedgerTicket } from "./briefing-ticket.js";
import { daysInPlay, decideSlots, type SlotDecision, type SubscribedGroup } from "./slots.js";

/** How one briefing went: posted (maybe partly, said in `detail`) or not posted at all. */
export type DeliveryResult = Result<{ detail: string }, { code: string; message: string }>;

/**
 * Composes and posts one group's briefing for one local day. `ticket.beforePost` takes the
 * briefing in the ledger: call it right before each request and post nothing when it resolves
 * false (another instance owns the briefing; return an error with code CLAIM_LOST).
 */
export type DeliverBriefing = (
  group: SubscribedGroup,
  day: string,
  ticket: BriefingTicket,
) => Promise<DeliveryResult>;

/** The error code of a delivery that lost its claim to another instance (nothing was posted). */
export const CLAIM_LOST = "claim_lost";

export interface SchedulerOptions {
  /** The store's SQL handle (either store): the ledger and the subscribed groups. */
  store: { db: SqlHandle };
  clock: Clock;
  logger: Logger;
  deliver: DeliverBriefing;
  /** Names this process in the ledger (`claimedBy`); unique per running instance. */
  instanceId: string;
  /** Only groups on these platforms (those with a running adapter); all when absent. */
  platforms?: readonly string[];
  /** A missed slot is still sent when at most this late (default 3 h). */
  graceMs?: number;
  /**
   * A request in doubt (`posting`, `posting-chart`: its owner died with it in flight) older than
   * this is settled, never re-sent (default 30 min); rows with nothing in flight are taken over.
   */
  staleClaimMs?: number;
  /** How often to look for due slots (default 30 s). */
  tickMs?: number;
  timers?: IntervalTimers;
  /**
   * With several instances on one store: only the holder of this lock ticks, the others stand by
   * and take over on a tick after it stops or dies (src/store/instance-lock.ts). Without it every
   * instance ticks, and the ledger still lets each briefing be posted by one of them.
   */
  lock?: TakeLock;
}

/** The lock the briefing schedulers of several instances share. */
export const SCHEDULER_LOCK = "briefing-scheduler";

export const DEFAULT_GRACE_MS = 3 * 60 * 60_000;
export const DEFAULT_STALE_CLAIM_MS = 30 * 60_000;

/** What one tick did, for logs and tests. */
export interface TickReport {
  sent: string[];
  failed: string[];
  skipped: string[];
  lostClaims: string[];
  staleFailed: string[];
  /** Briefings another instance left with nothing in flight (it died), taken over and posted here. */
  resumed: string[];
  /** True when another instance holds the scheduler lock and this one did nothing. */
  standby?: boolean;
}

/**
 * Fires each subscribed group's briefing at its local time, exactly once per (group, local day)
 * through the ledger. The first tick (at start) is the catch-up: slots missed while the bot was
 * down are sent when inside the grace window, else recorded as skipped.
 */
export class BriefingScheduler {
  private readonly ledger: BriefingLedger;
  private readonly inFlight = new Map<string, Promise<void>>();
  private pendingSent: { groupId: string; day: string; at: Date; detail: string }[] = [];
  private handle: unknown = null;
  private readonly timers: IntervalTimers;
  private readonly leadership: Leadership | null;
  private deciding: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SchedulerOptions) {
    this.ledger = new BriefingLedger(options.store.db, options.instanceId);
    this.timers = options.timers ?? SYSTEM_TIMERS;
    this.leadership = options.lock ? new Leadership(options.lock, SCHEDULER_LOCK) : null;
  }

  /** Runs the catch-up tick now, then one tick every `tickMs`. */
  start(): Promise<TickReport> {
    if (this.handle === null) {
      this.handle = this.timers.setInterval(() => {
        this.tick().catch((error: unknown) =>
          this.options.logger.error({ err: error }, "briefing tick failed"),
        );
      }, this.options.tickMs ?? 30_000);
    }
    return this.tick();
  }

  /** Stops ticking, waits for briefings already being posted, then hands the lock on. */
  async stop(): Promise<void> {
    if (this.handle !== null) this.timers.clearInterval(this.handle);
    this.handle = null;
    await Promise.allSettled([...this.inFlight.values()]);
    await this.leadership?.release();
  }

  /** One pass: fail stale claims, skip slots past the grace window, claim and post due ones. */
  async tick(): Promise<TickReport> {
    const { clock, logger } = this.options;
    const now = clock.now();
    const report: TickReport = {
      sent: [],
      failed: [],
      skipped: [],
      lostClaims: [],
      staleFailed: [],
      resumed: [],
    };
    if (this.leadership && !(await this.leadership.hold())) return { ...report, standby: true };

    const staleBefore = new Date(now.getTime() - (this.options.staleClaimMs ?? DEFAULT_STALE_CLAIM_MS));
    for (const row of await this.ledger.failStaleClaims(staleBefore, new Set(this.inFlight.keys()))) {
      logger.error(
        { group: row.groupId, day: row.day, claimedBy: row.claimedBy },
        "stale briefing claim marked failed",
      );
      report.staleFailed.push(ledgerKey(row.groupId, row.day));
    }

    // Ticks overlap (one may still be posting when the next begins): deciding what to post, up to
    // registering it in flight, runs one tick at a time, or two ticks could both start a briefing.
    const decided = this.deciding.then(() => this.decide(now, report));
    this.deciding = decided.catch(() => undefined);
    const deliveries = await decided;
    // 'sent' marks are written in batches (one transaction a second) so a big fan-out does not
    // block the event loop with one synchronous commit per group while the send queue is pacing.
    const flusher = deliveries.length > 0 ? setInterval(() => void this.flushSent(), 1_000) : null;
    try {
      await Promise.all(deliveries);
    } finally {
      if (flusher) clearInterval(flusher);
      await this.flushSent();
    }
    return report;
  }

  /** Reads the ledger, skips or takes over what it must, and starts the due deliveries. */
  private async decide(now: Date, report: TickReport): Promise<Promise<void>[]> {
    const { logger } = this.options;
    const groups = await this.subscribedGroups();
    const rows = await this.ledger.rowsForDays(daysInPlay(groups, now));
    const decisions = decideSlots(
      groups,
      now,
      (groupId, day) => rows.has(ledgerKey(groupId, day)) || this.inFlight.has(ledgerKey(groupId, day)),
      this.options.graceMs ?? DEFAULT_GRACE_MS,
    );

    const due: { decision: SlotDecision; ticket?: LedgerTicket }[] = await this.takeOver(
      groups,
      rows,
      now,
      report,
    );
    for (const decision of decisions) {
      const key = ledgerKey(decision.group.id, decision.day);
      if (decision.action === "send") {
        due.push({ decision });
        continue;
      }
      const detail = `missed by ${Math.round(decision.lateMs / 60_000)} min (bot not running), beyond the grace window`;
      if (await this.ledger.skip(decision.group.id, decision.day, now, detail)) {
        logger.warn(
          { group: decision.group.id, day: decision.day, slot: decision.slot },
          "briefing skipped: missed beyond the grace window",
        );
        report.skipped.push(key);
      }
    }

    // Each briefing is claimed when its first post is about to go (inside the send queue), not
    // when it is queued: an instance that dies holds no claims on briefings it never started.
    const deliveries: Promise<void>[] = [];
    for (const { decision, ticket } of due) {
      const key = ledgerKey(decision.group.id, decision.day);
      const delivery = this.deliverClaimed(decision, report, ticket).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, delivery);
      deliveries.push(delivery);
    }
    return deliveries;
  }

  private async flushSent(): Promise<void> {
    if (this.pendingSent.length === 0) return;
    const batch = this.pendingSent;
    this.pendingSent = [];
    await this.ledger.markSentMany(batch);
  }

  /**
   * Rows another instance left with nothing in flight (`waiting`, `text-sent`) while this one
   * leads: their owner died (or lost the lock), so this instance takes them over (a conditional
   * write: never two owners) and posts what is left, the whole briefing or only its chart. A slot
   * now beyond the grace window is not posted late: taken over and closed as the others are.
   */
  private async takeOver(
    groups: readonly SubscribedGroup[],
    rows: ReadonlyMap<string, LedgerRow>,
    now: Date,
    report: TickReport,
  ): Promise<{ decision: SlotDecision; ticket: LedgerTicket }[]> {
    // This instance's own rows are in flight here (a 429 is waiting for its retry).
    const resumable = [...rows.values()].filter(
      (r) =>
        RESUMABLE.includes(r.status as never) &&
        r.claimedBy !== this.options.instanceId &&
        !this.inFlight.has(ledgerKey(r.groupId, r.day)),
    );
    if (resumable.length === 0) return [];
    const byId = new Map(groups.map((g) => [g.id, g]));
    const graceMs = this.options.graceMs ?? DEFAULT_GRACE_MS;
    const taken: { decision: SlotDecision; ticket: LedgerTicket }[] = [];
    for (const row of resumable) {
      const group = byId.get(row.groupId);
      if (!group || !(await this.ledger.takeOver(row, now))) continue;
      const key = ledgerKey(row.groupId, row.day);
      const slot = zonedInstant(row.day, group.briefTime, group.timeZone);
      const lateMs = now.getTime() - slot.getTime();
      const from = row.status === "text-sent" ? "chart" : "text";
      this.options.logger.warn(
        { group: row.groupId, day: row.day, from: row.claimedBy, part: from, lateMs },
        "briefing taken over from an instance that stopped before posting it",
      );
      report.resumed.push(key);
      if (lateMs > graceMs) {
        const detail = `owner ${row.claimedBy} stopped before posting the ${from}; beyond the grace window`;
        if (from === "chart") await this.ledger.markSent(row.groupId, row.day, now, detail);
        else await this.ledger.markFailed(row.groupId, row.day, detail);
        continue;
      }
      const ticket = new LedgerTicket(
        this.ledger,
        row.groupId,
        row.day,
        () => this.options.clock.now(),
        from,
        true,
      );
      taken.push({ decision: { group, day: row.day, slot, lateMs, action: "send" }, ticket });
    }
    return taken;
  }

  private async deliverClaimed(
    decision: SlotDecision,
    report: TickReport,
    resumed?: LedgerTicket,
  ): Promise<void> {
    const { group, day } = decision;
    const key = ledgerKey(group.id, day);
    const log = this.options.logger.child({ group: group.id, day, lateMs: decision.lateMs });
    let result: DeliveryResult;
    const timer = metrics.briefingSeconds.startTimer();
    const ticket = resumed ?? new LedgerTicket(this.ledger, group.id, day, () => this.options.clock.now());
    try {
      result = await this.options.deliver(group, day, ticket);
    } catch (error) {
      result = { ok: false, error: { code: "exception", message: String(error) } };
    }
    timer();
    // Not claimed: another instance (or an earlier tick) owns it, or it failed before its first
    // post; that failure is recorded like any other (claimed now), never retried as a new briefing.
    if ((!result.ok && result.error.code === CLAIM_LOST) || !(await ticket.own())) {
      report.lostClaims.push(key);
      return;
    }
    metrics.briefings.inc({ outcome: result.ok ? "sent" : "failed" });
    if (result.ok) {
      this.pendingSent.push({
        groupId: group.id,
        day,
        at: this.options.clock.now(),
        detail: result.value.detail,
      });
      log.info(decision.lateMs > 60_000 ? "briefing sent (catch-up)" : "briefing sent");
      report.sent.push(key);
    } else {
      await this.ledger.markFailed(group.id, day, `${result.error.code}: ${result.error.message}`);
      log.error({ error: result.error }, "briefing failed; not retried automatically");
      report.failed.push(key);
    }
  }

  private async subscribedGroups(): Promise<SubscribedGroup[]> {
    const rows = await subscribedGroupRows(this.options.store.db, this.options.platforms);
    const invalid = rows.filter((r) => !isValidTimeZone(r.timeZone));
    for (const r of invalid)
      this.options.logger.warn({ group: r.id, timeZone: r.timeZone }, "briefing skipped: unknown time zone");
    return rows.filter((r) => isValidTimeZone(r.timeZone));
  }
}
