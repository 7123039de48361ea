import { type ChildProcess, spawn } from "node:child_process";
import { compiledEntry } from "./compiled-build.js";
import { projectRoot } from "./template-db.js";

/**
 * `npm start`'s entry point (src/main.ts, compiled) as a child process, for the tests that run the whole
 * bot against fakes: started with the given variables (LOG_LEVEL info), resolved once it logs
 * "RetainBot started", its JSON log lines readable by message.
 */
export class MainProcess {
  /** What /readyz answers once every check passes. */
  static readonly READY = {
    ok: true,
    checks: {
      store: { ok: true, detail: "store reachable" },
      migrations: { ok: true, detail: "all migrations applied" },
      knowledge: { ok: true, detail: "knowledge index loaded" },
    },
  };

  private logs = "";

  private constructor(readonly child: ChildProcess) {}

  static start(env: Record<string, string>): Promise<MainProcess> {
    const child = spawn(process.execPath, [compiledEntry("src/main.ts")], {
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

  /** A GET on the bot's HTTP listener (HTTP_ALWAYS or an HTTP adapter: "HTTP listening" logged). */
  get(path: string): Promise<Response> {
    return fetch(`http://127.0.0.1:${this.logLine("HTTP listening")?.port as number}${path}`);
  }

  /**
   * Polls /readyz until it answers 200 (30 s at most) and returns its checks; every answer before
   * must be a 503 (not ready yet), never an error.
   */
  async whenReady(): Promise<unknown> {
    let ready = await this.get("/readyz");
    for (let i = 0; i < 300 && ready.status !== 200; i++) {
      if (ready.status !== 503) throw new Error(`/readyz answered ${ready.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      ready = await this.get("/readyz");
    }
    return ready.json();
  }

  /** Sends the signal and resolves with the exit code. */
  stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.on("exit", resolve));
    this.child.kill(signal);
    return exited;
  }
}
