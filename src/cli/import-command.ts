import type { Command } from "commander";
import pg from "pg";
import { asOfClock, systemClock } from "../clock.js";
import { type Config, storeKind } from "../config.js";
import { createApp, type GlobalOptions, loadConfig } from "../create-app.js";
import {
  FORCEABLE_ENCODINGS,
  type ForcedEncoding,
  formatRefusal,
  formatReport,
  IMPORT_KINDS,
  type ImportKind,
  type ImportOptions,
  type ImportProgress,
  importFile,
  importFileToPostgres,
  importMessages,
} from "../import/index.js";
import { createLogger, type Logger } from "../logger.js";
import { sqliteOnly } from "../store/app-store.js";

/** Exit codes of `import`: scripts can tell "some rows rejected" from "nothing imported". */
export const IMPORT_EXIT = { ok: 0, rowsRejected: 1, fileRefused: 2 } as const;

interface ImportCliOptions {
  kind: string;
  encoding?: string;
  json?: boolean;
  quiet?: boolean;
}

/** `import <file> --kind <kind>`: one CSV/XLSX file into the store, with a per-row report. */
export function registerImportCommand(program: Command): void {
  program
    .command("import")
    .description(
      "import a CSV (UTF-8, UTF-8 BOM, GBK) or XLSX file: managers, customers, usage, bills, events",
    )
    .argument("<file>", "the file to import")
    .requiredOption("--kind <kind>", IMPORT_KINDS.join(" | "))
    .option("--encoding <encoding>", "force the CSV encoding: utf8 | gbk (default: detected)")
    .option("--json", "print the report as JSON")
    .option("--quiet", "no progress on stderr")
    .action(async (file: string, options: ImportCliOptions) => {
      const kind = options.kind as ImportKind;
      const encoding = options.encoding?.toLowerCase().replace("-", "") as ForcedEncoding | undefined;
      if (!IMPORT_KINDS.includes(kind) || (encoding && !FORCEABLE_ENCODINGS.includes(encoding))) {
        process.stderr.write(
          `--kind must be one of ${IMPORT_KINDS.join(", ")}; --encoding one of ${FORCEABLE_ENCODINGS.join(", ")}\n`,
        );
        process.exitCode = IMPORT_EXIT.fileRefused;
        return;
      }
      const config = loadConfig(program.opts<GlobalOptions>());
      const target = importTarget(config);
      const locale = config.RETAINBOT_LOCALE;
      try {
        const showProgress = !options.quiet && !options.json && process.stderr.isTTY === true;
        const result = await target.importFile(file, kind, {
          encoding,
          today: target.today,
          datePastYears: config.IMPORT_DATE_PAST_YEARS,
          dateFutureYears: config.IMPORT_DATE_FUTURE_YEARS,
          onProgress: showProgress ? progressPrinter(locale) : undefined,
        });
        if (showProgress) process.stderr.write("\n");
        if (!result.ok) {
          const message = formatRefusal(result.error, locale);
          if (options.json) print({ ok: false, refusal: result.error, text: message });
          else process.stderr.write(`${message}\n`);
          process.exitCode = IMPORT_EXIT.fileRefused;
          return;
        }
        const report = result.value;
        const text = formatReport(report, locale);
        if (options.json) print({ ok: report.rejected === 0, report, text });
        else process.stdout.write(`${text}\n`);
        target.logger.info({ file, kind, ...countsOf(report) }, "import finished");
        process.exitCode = report.rejected > 0 ? IMPORT_EXIT.rowsRejected : IMPORT_EXIT.ok;
      } finally {
        await target.close();
      }
    });
}

interface ImportTarget {
  importFile(file: string, kind: ImportKind, options: ImportOptions): ReturnType<typeof importFile>;
  today: string;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * Where the file goes: the App's SQLite store, or a PostgreSQL pool of its own (the rest of the App
 * does not run on PostgreSQL yet: docs/postgresql.md).
 */
function importTarget(config: Config): ImportTarget {
  if (storeKind(config.DATABASE_URL) === "postgres") {
    const pool = new pg.Pool({
      connectionString: config.DATABASE_URL,
      max: 1,
      application_name: "retainbot-import",
    });
    const clock = config.RETAINBOT_AS_OF ? asOfClock(config.RETAINBOT_AS_OF) : systemClock();
    return {
      importFile: (file, kind, options) => importFileToPostgres(pool, file, kind, options),
      today: clock.today(config.RETAINBOT_TIME_ZONE),
      logger: createLogger(config.LOG_LEVEL),
      close: () => pool.end(),
    };
  }
  const app = createApp(config);
  return {
    importFile: (file, kind, options) =>
      importFile(sqliteOnly(app.store, "This import"), file, kind, options),
    today: app.clock.today(app.config.RETAINBOT_TIME_ZONE),
    logger: app.logger,
    close: () => app.store.close(),
  };
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function countsOf(r: {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}) {
  return {
    rows: r.rows,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    rejected: r.rejected,
  };
}

/** One self-overwriting stderr line, for terminals only. */
function progressPrinter(locale: "zh" | "en"): (p: ImportProgress) => void {
  const m = importMessages(locale);
  return (p) => {
    const percent = p.totalBytes > 0 ? Math.floor((p.bytes / p.totalBytes) * 100) : null;
    process.stderr.write(`\r${m.progress(p.rows, percent)}`);
  };
}
