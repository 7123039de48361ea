/**
 * Start-up benchmark: how long a user waits for the compiled program (dist/, built by `npm install`
 * or `npm run build`). In the same run, on a demo store made by `retainbot setup`:
 * - `retainbot ask help` (bin/retainbot.js), wall time to exit; goal ≤ 0.5 s;
 * - `npm start` with piped input, wall time to the first answer on stdout; goal ≤ 2 s;
 * - and `node -e ""` as the floor (Node's own start-up on this machine right now).
 * Each child's peak RSS comes from `/usr/bin/time` when it is installed.
 *
 * Run alone: `npx tsx bench/startup.ts`; `npm run bench` runs it with the others.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { childPeakFromTime, formatPeak, type PeakRss } from "./peak-memory.js";

const root = resolve(import.meta.dirname, "..");
const TIME = existsSync("/usr/bin/time") ? ["/usr/bin/time", "-f", "PEAK_RSS_KIB=%M CPU_S=%U+%S"] : [];
const AS_OF = "2026-06-30";

interface Timed {
  ms: number;
  /** User + system CPU seconds of the child (from /usr/bin/time), less stretched by a busy machine. */
  cpuMs: number | null;
  peak: PeakRss | null;
}

function cpuFromTime(stderr: string): number | null {
  const cpu = /CPU_S=([\d.]+)\+([\d.]+)/.exec(stderr);
  return cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : null;
}

/** Runs a command to its end (or to its first stdout byte) and times it. */
function run(
  command: string[],
  env: NodeJS.ProcessEnv,
  input = "",
  untilFirstOutput = false,
): Promise<Timed> {
  return new Promise((done, fail) => {
    const [program, ...args] = [...TIME, ...command];
    const started = performance.now();
    let firstOutput: number | null = null;
    let stderr = "";
    const child = spawn(program!, args, { cwd: root, env: { ...process.env, ...env } });
    child.stdout.on("data", () => {
      firstOutput ??= performance.now();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", fail);
    child.on("close", (code) => {
      if (code !== 0) return fail(new Error(`${command.join(" ")} exited ${code}: ${stderr}`));
      const end = untilFirstOutput && firstOutput !== null ? firstOutput : performance.now();
      done({ ms: end - started, cpuMs: cpuFromTime(stderr), peak: childPeakFromTime(stderr) });
    });
    child.stdin.end(input);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchStartup(runs = 7): Promise<void> {
  if (!existsSync(join(root, "dist/cli/main.js"))) {
    const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) throw new Error("npm run build failed");
  }
  const db = join(mkdtempSync(join(tmpdir(), "retainbot-bench-startup-")), "store.db");
  const env = { DATABASE_URL: `file:${db}`, RETAINBOT_AS_OF: AS_OF, LOG_LEVEL: "warn", NODE_OPTIONS: "" };
  await run([process.execPath, "bin/retainbot.js", "setup"], env);
  // One start computes the day's warnings; the measured starts find them (as on any later start).
  await run(["npm", "start", "--silent"], env, "help\n");
  console.log(
    `startup: demo store (2,000 customers), ${runs} runs each, load average ${loadavg()[0]!.toFixed(1)}`,
  );
  const cases: [
    label: string,
    command: string[],
    input: string,
    firstOutput: boolean,
    goalMs: number | null,
  ][] = [
    ['node -e ""   (the floor)', [process.execPath, "-e", ""], "", false, null],
    [
      "retainbot ask help",
      [process.execPath, "bin/retainbot.js", "ask", "help", "--user", "console:M001"],
      "",
      false,
      500,
    ],
    ["npm start → first answer", ["npm", "start", "--silent"], "help\n", true, 2000],
  ];
  const results = new Map<string, Timed[]>();
  for (let i = 0; i < runs; i++)
    for (const [label, command, input, first] of cases) {
      const list = results.get(label) ?? [];
      list.push(await run(command, env, input, first));
      results.set(label, list);
    }
  const floor = median(results.get(cases[0]![0])!.map((t) => t.ms));
  for (const [label, , , , goal] of cases) {
    const timed = results.get(label)!;
    const ms = median(timed.map((t) => t.ms));
    const peak = timed.map((t) => t.peak).find((p) => p !== null);
    const cpu = timed.every((t) => t.cpuMs !== null) ? median(timed.map((t) => t.cpuMs!)) : null;
    const verdict = goal === null ? "" : `  goal ≤ ${goal / 1000} s: ${ms <= goal ? "met" : "MISSED"}`;
    console.log(
      `  ${label.padEnd(28)} p50 ${(ms / 1000).toFixed(2)} s  (${(ms / floor).toFixed(1)}× node)  cpu ${cpu === null ? "n/a" : `${(cpu / 1000).toFixed(2)} s`}  peak RSS ${peak ? formatPeak(peak) : "n/a"}${verdict}`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchStartup();
