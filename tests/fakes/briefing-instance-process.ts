import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

/** The briefing instance (briefing-instance.ts) as a child process, and a way to wait for what it says. */
export interface InstanceProcess {
  child: ChildProcess;
  /** Resolves once the instance printed `line` (`leading` or `standby`); rejects after `timeoutMs`. */
  said(line: string, timeoutMs?: number): Promise<void>;
}

/** Waits until `check` holds, polling every 5 ms; throws after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("not in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Starts one instance on the store at `url`, posting to the Bot API at `apiRoot`, with the clock
 * at `now`; `env` adds its other settings (SEND_SPACING_MS, TICK_MS).
 */
export function startBriefingInstance(
  url: string,
  apiRoot: string,
  id: string,
  now: string,
  env: Record<string, string> = {},
): InstanceProcess {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "briefing-instance.ts")],
    {
      env: {
        ...process.env,
        DATABASE_URL: url,
        TELEGRAM_API_ROOT: apiRoot,
        INSTANCE_ID: id,
        BRIEFING_NOW: now,
        ...env,
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const said = (line: string, timeoutMs = 120_000) =>
    until(() => out.split("\n").includes(line), timeoutMs).catch(() => {
      throw new Error(`instance ${id} never said "${line}" (it said: ${JSON.stringify(out)})`);
    });
  return { child, said };
}
