/** The control-group comparison as reply blocks: `/team` ends with it (issue 16 item 5). */
import type { ReplyBlock } from "../chat/reply.js";
import { controlGroupMessages } from "../i18n/control-group.js";
import type { Locale } from "../i18n/index.js";
import { percentText } from "../i18n/what-works-format.js";
import type { ControlReport } from "../services/control-group/control-report.js";

/** One line per group ("对照组：流失 3/20（15%，5%–36%）"); the control line only when there is one. */
export function controlReportLines(report: ControlReport, locale: Locale): string[] {
  const m = controlGroupMessages(locale);
  const groups = report.since
    ? (["contacted", "notContacted", "control"] as const)
    : (["contacted", "notContacted"] as const);
  return groups.map((g) => {
    const c = report[g];
    if (c.customers === 0) return m.reportEmptyRow(m.groups[g]);
    return m.reportRow(
      m.groups[g],
      c.churned,
      c.customers,
      percentText(c.rate),
      percentText(c.low),
      percentText(c.high),
    );
  });
}

export function controlReportBlocks(report: ControlReport, locale: Locale): ReplyBlock[] {
  const m = controlGroupMessages(locale);
  return [
    { type: "heading", text: m.reportHeading(report.from, report.to) },
    { type: "list", items: controlReportLines(report, locale) },
    ...(report.since ? [] : [{ type: "notice" as const, text: m.noControl }]),
  ];
}
