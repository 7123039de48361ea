/**
 * A manager's risk list as a spreadsheet: the same open customers, in the same order, as `/risk`
 * shows in a private chat (risk-page.ts), every reason with its evidence in words. Phone numbers
 * are full only on rows of the asker's own customers; a lead's colleagues' customers stay masked.
 * Free text someone typed (outcome notes) is left out: a file travels further than a chat.
 */
import { maskPhone } from "../../domain/masking.js";
import type { Locale } from "../../i18n/catalogue.js";
import { exportMessages, RISK_COLUMNS, type RiskColumn } from "../../i18n/exports.js";
import { riskCommandMessages } from "../../i18n/risk-commands.js";
import { renderEvidence, renderPriority, rulesMessages } from "../../i18n/rules.js";
import { percent } from "../../i18n/rules-format.js";
import type { RiskEntry, WarningDeps } from "../warnings/risk-list.js";
import { riskPage } from "../warnings/risk-page.js";
import type { SheetSpec } from "./workbook.js";

/** The most customers one file holds (named in the answer when there are more). */
export const EXPORT_MAX_ROWS = 2_000;

const WIDTHS: Record<RiskColumn, number> = {
  rank: 6,
  customerId: 12,
  name: 10,
  phone: 14,
  manager: 10,
  vip: 8,
  arpu: 10,
  stage: 10,
  sensitivity: 10,
  reasons: 60,
  action: 40,
  churn: 10,
  lastOutcome: 16,
  priority: 24,
};

export interface RiskExport {
  sheet: SheetSpec;
  listDay: string;
  total: number;
  customerIds: string[];
  /** Whether any row carries a full phone number. */
  fullPhones: boolean;
}

/** The open customers at risk of these managers on `day`, as one sheet. */
export async function riskExport(
  deps: WarningDeps,
  managers: readonly { id: string; name: string }[],
  ownManagerId: string,
  day: string,
  locale: Locale,
): Promise<RiskExport> {
  const page = await riskPage(
    deps,
    managers.map((m) => m.id),
    day,
    { limit: EXPORT_MAX_ROWS },
  );
  const names = new Map(managers.map((m) => [m.id, m.name]));
  const columns = exportMessages(locale).columns.risk;
  const rows = page.entries.map((e, i) => riskRow(e, i + 1, ownManagerId, names, locale));
  return {
    sheet: {
      name: exportMessages(locale).sheets.risk,
      columns: RISK_COLUMNS.map((key) => ({ key, header: columns[key], width: WIDTHS[key] })),
      rows,
    },
    listDay: page.listDay,
    total: page.total,
    customerIds: page.entries.map((e) => e.customer.id),
    fullPhones: page.entries.some((e) => e.customer.managerId === ownManagerId),
  };
}

function riskRow(
  entry: RiskEntry,
  rank: number,
  ownManagerId: string,
  managerNames: ReadonlyMap<string, string>,
  locale: Locale,
): Record<RiskColumn, string | number | null> {
  const r = rulesMessages(locale);
  const m = riskCommandMessages(locale);
  const c = entry.customer;
  const first = entry.signals[0];
  const last = entry.lastOutcome;
  const [separator, colon] = locale === "en" ? ["; ", ": "] : ["；", "："];
  return {
    rank,
    customerId: c.id,
    name: c.name,
    phone: c.managerId === ownManagerId ? c.phone : maskPhone(c.phone),
    manager: managerNames.get(c.managerId) ?? c.managerId,
    vip: r.vipLevels[c.vipLevel as keyof typeof r.vipLevels] ?? c.vipLevel,
    arpu: c.arpu,
    stage: `${entry.stage} ${r.stages[entry.stage]}`,
    sensitivity: c.sensitivity
      ? (r.sensitivities[c.sensitivity as keyof typeof r.sensitivities] ?? c.sensitivity)
      : null,
    reasons: entry.signals
      .map((s) => `${r.level(s.level)} ${r.signals[s.code].title}${colon}${renderEvidence(s, locale)}`)
      .join(separator),
    action: first ? r.signals[first.code].action : null,
    churn: entry.churn ? percent(entry.churn.probability) : null,
    lastOutcome: last
      ? `${last.day} ${m.outcomeKinds[last.kind as keyof typeof m.outcomeKinds] ?? last.kind}`
      : null,
    priority: renderPriority(entry.priority, locale),
  };
}
