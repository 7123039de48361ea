/**
 * The composition root: validates the configuration once and builds the App every entry point
 * (npm start, the CLI, tests) runs on. Nothing below it reads the environment.
 */
import type { App } from "./app.js";
import { asOfClock, systemClock } from "./clock.js";
import { type Config, parseConfig, storeKind } from "./config.js";
import { createLlmClient } from "./llm/client.js";
import { createEmbedder } from "./llm/embedder.js";
import { createLogger, type Logger } from "./logger.js";
import { lazyKnowledge } from "./services/talk-tracks/lazy-knowledge.js";
import { loadRulesConfigFile } from "./services/warnings/rules-config-file.js";
import { type AppStore, openPostgresAppStore } from "./store/app-store.js";
import { prepareStore } from "./store/setup-store.js";

export interface GlobalOptions {
  db?: string;
  asOf?: string;
}

/** Thrown for problems the user must fix (bad config, bad arguments): printed without a stack. */
export class UsageError extends Error {}

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
 * file is read first, so a bad one stops start-up before anything else happens. A PostgreSQL store
 * is opened as it is: its migrations are asynchronous (`migrateAppStore`, which `npm start` and
 * `setup` run; `/readyz` and `doctor` say when some are pending).
 */
export function createApp(config: Config, options: { migrate?: boolean } = {}): App {
  const rules = loadRulesConfigFile(config.RULES_CONFIG);
  if (!rules.ok)
    throw new UsageError(
      `Invalid rules configuration:\n${rules.error.lines.map((l) => `  ${l}`).join("\n")}`,
    );
  const logger = createLogger(config.LOG_LEVEL);
  const store = openAppStore(config, logger, options);
  const clock = config.RETAINBOT_AS_OF ? asOfClock(config.RETAINBOT_AS_OF) : systemClock();
  const llm = createLlmClient(config, logger);
  const knowledge = lazyKnowledge(config, logger, createEmbedder(config, logger));
  return { config, store, clock, logger, rules: rules.value, llm, knowledge };
}

function openAppStore(config: Config, logger: Logger, options: { migrate?: boolean }): AppStore {
  if (storeKind(config.DATABASE_URL) === "postgres")
    return openPostgresAppStore(config.DATABASE_URL, {
      poolSize: config.PG_POOL_SIZE,
      statementTimeoutMs: config.PG_STATEMENT_TIMEOUT_MS,
    });
  const store = prepareStore(config.DATABASE_URL, logger, options);
  if (!store.ok) throw new UsageError(store.error.message);
  return store.value;
}

/** Applies PostgreSQL's pending migrations (SQLite's ran in createApp); an error a person must fix. */
export async function migrateAppStore(config: Config): Promise<void> {
  if (storeKind(config.DATABASE_URL) !== "postgres") return;
  const { migratePostgres } = await import("./store/postgres/migrate-postgres.js");
  const migrated = await migratePostgres(config.DATABASE_URL);
  if (!migrated.ok) throw new UsageError(migrated.error.message);
}
