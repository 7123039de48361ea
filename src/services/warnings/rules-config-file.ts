/** Loading the operator's rules file (RULES_CONFIG) once per app. */
import { readFileSync } from "node:fs";
import type { App } from "../../app.js";
import { DEFAULT_RULES_CONFIG, type RulesConfig, safeParseRulesConfig } from "../../domain/rules-config.js";
import { err, type Result } from "../../result.js";

/** Reads and validates a rules JSON file; every problem names the file and the setting. */
export function loadRulesConfigFile(path: string | undefined): Result<RulesConfig> {
  if (!path) return { ok: true, value: DEFAULT_RULES_CONFIG };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    return err({
      code: "rules_config_unreadable",
      message: `RULES_CONFIG ${path}: ${(error as Error).message}`,
    });
  }
  const parsed = safeParseRulesConfig(json);
  return parsed.ok
    ? parsed
    : err({ code: parsed.error.code, message: `RULES_CONFIG ${path}: ${parsed.error.message}` });
}

const loaded = new WeakMap<App, RulesConfig>();

/**
 * The rules config of an app, read from RULES_CONFIG on first use and kept for the app's life.
 * An invalid file throws with a message naming the file and each bad setting.
 */
export function rulesConfigOf(app: App): RulesConfig {
  const cached = loaded.get(app);
  if (cached) return cached;
  const result = loadRulesConfigFile(app.config.RULES_CONFIG);
  if (!result.ok) throw new Error(result.error.message);
  loaded.set(app, result.value);
  return result.value;
}
