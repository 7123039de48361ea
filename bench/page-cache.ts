/**
 * The OS page cache, for the benchmarks that measure a run on a cold one (the first daily job after
 * the machine restarted): Linux drops it when root writes 3 to /proc/sys/vm/drop_caches, and counts
 * the bytes a process has had read from the disk in /proc/self/io. Elsewhere, or without root,
 * neither is possible, and the callers say so rather than report a warm run as a cold one.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

/** Writes dirty pages out and drops the page cache; the reason as text when it cannot. */
export function dropPageCache(): string | null {
  try {
    execFileSync("sync");
    writeFileSync("/proc/sys/vm/drop_caches", "3");
    return null;
  } catch (error) {
    return `cannot drop the page cache (needs root on Linux): ${(error as Error).message.split("\n")[0]}`;
  }
}

/** Bytes this process (its threads included) has had read from the disk; null off Linux. */
export function diskBytesRead(): number | null {
  try {
    const bytes = /^read_bytes: (\d+)$/m.exec(readFileSync("/proc/self/io", "utf8"));
    return bytes ? Number(bytes[1]) : null;
  } catch {
    return null;
  }
}
