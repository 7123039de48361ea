/**
 * Wall and CPU seconds of one piece of work. process.cpuUsage() counts every thread of the
 * process, so helper threads' CPU is included; a database server's is not.
 */
export interface Timed<T> {
  value: T;
  s: number;
  cpuS: number;
}

const since = (cpu: NodeJS.CpuUsage, started: number) => {
  const used = process.cpuUsage(cpu);
  return { s: (performance.now() - started) / 1000, cpuS: (used.user + used.system) / 1e6 };
};

export function timedSeconds<T>(work: () => T): Timed<T> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = work();
  return { value, ...since(cpu, started) };
}

export async function timedSecondsAsync<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  return { value, ...since(cpu, started) };
}
