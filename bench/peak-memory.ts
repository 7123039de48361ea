/**
 * Peak memory (resident set size) for the benchmarks: every bench reports it beside its times.
 * On Linux the kernel keeps the process's high-water mark (VmHWM in /proc/self/status), and writing
 * 5 to /proc/self/clear_refs resets it to the current RSS, so one phase's peak can be measured
 * even when the work is synchronous (a sampling timer would never run). Elsewhere the process's
 * lifetime peak (`process.resourceUsage().maxRSS`) is reported and marked as such.
 */
import { readFileSync, writeFileSync } from "node:fs";

const MIB = 1024 * 1024;

/** Starts a new peak at the current RSS; false when the platform cannot (the lifetime peak is used). */
export function resetPeakRss(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

/** The peak RSS in bytes since the last reset (or since the process started). */
export function peakRssBytes(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (hwm) return Number(hwm[1]) * 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS * 1024;
}

export interface PeakRss {
  bytes: number;
  /** Whether the figure covers only the measured work (else: the process's lifetime). */
  phaseOnly: boolean;
}

/** Runs `work` and returns its value with the peak RSS reached while it ran. */
export async function withPeakRss<T>(work: () => T | Promise<T>): Promise<{ value: T; peak: PeakRss }> {
  const phaseOnly = resetPeakRss();
  const value = await work();
  return { value, peak: { bytes: peakRssBytes(), phaseOnly } };
}

/** "412 MiB" (with "process lifetime" when the phase could not be isolated). */
export function formatPeak(peak: PeakRss): string {
  return `${Math.round(peak.bytes / MIB).toLocaleString("en")} MiB${peak.phaseOnly ? "" : " (process lifetime)"}`;
}

/** The peak RSS of a finished child process, from `/usr/bin/time -f %M` output (KiB), if any. */
export function childPeakFromTime(stderr: string): PeakRss | null {
  const kib = /PEAK_RSS_KIB=(\d+)/.exec(stderr);
  return kib ? { bytes: Number(kib[1]) * 1024, phaseOnly: true } : null;
}
