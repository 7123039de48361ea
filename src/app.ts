import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { RulesConfig } from "./domain/rules-config.js";
import type { LlmClient } from "./llm/llm-types.js";
import type { Logger } from "./logger.js";
import type { DirectSender } from "./services/identity/lead-alert.js";
import type { LazyKnowledge } from "./services/talk-tracks/lazy-knowledge.js";
import type { AppStore } from "./store/app-store.js";
import type { Store } from "./store/database.js";

/**
 * Everything a command may use, built once by the composition root (src/main.ts, the CLI, tests)
 * and passed down; nothing below imports globals. Feature areas add their services here.
 */
export interface App {
  readonly config: Config;
  readonly store: AppStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The warning and care thresholds: defaults overridden by RULES_CONFIG, validated at start-up. */
  readonly rules: RulesConfig;
  /** The chat LLM; when none is configured every call fails at once and answers are composed. */
  readonly llm: LlmClient;
  /** The knowledge base (KNOWLEDGE_DIR), ingested on first use. */
  readonly knowledge: LazyKnowledge;
  /**
   * Senders that reach a person directly (security alerts to a team lead); set by `npm start` for
   * the configured platforms, absent in the CLI, where alerts are only logged.
   */
  readonly directSenders?: () => Promise<readonly DirectSender[]>;
  /**
   * The bot's daily warnings job: resolves once day D has its list, computed off the event loop
   * (a worker thread on SQLite) or by the run already going on. Set by `npm start`; without it (the
   * CLI) a command that needs today's list computes it in this process.
   */
  readonly warningsDay?: (day: string) => Promise<void>;
}

/** An App on the embedded SQLite store: what the SQLite-only paths (and their tests) run on. */
export type SqliteApp = App & { readonly store: Store };
