import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "./template-db.js";

/**
 * `npm start`'s entry point (src/main.ts) as a child process, for the tests that run the whole
 * bot against fakes: started with the given variables (LOG_LEVEL info), resolved once it logs
 * "RetainBot started", its JSON log lines readable by message.
 */
export class MainProcess {
  private logs = "";

  private constructor(readonly child: ChildProcess) {}

  static start(env: Record<string, string>): Promise<MainProcess> {
    const child = spawn(process.execPath, ["--import", "tsx", join(projectRoot, "src/main.ts")], {
      cwd: projectRoot,
      env: { ...process.env, LOG_LEVEL: "info", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const main = new MainProcess(child);
    return new Promise((resolve, reject) => {
      child.stderr?.on("data", (d: Buffer) => {
        main.logs += d.toString();
        if (main.logs.includes("RetainBot started")) resolve(main);
      });
      child.on("exit", (code) => reject(new Error(`exited with ${code}:\n${main.logs}`)));
    });
  }

  /** The first log line with this message, parsed. */
  logLine(msg: string): Record<string, unknown> | undefined {
    return this.logs
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === msg);
  }

  /** Sends the signal and resolves with the exit code. */
  stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.on("exit", resolve));
    this.child.kill(signal);
    return exited;
  }
}
