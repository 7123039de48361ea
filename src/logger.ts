import { pino } from "pino";

export type Logger = pino.Logger;

/** Logs go to stderr as JSON so stdout stays the console chat and CLI output. */
export function createLogger(level: string): Logger {
  return pino({ level, base: undefined }, pino.destination(2));
}
