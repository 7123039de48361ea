/**
 * The composition root: validates the configuration once and builds the App every entry point
 * (npm start, the CLI, tests) runs on. Nothing below it reads the environment.
 */
import type { App } from "./app.js";
import { asOfClock, systemClock } from "./clock.js";
import { type Config, parseConfig, storeKind } from "./config.js";
import { createLlmClient } from "./llm/client.js";
import { createEmbedder } from "./llm/embedder.js";
import { createLogger } from "./logger.js";
import { lazyKnowledge } from "./services/talk-tracks/lazy-knowledge.js";
import { loadRulesConfigFile } from "./services/warnings/rules-config-file.js";
import { prepareStore } from "./store/setup-store.js";

export interface GlobalOptions {
  db?: string;
  asOf?: string;
}

/** Thrown for problems the user must fix (bad config, bad arguments): printed without a stack. */
export class UsageError extends Error {}

/** Said by every command that needs the whole store when DATABASE_URL names PostgreSQL. */
export const POSTGRES_NOT_YET =
  "DATABASE_URL names PostgreSQL: in this version `setup` (migrations), `doctor`, `maintain-usage` and `import` (every kind, CSV and XLSX) run on PostgreSQL, the bot and the other commands on SQLite only (docs/postgresql.md says what is done and what is next).";

/** Validates the environment once, with CLI options taking precedence over variables. */
export function loadConfig(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Config {
  const merged = { ...env };
  if (options.db)
    merged.DATABASE_URL = /^(file:|postgres(ql)?:\/\/)/.test(options.db) ? options.db : `file:${options.db}`;
  if (options.asOf) merged.RETAINBOT_AS_OF = options.asOf;
  const parsed = parseConfig(merged);
  if (!parsed.ok)
    throw new UsageError(`Invalid configuration:\n${parsed.error.lines.map((l) => `  ${l}`).join("\n")}`);
  return parsed.value;
}

/**
 * Builds the App the commands run on: config, rules, clock, logger and a migrated store. The rules
 * file is read first, so a bad one stops start-up before anything else happens.
 */
export function createApp(config: Config, options: { migrate?: boolean } = {}): App {
  if (storeKind(config.DATABASE_URL) === "postgres") throw new UsageError(POSTGRES_NOT_YET);
  const rules = loadRulesConfigFile(config.RULES_CONFIG);
  if (!rules.ok)
    throw new UsageError(
      `Invalid rules configuration:\n${rules.error.lines.map((l) => `  ${l}`).join("\n")}`,
    );
  const logger = createLogger(config.LOG_LEVEL);
  const store = prepareStore(config.DATABASE_URL, logger, options);
  if (!store.ok) throw new UsageError(store.error.message);
  const clock = config.RETAINBOT_AS_OF ? asOfClock(config.RETAINBOT_AS_OF) : systemClock();
  const llm = createLlmClient(config, logger);
  const knowledge = lazyKnowledge(config, logger, createEmbedder(config, logger));
  return { config, store: store.value, clock, logger, rules: rules.value, llm, knowledge };
}
