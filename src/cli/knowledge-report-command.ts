import type { Command } from "commander";
import { createApp, type GlobalOptions, loadConfig, UsageError } from "../create-app.js";
import { worstRatedPassages } from "../store/answer-feedback.js";

/**
 * `knowledge report [--limit N] [--json]`: the passages cited by answers users rated 👎 most (net of
 * 👍), so the training material can be improved where it fails.
 */
export function registerKnowledgeReportCommand(knowledge: Command, program: Command): void {
  knowledge
    .command("report")
    .description("the knowledge passages with the worst 👍/👎 ratings")
    .option("--limit <n>", "how many passages", "20")
    .option("--json", "print as JSON")
    .action(async (options: { limit: string; json?: boolean }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw new UsageError("--limit must be a whole number from 1 to 1000");
      const { store } = createApp(loadConfig(program.opts<GlobalOptions>()), { migrate: false });
      try {
        const rows = await worstRatedPassages(store.db, limit);
        if (options.json) process.stdout.write(`${JSON.stringify({ passages: rows }, null, 2)}\n`);
        else if (rows.length === 0) process.stdout.write("No answer has been rated yet.\n");
        else
          process.stdout.write(`${rows.map((r) => `👎 ${r.down}  👍 ${r.up}  ${r.passageId}`).join("\n")}\n`);
      } finally {
        await store.close();
      }
    });
}
