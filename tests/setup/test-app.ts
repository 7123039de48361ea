import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SqliteApp } from "../../src/app.js";
import { asOfClock, type Clock } from "../../src/clock.js";
import { type Config, parseConfig } from "../../src/config.js";
import { createLlmClient } from "../../src/llm/client.js";
import { createEmbedder } from "../../src/llm/embedder.js";
import { createLogger } from "../../src/logger.js";
import { lazyKnowledge } from "../../src/services/talk-tracks/lazy-knowledge.js";
import { loadRulesConfigFile } from "../../src/services/warnings/rules-config-file.js";
import { openStore } from "../../src/store/database.js";
import { templateDbPath } from "./template-db.js";

/** A fresh, migrated SQLite file for one test. */
export function createTestDb(): { path: string; url: string } {
  const dir = mkdtempSync(join(tmpdir(), "retainbot-test-"));
  const path = join(dir, "store.db");
  copyFileSync(templateDbPath(), path);
  return { path, url: `file:${path}` };
}

export function testConfig(env: Record<string, string> = {}): Config {
  const parsed = parseConfig({ LOG_LEVEL: "silent", ...env });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

/**
 * An App on a fresh store with a fixed clock; close it in afterEach/afterAll. The rules come from
 * `env.RULES_CONFIG` as in production (every default without it).
 */
export function createTestApp(
  options: { asOf?: string; clock?: Clock; env?: Record<string, string> } = {},
): SqliteApp {
  const db = createTestDb();
  const config = testConfig({ DATABASE_URL: db.url, ...options.env });
  const rules = loadRulesConfigFile(config.RULES_CONFIG);
  if (!rules.ok) throw new Error(rules.error.message);
  return {
    config,
    store: openStore(db.url),
    clock: options.clock ?? asOfClock(options.asOf ?? "2026-11-23"),
    logger: createLogger("silent"),
    rules: rules.value,
    llm: createLlmClient(config, createLogger("silent")),
    knowledge: lazyKnowledge(config, createLogger("silent"), createEmbedder(config, createLogger("silent"))),
  };
}
