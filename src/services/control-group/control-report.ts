/**
 * Measured retention (issue 16 item 5): churn among the team's newly warned customers who were
 * contacted, who were not, and who were held out (the control group), each with a 95 % Wilson
 * interval. The control group is counted as drawn, whether or not someone called them anyway, so
 * the comparison with it is the effect of putting customers on the list.
 */

import { drawnForControl } from "../../domain/control-group.js";
import { addDays } from "../../domain/dates.js";
import { wilsonInterval } from "../../domain/wilson.js";
import { controlSettingsOf, warnedCustomersOfTeam } from "../../store/control-group.js";
import type { SqlHandle } from "../../store/sql-handle.js";

export interface GroupChurn {
  customers: number;
  churned: number;
  /** churned / customers (0 when there are none). */
  rate: number;
  low: number;
  high: number;
}

export interface ControlReport {
  teamId: string;
  from: string;
  to: string;
  sharePercent: number;
  /** The day the control group began; null: there is none now, and every warned customer counts. */
  since: string | null;
  contacted: GroupChurn;
  notContacted: GroupChurn;
  control: GroupChurn;
}

const churnOf = (rows: readonly { churned: 0 | 1 }[]): GroupChurn => {
  const churned = rows.filter((r) => r.churned === 1).length;
  const { low, high } = wilsonInterval(churned, rows.length);
  return { customers: rows.length, churned, rate: rows.length ? churned / rows.length : 0, low, high };
};

/**
 * The team's customers first warned from `from` to `to` — while a control group runs, only those
 * warned anew since it began, the population it is drawn from — in three groups.
 */
export async function controlReport(
  db: SqlHandle,
  teamId: string,
  from: string,
  to: string,
): Promise<ControlReport> {
  const settings = await controlSettingsOf(db, teamId);
  const since = settings.sharePercent > 0 ? settings.since : null;
  const rows = (await warnedCustomersOfTeam(db, teamId, from, to, since ? addDays(since, -1) : null)).filter(
    (r) => !since || (r.firstDay >= since && r.warnedBeforeStart === 0),
  );
  const control = since ? rows.filter((r) => drawnForControl(settings, r.customerId)) : [];
  const held = new Set(control.map((r) => r.customerId));
  const listed = rows.filter((r) => !held.has(r.customerId));
  return {
    teamId,
    from,
    to,
    sharePercent: settings.sharePercent,
    since,
    contacted: churnOf(listed.filter((r) => r.contacted === 1)),
    notContacted: churnOf(listed.filter((r) => r.contacted === 0)),
    control: churnOf(control),
  };
}
