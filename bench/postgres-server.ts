import { execFileSync } from "node:child_process";
import { join } from "node:path";

/** A PostgreSQL server for the run: BENCH_POSTGRES_URL, or a throw-away cluster (stopped after). */
export function postgresServer(): { url: string; stop(): void } | null {
  if (process.env.BENCH_POSTGRES_URL) return { url: process.env.BENCH_POSTGRES_URL, stop: () => undefined };
  const script = join(import.meta.dirname, "../scripts/test-postgres.sh");
  try {
    const started = execFileSync("bash", [script, "start"], { encoding: "utf8" });
    const url = /TEST_POSTGRES_URL=(\S+)/.exec(started)?.[1];
    const dir = /TEST_POSTGRES_DIR=(\S+)/.exec(started)?.[1];
    if (!url || !dir) return null;
    return { url, stop: () => execFileSync("bash", [script, "stop", dir]) };
  } catch {
    return null;
  }
}
