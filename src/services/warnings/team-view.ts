/** A lead's view of the team for day D: per manager, what is at risk and what is overdue. */
import type { SignalCode } from "../../domain/signals/types.js";
import { teamManagers } from "../../store/managers.js";
import { openEntries, type RiskEntry, type RiskList, riskList, type WarningDeps } from "./risk-list.js";

export interface OverdueWarning {
  customer: RiskEntry["customer"];
  code: SignalCode;
  level: number;
  raisedDay: string;
  dueAt: string;
  hoursOverdue: number;
}

export interface ManagerSummary {
  managerId: string;
  name: string;
  open: number;
  openLevel1: number;
  handledToday: number;
  overdueLevel1: number;
  overdueLevel2: number;
  overdue: OverdueWarning[];
}

export interface TeamView {
  day: string;
  teamId: string;
  source: RiskList["source"];
  managers: ManagerSummary[];
}

/** The team's managers, each with counts and their overdue warnings (level 1 first, oldest first). */
export async function teamView(deps: WarningDeps, teamId: string, day: string): Promise<TeamView> {
  const managers = await teamManagers(deps.db, teamId);
  const list = await riskList(
    deps,
    managers.map((m) => m.id),
    day,
  );
  return teamViewOf(list, teamId, managers);
}

/** The team view from a risk list of exactly these managers' customers (the briefing has one already). */
export function teamViewOf(
  list: RiskList,
  teamId: string,
  managers: readonly { id: string; name: string }[],
): TeamView {
  const { day } = list;
  const open = new Set(openEntries(list).map((e) => e.customer.id));
  return {
    day,
    teamId,
    source: list.source,
    managers: managers.map((m) => {
      const mine = list.entries.filter((e) => e.customer.managerId === m.id && e.doNotChase.length === 0);
      const overdue = mine
        .filter((e) => open.has(e.customer.id))
        .flatMap((e) =>
          e.deadlines
            .filter((d) => d.overdue)
            .map((d) => ({
              customer: e.customer,
              code: d.code,
              level: d.level,
              raisedDay: d.raisedDay,
              dueAt: d.dueAt,
              hoursOverdue: d.hoursOverdue,
            })),
        )
        .sort(
          (a, b) =>
            a.level - b.level ||
            b.hoursOverdue - a.hoursOverdue ||
            a.customer.id.localeCompare(b.customer.id),
        );
      return {
        managerId: m.id,
        name: m.name,
        open: mine.filter((e) => open.has(e.customer.id)).length,
        openLevel1: mine.filter((e) => open.has(e.customer.id) && e.signals.some((s) => s.level === 1))
          .length,
        handledToday: mine.filter((e) => e.followUp.state === "handled_today").length,
        overdueLevel1: overdue.filter((o) => o.level === 1).length,
        overdueLevel2: overdue.filter((o) => o.level === 2).length,
        overdue,
      };
    }),
  };
}
