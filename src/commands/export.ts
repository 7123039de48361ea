/**
 * `/export [risk|team]`: the asker's risk list (managers) or the team report (leads) as an XLSX
 * file, sent in a private chat only. In a group it is refused and nothing is sent. Phones are full
 * only for the asker's own customers (docs/security.md); every customer in the file is audited.
 */
import { BriefingComposer } from "../briefings/deliver.js";
import { briefingFactsOf } from "../briefings/store-facts.js";
import { type Reply, textReply } from "../chat/reply.js";
import { exportMessages } from "../i18n/exports.js";
import { controlReport } from "../services/control-group/control-report.js";
import { EXPORT_MAX_ROWS, riskExport } from "../services/exports/risk-export.js";
import { teamExport } from "../services/exports/team-export.js";
import { buildWorkbook, pngSize, type SheetSpec, XLSX_MIME } from "../services/exports/workbook.js";
import { recentTeamRates } from "../services/outcomes/what-works.js";
import { teamManagers, teamName } from "../store/managers.js";
import type { CommandDefinition, KnownCommandContext } from "./command.js";
import { auditShown, today, warningDeps } from "./customer-view.js";
import { visibleManagerIds } from "./identity.js";
import { exportSpec } from "./specs.js";

/** Audit rows need a customer: an export that holds none is logged under this id. */
export const NO_CUSTOMER = "-";

export const exportCommand: CommandDefinition = {
  ...exportSpec,
  async run(ctx, args): Promise<Reply> {
    const m = exportMessages(ctx.locale);
    if (ctx.inGroup) return textReply(m.groupRefused, { errorCode: "private_only" });
    const word = args.trim().toLowerCase();
    const kind =
      word === ""
        ? ctx.requester.role === "lead"
          ? "team"
          : "risk"
        : /^(risk|风险|风险客户)$/.test(word)
          ? "risk"
          : /^(team|团队|团队报表)$/.test(word)
            ? "team"
            : null;
    if (!kind) return textReply(m.usage, { errorCode: "usage" });
    if (kind === "team" && ctx.requester.role !== "lead")
      return textReply(m.teamLeadsOnly, { errorCode: "leads_only" });
    return kind === "risk" ? riskFile(ctx) : teamFile(ctx);
  },
};

async function riskFile(ctx: KnownCommandContext): Promise<Reply> {
  const m = exportMessages(ctx.locale);
  const day = today(ctx);
  const ids = new Set(await visibleManagerIds(ctx.app.store.db, ctx.requester));
  const managers = (await teamManagers(ctx.app.store.db, ctx.requester.teamId)).filter((mg) =>
    ids.has(mg.id),
  );
  const risk = await riskExport(warningDeps(ctx), managers, ctx.requester.managerId, day, ctx.locale);
  const caption = [
    m.riskCaption(risk.listDay, risk.customerIds.length, risk.total),
    ...(risk.total > EXPORT_MAX_ROWS ? [m.truncated(EXPORT_MAX_ROWS)] : []),
    m.phones(risk.fullPhones),
  ].join("\n");
  const name = fileName("risk", ctx.requester.managerId, day);
  return fileReply(
    ctx,
    { kind: "risk", name, caption, sheets: [risk.sheet], customerIds: risk.customerIds },
    {
      day,
      listDay: risk.listDay,
      total: risk.total,
      rows: risk.customerIds.length,
      fullPhones: risk.fullPhones,
    },
  );
}

async function teamFile(ctx: KnownCommandContext): Promise<Reply> {
  const m = exportMessages(ctx.locale);
  const day = today(ctx);
  const teamId = ctx.requester.teamId;
  const { from, table: rates } = await recentTeamRates(
    ctx.app.store.db,
    teamId,
    day,
    ctx.app.config.WHAT_WORKS_MIN_CASES,
  );
  const control = await controlReport(ctx.app.store.db, teamId, from, day);
  const team = await teamExport(
    warningDeps(ctx),
    teamId,
    ctx.requester.managerId,
    day,
    rates,
    control,
    ctx.locale,
  );
  const name = fileName("team", teamId, day);
  const shownTeam = await teamName(ctx.app.store.db, teamId);
  const caption = [m.teamCaption(shownTeam ?? teamId, day), m.phones(team.fullPhones)].join("\n");
  return fileReply(
    ctx,
    { kind: "team", name, caption, sheets: team.sheets, customerIds: team.customerIds },
    {
      day,
      teamId,
      from,
      managers: team.view.managers.length,
      overdue: team.customerIds.length,
      rates: rates.cells.length,
      fullPhones: team.fullPhones,
    },
  );
}

/** The workbook with the team's briefing chart on its own sheet, as a file reply; audited. */
async function fileReply(
  ctx: KnownCommandContext,
  file: { kind: string; name: string; caption: string; sheets: SheetSpec[]; customerIds: string[] },
  data: Record<string, unknown>,
): Promise<Reply> {
  const m = exportMessages(ctx.locale);
  const composed = await new BriefingComposer(briefingFactsOf(ctx.app)).compose(
    ctx.requester.teamId,
    today(ctx),
    ctx.locale,
  );
  const chart = composed.chart;
  const bytes = await buildWorkbook({
    sheets: file.sheets,
    ...(chart ? { image: { sheetName: m.sheets.chart, png: chart.png, ...pngSize(chart.png) } } : {}),
  });
  await auditShown(
    ctx,
    file.customerIds.length > 0 ? file.customerIds : [NO_CUSTOMER],
    `export ${file.kind} xlsx${data.fullPhones ? " phones=full" : ""}`,
  );
  return {
    blocks: [
      { type: "text", text: file.caption },
      { type: "file", name: file.name, bytes, mimeType: XLSX_MIME, caption: file.caption },
    ],
    personal: true,
    data: { kind: file.kind, fileName: file.name, bytes: bytes.byteLength, chart: chart !== null, ...data },
  };
}

/** "risk-M001-2026-06-30.xlsx": ids from the store, reduced to characters safe in a file name. */
const fileName = (kind: string, id: string, day: string) =>
  `${kind}-${id.replace(/[^\w-]/g, "_")}-${day}.xlsx`;
