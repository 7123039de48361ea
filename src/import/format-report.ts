import type { Locale } from "../i18n/index.js";
import { importMessages } from "./messages.js";
import { codePoint } from "./scan-text.js";
import type { ImportRefusal, ImportReport, RowIssue } from "./types.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Text from the file as it may be shown: control and bidi characters named, never printed. */
export const visible = (text: string) => text.replace(UNPRINTABLE, (c) => `<${codePoint(c)}>`);

/** "customers.csv:7 入网日期 (join_date) = "2024-02-30": 日期无效…" — one line per issue. */
export function formatIssue(issue: RowIssue, locale: Locale = "zh"): string {
  const render = importMessages(locale).issue[issue.code];
  const reason = render ? render(issue.detail ?? "") : issue.code;
  const where = `${issue.file}:${issue.line}${issue.lastLine ? `-${issue.lastLine}` : ""}`;
  if (!issue.column) return `${where}: ${reason}`;
  const column =
    issue.header && issue.header !== issue.column
      ? `${visible(issue.header)} (${issue.column})`
      : issue.column;
  const value = issue.value === null ? "" : ` = ${JSON.stringify(visible(clip(issue.value)))}`;
  return `${where} ${column}${value}: ${reason}`;
}

/** The whole report as text: counts, then every kept issue. */
export function formatReport(report: ImportReport, locale: Locale = "zh"): string {
  const m = importMessages(locale);
  const lines = [`${report.file} [${report.kind}] ${m.encoding(report.encoding)}`, m.summary(report)];
  if (report.teamsCreated > 0) lines.push(m.teamsCreated(report.teamsCreated));
  if (report.ignoredColumns.length > 0)
    lines.push(m.ignoredColumns(visible(report.ignoredColumns.map(clip).join(", "))));
  if (report.issues.length > 0) {
    lines.push(m.rejectedTitle);
    for (const issue of report.issues) lines.push(`  ${formatIssue(issue, locale)}`);
    if (report.issuesOmitted > 0) lines.push(`  ${m.omitted(report.issuesOmitted)}`);
  }
  return lines.join("\n");
}

export function formatRefusal(refusal: ImportRefusal, locale: Locale = "zh"): string {
  return importMessages(locale).refusal[refusal.code](refusal.file, refusal.detail ?? "");
}

/** A value too long to be worth printing whole (it was refused for its length). */
const clip = (text: string) => (text.length > 120 ? `${text.slice(0, 100)}…(${text.length})` : text);
