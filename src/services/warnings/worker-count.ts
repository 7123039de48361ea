/**
 * How many worker threads the daily job judges in (RETAINBOT_WARNINGS_WORKERS, `warnings --workers`).
 * `auto` takes a second thread only when it can help, from what was measured (docs/benchmarks.md):
 * a worker costs its start-up (module loading, its own connection and cache) and the two share the
 * write lock, so on a small store, or with no idle core, one thread finished first; on a large store
 * with a core to spare the judging halves. "A core to spare" is read from the 1-minute load average.
 */
import { availableParallelism, loadavg } from "node:os";

export type WorkersSetting = number | "auto";

/** Below this many customers one thread is faster (worker start-up outweighs the judging). */
export const AUTO_MIN_CUSTOMERS = 100_000;

export interface Machine {
  cores: number;
  /** The 1-minute load average. */
  load: number;
}

const thisMachine = (): Machine => ({ cores: availableParallelism(), load: loadavg()[0] ?? 0 });

/** The worker threads for a run over `customers` (the last run's count; 0 when unknown). */
export function warningsWorkers(
  setting: WorkersSetting,
  customers: number,
  machine: Machine = thisMachine(),
): number {
  if (setting !== "auto") return setting;
  if (machine.cores < 2 || customers < AUTO_MIN_CUSTOMERS) return 1;
  // A core to spare: what is running already leaves at least one idle.
  return machine.load <= machine.cores - 1 ? 2 : 1;
}
