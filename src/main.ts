import { runConsoleChat } from "./adapters/console/console-chat.js";
import { createApp, loadConfig, UsageError } from "./cli/bootstrap.js";
import { loadDemoIfEmpty } from "./cli/setup-command.js";
import { handleMessage } from "./commands/dispatch.js";
import { commands } from "./commands/registry.js";

/**
 * `npm start`: the composition root. Validates the configuration, prepares the store (migrate,
 * demo data when empty) and starts the chat adapters. With no chat tokens configured that is the
 * console chat: a REPL in a terminal, or one answer per line of piped input.
 */
async function main(): Promise<void> {
  const app = createApp(loadConfig({}));
  await loadDemoIfEmpty(app);
  const handle = async (message: Parameters<typeof handleMessage>[1]) =>
    (await handleMessage(app, message, commands)).reply;

  const consoleUser = process.env.RETAINBOT_CONSOLE_USER ?? (await defaultConsoleUser(app));
  app.logger.info({ adapters: ["console"], consoleUser }, "RetainBot started");
  await runConsoleChat({
    handle,
    userId: consoleUser,
    input: process.stdin,
    output: process.stdout,
    interactive: Boolean(process.stdin.isTTY),
    banner: `客户维系助手 · console chat as ${consoleUser} (type help, or exit)`,
  });
  await app.store.close();
}

/** The console speaks as the first team lead, so the demo shows a whole team. */
async function defaultConsoleUser(app: Awaited<ReturnType<typeof createApp>>): Promise<string> {
  const lead = await app.store.prisma.manager.findFirst({ where: { role: "lead" }, orderBy: { id: "asc" } });
  const anyone = lead ?? (await app.store.prisma.manager.findFirst({ orderBy: { id: "asc" } }));
  return anyone?.id ?? "console";
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof UsageError
      ? `${error.message}\n`
      : `${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exitCode = 1;
});
