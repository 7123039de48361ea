import type { Command } from "commander";
import type { App } from "../app.js";
import { loadDemo } from "../demo/load-demo.js";
import { isStoreEmpty } from "../store/setup-store.js";
import { createApp, type GlobalOptions, loadConfig } from "./bootstrap.js";

/** Loads the demo data set when the store has nothing in it yet; returns whether it did. */
export async function loadDemoIfEmpty(app: App): Promise<boolean> {
  if (!(await isStoreEmpty(app.store))) return false;
  const summary = await loadDemo(app.store, {
    seed: app.config.RETAINBOT_DEMO_SEED,
    asOf: app.clock.today(app.config.RETAINBOT_TIME_ZONE),
    customers: 2000,
  });
  app.logger.info(
    { tables: summary.tables, planted: summary.planted },
    "demo data loaded into the empty store",
  );
  return true;
}

/** `setup`: migrate the store and load the demo if it is empty. */
export function registerSetupCommand(program: Command): void {
  program
    .command("setup")
    .description("create or migrate the store; load the demo data if it is empty")
    .action(async () => {
      const app = createApp(loadConfig(program.opts<GlobalOptions>()));
      try {
        const loaded = await loadDemoIfEmpty(app);
        process.stdout.write(
          loaded
            ? `Store ready at ${app.store.path} (demo data loaded).\n`
            : `Store ready at ${app.store.path}.\n`,
        );
      } finally {
        await app.store.close();
      }
    });
}
