import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import type { Logger } from "../../logger.js";

/**
 * Bolt's logger interface over our pino logger, so Slack's own messages land in the same JSON
 * log. The level stays the one LOG_LEVEL set: Bolt's setLevel is ignored.
 */
export function slackLogger(logger: Logger): SlackLogger {
  const text = (parts: unknown[]) =>
    parts
      .map((p) =>
        typeof p === "string" ? p : p instanceof Error ? (p.stack ?? p.message) : JSON.stringify(p),
      )
      .join(" ");
  return {
    debug: (...msg: unknown[]) => logger.debug(text(msg)),
    info: (...msg: unknown[]) => logger.info(text(msg)),
    warn: (...msg: unknown[]) => logger.warn(text(msg)),
    error: (...msg: unknown[]) => logger.error(text(msg)),
    setLevel: () => {},
    getLevel: () => {
      if (logger.isLevelEnabled("debug")) return LogLevel.DEBUG;
      if (logger.isLevelEnabled("info")) return LogLevel.INFO;
      if (logger.isLevelEnabled("warn")) return LogLevel.WARN;
      return LogLevel.ERROR;
    },
    setName: () => {},
  };
}
