import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { replyToPlainText } from "../chat/reply.js";
import { handleMessage } from "../commands/dispatch.js";
import { commands } from "../commands/registry.js";
import { createApp, type GlobalOptions, loadConfig, UsageError } from "../create-app.js";
import { managerBy, teamLead } from "../store/managers.js";

/**
 * `export --manager <id> | --team <id> --out FILE`: the XLSX `/export` sends in a private chat,
 * written to a file. It runs the chat command itself (as that manager, or as the team's lead), so
 * the file, the masking of phones and the audit rows are the chat's.
 */
export function registerExportCommand(program: Command): void {
  program
    .command("export")
    .description("a manager's risk list or a team's report as XLSX (what /export sends)")
    .option("--manager <id>", "the manager whose customers at risk are exported")
    .option("--team <id>", "the team whose report is exported (as its lead)")
    .requiredOption("--out <file>", "the .xlsx file to write")
    .action(async (options: { manager?: string; team?: string; out: string }) => {
      if (Boolean(options.manager) === Boolean(options.team))
        throw new UsageError("give exactly one of --manager <id> or --team <id>");
      const app = createApp(loadConfig(program.opts<GlobalOptions>()), { migrate: false });
      try {
        const { db } = app.store;
        const asker = options.manager
          ? await managerBy(db, "id", options.manager)
          : await teamLead(db, options.team ?? "");
        if (!asker)
          throw new UsageError(
            options.manager ? `No manager "${options.manager}".` : `Team "${options.team}" has no lead.`,
          );
        const { reply } = await handleMessage(
          app,
          {
            platform: "console",
            userId: asker.id,
            chatType: "private",
            text: options.manager ? "/export risk" : "/export team",
            locale: app.config.RETAINBOT_LOCALE,
          },
          commands,
        );
        const file = reply.blocks.find((b) => b.type === "file");
        if (!file) throw new UsageError(replyToPlainText(reply));
        await writeFile(options.out, file.bytes, { mode: 0o600 });
        process.stderr.write(`${file.caption}\n${file.name} written to ${options.out}\n`);
      } finally {
        await app.store.close();
      }
    });
}
