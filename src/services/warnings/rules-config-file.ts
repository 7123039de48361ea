/** Loading the operator's rules file (RULES_CONFIG), once at start-up (src/create-app.ts). */
import { readFileSync } from "node:fs";
import { DEFAULT_RULES_CONFIG, type RulesConfig, safeParseRulesConfig } from "../../domain/rules-config.js";
import { err, ok, type Result } from "../../result.js";

/** Why a rules file was refused: one line per problem, each naming the file and the setting. */
export interface RulesConfigFileError {
  code: "rules_config_unreadable" | "rules_config_invalid";
  message: string;
  lines: string[];
}

/** Reads and validates a rules JSON file; no file means every default. */
export function loadRulesConfigFile(path: string | undefined): Result<RulesConfig, RulesConfigFileError> {
  if (!path) return ok(DEFAULT_RULES_CONFIG);
  const refuse = (code: RulesConfigFileError["code"], problems: string[]) => {
    const lines = problems.map((p) => `RULES_CONFIG ${path}: ${p}`);
    return err({ code, message: lines.join("\n"), lines });
  };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    return refuse("rules_config_unreadable", [reason]);
  }
  const parsed = safeParseRulesConfig(json);
  return parsed.ok ? parsed : refuse("rules_config_invalid", parsed.error.lines);
}
