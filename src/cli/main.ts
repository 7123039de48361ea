import { Command } from "commander";
import { UsageError } from "../create-app.js";
import { SqliteOnlyError } from "../store/app-store.js";

type Register = (program: Command) => void;

/**
 * Each command's module, loaded only when that command runs: a command pulls in what it needs
 * (exceljs for import, ECharts for brief, jieba for search…), and `ask help` loads none of it.
 * Add a command with one line here (every name its module registers).
 */
const COMMAND_MODULES: [names: string[], load: () => Promise<Register>][] = [
  [["setup"], async () => (await import("./setup-command.js")).registerSetupCommand],
  [["ask"], async () => (await import("./ask-command.js")).registerAskCommand],
  [["import"], async () => (await import("./import-command.js")).registerImportCommand],
  [["brief"], async () => (await import("./brief-command.js")).registerBriefCommand],
  [["invite"], async () => (await import("./invite-command.js")).registerInviteCommand],
  [["bind-group"], async () => (await import("./bind-group-command.js")).registerBindGroupCommand],
  [["demo"], async () => (await import("./demo-command.js")).registerDemoCommand],
  [["knowledge", "search"], async () => (await import("./knowledge-commands.js")).registerKnowledgeCommands],
  [["warnings"], async () => (await import("./warnings-command.js")).registerWarningsCommand],
  [["model"], async () => (await import("./model-commands.js")).registerModelCommands],
  [["doctor"], async () => (await import("./doctor-command.js")).registerDoctorCommand],
  [["report"], async () => (await import("./report-command.js")).registerReportCommand],
  [["export"], async () => (await import("./export-command.js")).registerExportCommand],
  [["migrate-store"], async () => (await import("./migrate-store-command.js")).registerMigrateStoreCommand],
  [
    ["maintain-usage"],
    async () => (await import("./maintain-usage-command.js")).registerMaintainUsageCommand,
  ],
];

/** Global options that take a value, so their value is not mistaken for the command's name. */
const VALUE_OPTIONS = new Set(["--db", "--as-of"]);

/** The command named on the command line (the first word that is not a global option). */
export function commandNameIn(args: readonly string[]): string | null {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (VALUE_OPTIONS.has(arg)) i += 1;
    else if (!arg.startsWith("-")) return arg;
  }
  return null;
}

/**
 * `retainbot` / `npm run cli -- <command>`: one CLI for people, scripts and tests. Only the named
 * command's module is loaded; help and unknown commands load them all, so help lists every one.
 */
export async function buildProgram(args: readonly string[] = []): Promise<Command> {
  const program = new Command("retainbot")
    .description("RetainBot (客户维系助手) command line")
    .option("--db <file>", "SQLite store (default: DATABASE_URL or ./data/retainbot.db)")
    .option("--as-of <YYYY-MM-DD>", "the day to answer for (default: RETAINBOT_AS_OF or today)")
    .showHelpAfterError();
  const name = commandNameIn(args);
  const named = COMMAND_MODULES.filter(([names]) => name !== null && names.includes(name));
  for (const [, load] of named.length > 0 ? named : COMMAND_MODULES) (await load())(program);
  return program;
}

/**
 * A file the operator named could not be read or written (`--out` in a missing folder, a
 * read-only path): Node's message names the path and the reason on one line; a stack adds nothing.
 */
function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).code === "string" &&
    typeof (error as NodeJS.ErrnoException).path === "string"
  );
}

const args = process.argv.slice(2);
buildProgram(args)
  .then((program) => program.parseAsync(process.argv))
  .catch((error: unknown) => {
    if (error instanceof UsageError || error instanceof SqliteOnlyError || isFileError(error)) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exitCode = 1;
  });
