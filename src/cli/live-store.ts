import type { App } from "../app.js";
import { createApp, type GlobalOptions, loadConfig, UsageError } from "../create-app.js";

/**
 * The App for operator commands that run while the bot is running (invite, bind-group). They do
 * not migrate: `prisma migrate deploy` fails with a busy store while another process has it open
 * (the bot migrates at start, and so does `setup`). A store that was never set up is refused.
 */
export function createLiveApp(options: GlobalOptions): App {
  const app = createApp(loadConfig(options), { migrate: false });
  // PostgreSQL migrations are checked asynchronously (`doctor`, /readyz); a database never set up
  // fails at its first statement with PostgreSQL's own "relation … does not exist".
  if (app.store.kind === "postgres") return app;
  const migrated = app.store.sql
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
    .get();
  if (!migrated) {
    void app.store.close();
    throw new UsageError(
      `The store at ${app.store.path} is not set up yet: run \`npm run cli -- setup\` first.`,
    );
  }
  return app;
}
