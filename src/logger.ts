import { createRequire } from "node:module";
import type { pino } from "pino";

export type Logger = pino.Logger;

/** pino's default levels: a call below the configured one is a no-op. */
const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/**
 * Logs go to stderr as JSON so stdout stays the console chat and CLI output. pino itself is loaded
 * on the first line actually written (a CLI command that logs nothing never loads it): until then
 * calls below the level are no-ops and children are just as lazy.
 */
export function createLogger(level: string): Logger {
  const threshold = level === "silent" ? Number.POSITIVE_INFINITY : (LEVELS[level] ?? LEVELS.info!);
  return lazyLogger(threshold, () => {
    const { pino } = createRequire(import.meta.url)("pino") as typeof import("pino");
    return pino({ level, base: undefined }, pino.destination(2));
  });
}

function lazyLogger(threshold: number, make: () => Logger): Logger {
  let real: Logger | undefined;
  const logger = () => (real ??= make());
  const noop = () => {};
  return new Proxy({} as Logger, {
    get(_, name) {
      const rank = typeof name === "string" ? LEVELS[name] : undefined;
      if (rank !== undefined)
        return rank >= threshold
          ? (...args: unknown[]) => (logger()[name as "info"] as (...a: unknown[]) => void)(...args)
          : noop;
      if (name === "child")
        return (bindings: pino.Bindings, options?: pino.ChildLoggerOptions) =>
          options ? logger().child(bindings, options) : lazyLogger(threshold, () => logger().child(bindings));
      const value = Reflect.get(logger(), name);
      return typeof value === "function" ? value.bind(logger()) : value;
    },
    set(_, name, value) {
      return Reflect.set(logger(), name, value);
    },
  });
}
