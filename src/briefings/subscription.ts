import type { Clock } from "../clock.js";
import { zonedInstant } from "../domain/zoned-time.js";
import { BriefingLedger } from "../store/briefing-ledger.js";
import type { Store } from "../store/database.js";
import { candidateDays } from "./slots.js";

/**
 * Sets a group's briefing time. Slots that have already passed (today's, yesterday's) are written
 * to the ledger as skipped, so a new or moved schedule never fires "late" for a time before it was
 * set; it starts with the next slot. Returns whether today's slot had already passed.
 */
export async function setBriefingTime(
  store: Pick<Store, "prisma" | "db">,
  clock: Clock,
  groupId: string,
  time: string | null,
  actor: string,
): Promise<{ skippedToday: boolean }> {
  const group = await store.prisma.chatGroup.update({ where: { id: groupId }, data: { briefTime: time } });
  if (time === null) return { skippedToday: false };
  const now = clock.now();
  const ledger = new BriefingLedger(store.db, actor);
  let skippedToday = false;
  const days = candidateDays(now, group.timeZone);
  for (const day of days) {
    if (zonedInstant(day, time, group.timeZone) > now) continue;
    await ledger.skip(groupId, day, now, `schedule set to ${time} after this slot`);
    if (day === days[days.length - 1]) skippedToday = true;
  }
  return { skippedToday };
}
