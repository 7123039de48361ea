import type { Command } from "commander";
import { type IncomingMessage, PLATFORMS, type Platform } from "../chat/message.js";
import { replyToPlainText } from "../chat/reply.js";
import { handleMessage } from "../commands/dispatch.js";
import { commands } from "../commands/registry.js";
import { createApp, type GlobalOptions, loadConfig, UsageError } from "../create-app.js";

/** "telegram:12345" → the platform and the id on it. */
export function parseUser(spec: string): { platform: Platform; userId: string } {
  const at = spec.indexOf(":");
  const platform = spec.slice(0, at) as Platform;
  const userId = spec.slice(at + 1);
  if (at < 0 || !PLATFORMS.includes(platform) || userId === "")
    throw new UsageError(
      `--user must look like console:<manager_id>, telegram:<user id> or slack:<user id> (got "${spec}")`,
    );
  return { platform, userId };
}

/** `ask`: one message through the same command layer the chat adapters use. */
export function registerAskCommand(program: Command): void {
  program
    .command("ask")
    .description("send one message through the command layer and print the reply")
    .argument("<message>", 'what to ask, e.g. "今天谁有风险"')
    .requiredOption(
      "--user <platform:id>",
      "who is asking: console:<manager_id>, telegram:<id> or slack:<id>",
    )
    .option("--group <chat id>", "ask as if in this group chat of the user's platform")
    .option("--json", "print the structured result")
    .action(async (text: string, options: { user: string; group?: string; json?: boolean }) => {
      const global = program.opts<GlobalOptions>();
      const app = createApp(loadConfig(global));
      try {
        const message: IncomingMessage = {
          ...parseUser(options.user),
          chatType: options.group ? "group" : "private",
          chatId: options.group,
          text,
        };
        const { command, reply } = await handleMessage(app, message, commands);
        if (options.json) {
          const out = {
            command,
            ok: !reply.errorCode,
            errorCode: reply.errorCode ?? null,
            data: reply.data ?? null,
            text: replyToPlainText(reply),
          };
          process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        } else {
          process.stdout.write(`${replyToPlainText(reply)}\n`);
        }
        if (reply.errorCode) process.exitCode = 1;
      } finally {
        await app.store.close();
      }
    });
}
