import type { Clock } from "../clock.js";
import { zonedInstant } from "../domain/zoned-time.js";
import { BriefingLedger } from "../store/briefing-ledger.js";
import { setGroupBriefTime } from "../store/chat-groups.js";
import type { SqlHandle } from "../store/sql-handle.js";
import { candidateDays } from "./slots.js";

/**
 * Sets a group's briefing time. Slots that have already passed (today's, yesterday's) are written
 * to the ledger as skipped, so a new or moved schedule never fires "late" for a time before it was
 * set; it starts with the next slot. Returns whether today's slot had already passed. Throws for
 * a group the store does not have (callers set times only on groups they found bound).
 */
export async function setBriefingTime(
  db: SqlHandle,
  clock: Clock,
  groupId: string,
  time: string | null,
  actor: string,
): Promise<{ skippedToday: boolean }> {
  const timeZone = await setGroupBriefTime(db, groupId, time);
  if (timeZone === null) throw new Error(`No chat group ${groupId}`);
  if (time === null) return { skippedToday: false };
  const now = clock.now();
  const ledger = new BriefingLedger(db, actor);
  let skippedToday = false;
  const days = candidateDays(now, timeZone);
  for (const day of days) {
    if (zonedInstant(day, time, timeZone) > now) continue;
    await ledger.skip(groupId, day, now, `schedule set to ${time} after this slot`);
    if (day === days[days.length - 1]) skippedToday = true;
  }
  return { skippedToday };
}
