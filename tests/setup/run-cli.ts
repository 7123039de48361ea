import { spawn } from "node:child_process";
import { compiledEntry } from "./compiled-build.js";
import { projectRoot } from "./template-db.js";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI (`retainbot …`) in a child process, as a user or script would: the compiled
 * build of `entry` (compiled-build.ts), or with `command` any other program (`node bin/retainbot.js`, `npm start`).
 */
export function runCli(
  args: string[],
  options: { env?: Record<string, string>; input?: string; entry?: string; command?: string[] } = {},
): Promise<CliRun> {
  const entry = options.entry ?? "src/cli/main.ts";
  const [program, ...before] = options.command ?? [process.execPath, compiledEntry(entry)];
  return new Promise((resolveRun, reject) => {
    const child = spawn(program!, [...before, ...args], {
      cwd: projectRoot,
      env: { ...process.env, LOG_LEVEL: "warn", ...options.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolveRun({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}
