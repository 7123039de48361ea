/** The control-group comparison as a sheet of the team report (issue 16 item 5). */

import type { Locale } from "../../i18n/catalogue.js";
import { controlGroupMessages } from "../../i18n/control-group.js";
import { CONTROL_COLUMNS, exportMessages } from "../../i18n/exports.js";
import type { ControlReport } from "../control-group/control-report.js";
import type { SheetSpec } from "./workbook.js";

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** Contacted, not contacted and — while the team runs one — control: counts, churn rate, interval. */
export function controlSheet(report: ControlReport, locale: Locale): SheetSpec {
  const m = exportMessages(locale);
  const names = controlGroupMessages(locale).groups;
  const groups = report.since
    ? (["contacted", "notContacted", "control"] as const)
    : (["contacted", "notContacted"] as const);
  return {
    name: m.sheets.control,
    columns: CONTROL_COLUMNS.map((key) => ({
      key,
      header: m.columns.control[key],
      width: key === "group" ? 14 : 12,
    })),
    rows: groups.map((g) => ({
      group: names[g],
      customers: report[g].customers,
      churned: report[g].churned,
      rate: round(report[g].rate),
      low: round(report[g].low),
      high: round(report[g].high),
    })),
  };
}
