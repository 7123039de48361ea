/**
 * A lead's team report as sheets: per manager what is open and overdue (what `/team` shows), the
 * overdue warnings one per row, the team's "what works" rates and its churn with and without a call. Phones of customers are masked
 * unless the customer is the asker's own (the lead's own book).
 */
import { maskPhone } from "../../domain/masking.js";
import type { RateTable } from "../../domain/what-works.js";
import type { Locale } from "../../i18n/catalogue.js";
import { exportMessages, OVERDUE_COLUMNS, TEAM_COLUMNS } from "../../i18n/exports.js";
import { rulesMessages } from "../../i18n/rules.js";
import type { ControlReport } from "../control-group/control-report.js";
import type { WarningDeps } from "../warnings/risk-list.js";
import { type TeamView, teamView } from "../warnings/team-view.js";
import { controlSheet } from "./control-sheet.js";
import { ratesSheet } from "./rates-sheet.js";
import type { SheetSpec } from "./workbook.js";

export interface TeamExport {
  sheets: SheetSpec[];
  view: TeamView;
  customerIds: string[];
  fullPhones: boolean;
}

export async function teamExport(
  deps: WarningDeps,
  teamId: string,
  ownManagerId: string,
  day: string,
  rates: RateTable,
  control: ControlReport,
  locale: Locale,
): Promise<TeamExport> {
  const m = exportMessages(locale);
  const r = rulesMessages(locale);
  const view = await teamView(deps, teamId, day);
  const overdue = view.managers.flatMap((s) => s.overdue.map((o) => ({ manager: s.name, ...o })));
  const team: SheetSpec = {
    name: m.sheets.team,
    columns: TEAM_COLUMNS.map((key) => ({
      key,
      header: m.columns.team[key],
      width: key === "manager" ? 12 : 10,
    })),
    rows: view.managers.map((s) => ({
      managerId: s.managerId,
      manager: s.name,
      open: s.open,
      openLevel1: s.openLevel1,
      handledToday: s.handledToday,
      overdueLevel1: s.overdueLevel1,
      overdueLevel2: s.overdueLevel2,
    })),
  };
  const overdueSheet: SheetSpec = {
    name: m.sheets.overdue,
    columns: OVERDUE_COLUMNS.map((key) => ({
      key,
      header: m.columns.overdue[key],
      width: key === "signal" ? 16 : 12,
    })),
    rows: overdue.map((o) => ({
      manager: o.manager,
      customerId: o.customer.id,
      name: o.customer.name,
      phone: o.customer.managerId === ownManagerId ? o.customer.phone : maskPhone(o.customer.phone),
      level: r.level(o.level as 1 | 2),
      signal: r.signals[o.code]?.title ?? o.code,
      raisedDay: o.raisedDay,
      hoursOverdue: Math.round(o.hoursOverdue),
    })),
  };
  return {
    sheets: [team, overdueSheet, ratesSheet(rates, locale), controlSheet(control, locale)],
    view,
    customerIds: [...new Set(overdue.map((o) => o.customer.id))],
    fullPhones: overdue.some((o) => o.customer.managerId === ownManagerId),
  };
}
