import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { controlReportLines } from "../commands/control-blocks.js";
import { resolveRequester } from "../commands/identity.js";
import { createApp, type GlobalOptions, loadConfig, UsageError } from "../create-app.js";
import { isIsoDay } from "../domain/dates.js";
import type { RateTable } from "../domain/what-works.js";
import { controlGroupMessages } from "../i18n/control-group.js";
import { plural } from "../i18n/plural.js";
import { rateRow } from "../i18n/what-works-format.js";
import { controlReport } from "../services/control-group/control-report.js";
import { ratesSheet } from "../services/exports/rates-sheet.js";
import { buildWorkbook } from "../services/exports/workbook.js";
import { teamRetentionRates } from "../services/outcomes/what-works.js";
import { teamName } from "../store/managers.js";
import { parseUser } from "./ask-command.js";

const FORMATS = ["text", "json", "csv", "xlsx"] as const;
type Format = (typeof FORMATS)[number];
/** The columns of every machine-readable format, in order. */
const COLUMNS = ["signal", "method", "segment", "cases", "retained", "rate", "low", "high"] as const;

/**
 * `report --team <id> --from D --to D [--format text|json|csv|xlsx] [--out FILE] [--user …]`: the
 * team's retention rates by signal × method × segment with 95 % Wilson intervals; cells with fewer
 * than WHAT_WORKS_MIN_CASES outcomes are left out (their number is told). With `--user`, only a
 * member of that team gets it.
 */
export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .description("a team's retention rates by signal, method and segment (what works)")
    .requiredOption("--team <id>", "the team")
    .requiredOption("--from <YYYY-MM-DD>", "first day of outcomes counted")
    .requiredOption("--to <YYYY-MM-DD>", "last day of outcomes counted")
    .option("--format <format>", `one of ${FORMATS.join(", ")}`, "text")
    .option("--out <file>", "write to this file instead of standard output (required for xlsx)")
    .option("--user <platform:id>", "who is asking: refused unless a member of the team")
    .action(
      async (options: {
        team: string;
        from: string;
        to: string;
        format: string;
        out?: string;
        user?: string;
      }) => {
        if (!isIsoDay(options.from) || !isIsoDay(options.to))
          throw new UsageError("--from and --to must be YYYY-MM-DD");
        if (options.from > options.to) throw new UsageError("--from must not be after --to");
        const format = options.format as Format;
        if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
        if (format === "xlsx" && !options.out) throw new UsageError("--format xlsx needs --out <file>");
        const config = loadConfig(program.opts<GlobalOptions>());
        const { store } = createApp(config, { migrate: false });
        const { db } = store;
        try {
          if ((await teamName(db, options.team)) === null) throw new UsageError(`No team "${options.team}".`);
          if (options.user) {
            const requester = await resolveRequester(db, {
              ...parseUser(options.user),
              chatType: "private",
              text: "",
            });
            if (requester?.teamId !== options.team)
              throw new UsageError(`${options.user} is not a member of team ${options.team}: no report.`);
          }
          const table = await teamRetentionRates(
            db,
            options.team,
            options.from,
            options.to,
            config.WHAT_WORKS_MIN_CASES,
          );
          const locale = config.RETAINBOT_LOCALE;
          const control = await controlReport(db, options.team, options.from, options.to);
          if (format === "xlsx") {
            // The same sheet as the team report `/export` sends: headers in the bot's language.
            await writeFile(options.out!, await buildWorkbook({ sheets: [ratesSheet(table, locale)] }));
            process.stderr.write(`${plural(table.cells.length, "row")} written to ${options.out}\n`);
            return;
          }
          const text =
            format === "json"
              ? `${JSON.stringify({ team: options.team, from: options.from, to: options.to, minCases: table.minCases, hiddenCells: table.hiddenCells, rows: rowsOf(table), control }, null, 2)}\n`
              : format === "csv"
                ? await csvOf(table)
                : `${[...table.cells.map((c) => rateRow(c, locale)), `(${table.hiddenCells} cells < ${table.minCases} cases hidden)`, "", controlGroupMessages(locale).reportHeading(control.from, control.to), ...controlReportLines(control, locale)].join("\n")}\n`;
          if (options.out) await writeFile(options.out, text);
          else process.stdout.write(text);
        } finally {
          await store.close();
        }
      },
    );
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

function rowsOf(table: RateTable) {
  return table.cells.map((c) => ({
    signal: c.signal,
    method: c.method,
    segment: c.segment,
    cases: c.cases,
    retained: c.retained,
    rate: round(c.rate),
    low: round(c.low),
    high: round(c.high),
  }));
}

async function csvOf(table: RateTable): Promise<string> {
  const Papa = (await import("papaparse")).default;
  return `${Papa.unparse({ fields: [...COLUMNS], data: rowsOf(table).map((r) => COLUMNS.map((k) => r[k])) })}\n`;
}
