import { addDays } from "../domain/dates.js";
import { localDayAndTime, zonedInstant } from "../domain/zoned-time.js";
import type { SubscribedGroupRow } from "../store/chat-groups.js";

/** A chat group with a briefing schedule, as the scheduler sees it (read by src/store/chat-groups.ts). */
export type SubscribedGroup = SubscribedGroupRow;

/** What to do about one (group, local day) slot that has come and has no ledger row yet. */
export interface SlotDecision {
  group: SubscribedGroup;
  day: string;
  slot: Date;
  /** How late the slot is now (0 when it fires on time). */
  lateMs: number;
  action: "send" | "skip";
}

/**
 * The local days whose slot may still need a decision at `now`: today and yesterday in the
 * group's zone (a grace window is at most a day, so nothing older can still be sent).
 */
export function candidateDays(now: Date, timeZone: string): string[] {
  const today = localDayAndTime(now, timeZone).day;
  return [addDays(today, -1), today];
}

/**
 * Pure decision for each group: a slot that has passed and has no ledger row is sent when it is
 * at most `graceMs` late, else skipped. Slots in the future, or with a row, need nothing.
 */
export function decideSlots(
  groups: readonly SubscribedGroup[],
  now: Date,
  hasRow: (groupId: string, day: string) => boolean,
  graceMs: number,
): SlotDecision[] {
  const decisions: SlotDecision[] = [];
  for (const group of groups) {
    for (const day of candidateDays(now, group.timeZone)) {
      if (hasRow(group.id, day)) continue;
      const slot = zonedInstant(day, group.briefTime, group.timeZone);
      const lateMs = now.getTime() - slot.getTime();
      if (lateMs < 0) continue;
      decisions.push({ group, day, slot, lateMs, action: lateMs <= graceMs ? "send" : "skip" });
    }
  }
  return decisions;
}

/** Every day a slot exists for across these groups (to read their ledger rows in one query). */
export function daysInPlay(groups: readonly SubscribedGroup[], now: Date): string[] {
  const zones = new Set(groups.map((g) => g.timeZone));
  return [...new Set([...zones].flatMap((tz) => candidateDays(now, tz)))];
}
