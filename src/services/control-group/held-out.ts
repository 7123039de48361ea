/**
 * The reading side of the control group: which customers of a list are held out of it today. The
 * daily warnings job knows nothing of it (warnings are still computed and stored for everyone);
 * only what people are shown — risk lists, team views, briefings, exports — leaves them out.
 */

import { drawnForControl } from "../../domain/control-group.js";
import { addDays } from "../../domain/dates.js";
import {
  activeControlSettings,
  anyControlGroup,
  teamsOfCustomers,
  warnedOn,
} from "../../store/control-group.js";
import type { SqlHandle } from "../../store/sql-handle.js";

/**
 * The candidates held out: drawn by their team's share and salt, and not already warned the day
 * before their team's control group began (only newly warned customers can be held out).
 */
export async function heldOutOf(db: SqlHandle, candidateIds: readonly string[]): Promise<Set<string>> {
  if (candidateIds.length === 0 || !(await anyControlGroup(db))) return new Set();
  const teams = await teamsOfCustomers(db, candidateIds);
  const settings = new Map(
    (await activeControlSettings(db, [...new Set(teams.values())])).map((s) => [s.teamId, s] as const),
  );
  const drawnBySince = new Map<string, string[]>();
  for (const id of candidateIds) {
    const s = settings.get(teams.get(id) ?? "");
    if (!s?.since || !drawnForControl(s, id)) continue;
    drawnBySince.set(s.since, [...(drawnBySince.get(s.since) ?? []), id]);
  }
  const held = new Set<string>();
  for (const [since, ids] of drawnBySince) {
    const before = await warnedOn(db, ids, addDays(since, -1));
    for (const id of ids) if (!before.has(id)) held.add(id);
  }
  return held;
}
