import { Command } from "commander";
import { registerAskCommand } from "./ask-command.js";
import { registerBindGroupCommand } from "./bind-group-command.js";
import { UsageError } from "./bootstrap.js";
import { registerBriefCommand } from "./brief-command.js";
import { registerDemoCommand } from "./demo-command.js";
import { registerImportCommand } from "./import-command.js";
import { registerInviteCommand } from "./invite-command.js";
import { registerKnowledgeCommands } from "./knowledge-commands.js";
import { registerSetupCommand } from "./setup-command.js";
import { registerWarningsCommand } from "./warnings-command.js";

/** `retainbot` / `npm run cli -- <command>`: one CLI for people, scripts and tests. */
export function buildProgram(): Command {
  const program = new Command("retainbot")
    .description("RetainBot (客户维系助手) command line")
    .option("--db <file>", "SQLite store (default: DATABASE_URL or ./data/retainbot.db)")
    .option("--as-of <YYYY-MM-DD>", "the day to answer for (default: RETAINBOT_AS_OF or today)")
    .showHelpAfterError();
  registerSetupCommand(program);
  registerAskCommand(program);
  registerImportCommand(program);
  registerBriefCommand(program);
  registerInviteCommand(program);
  registerBindGroupCommand(program);
  registerDemoCommand(program);
  registerKnowledgeCommands(program);
  registerWarningsCommand(program);
  return program;
}

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exitCode = 1;
  });
