/**
 * "What works": retention rates by warning signal × retention method × customer segment, from the
 * retained and lost outcomes that name a method. Each outcome counts once in every cell it belongs
 * to: under each of its signals and under "all signals" (`*`), and in the segment `all` and in its
 * VIP level, sensitivity type and lifecycle stage. Cells measured on fewer than `minCases`
 * outcomes are hidden (only their number is told), so nobody reads a rate off two calls.
 */
import type { RetentionMethod } from "./retention-methods.js";
import { wilsonInterval } from "./wilson.js";

/** One retained or lost outcome with the method used, as the store reads it. */
export interface MethodOutcome {
  retained: boolean;
  method: RetentionMethod;
  /** The warning signal codes it was logged under (may be empty). */
  signals: readonly string[];
  vipLevel: string;
  sensitivity: string | null;
  stage: string | null;
}

/** `all`, or `vip:gold`, `sensitivity:price`, `stage:D`. */
export type SegmentKey = string;
/** A signal code, or `*` for all signals. */
export const ALL_SIGNALS = "*";

export interface RateCell {
  signal: string;
  method: RetentionMethod;
  segment: SegmentKey;
  cases: number;
  retained: number;
  rate: number;
  low: number;
  high: number;
}

export interface RateTable {
  cells: RateCell[];
  /** Cells with at least one outcome but fewer than `minCases`. */
  hiddenCells: number;
  minCases: number;
}

/** The segments one outcome belongs to. */
export function segmentsOf(o: Pick<MethodOutcome, "vipLevel" | "sensitivity" | "stage">): SegmentKey[] {
  return [
    "all",
    `vip:${o.vipLevel}`,
    ...(o.sensitivity ? [`sensitivity:${o.sensitivity}`] : []),
    ...(o.stage ? [`stage:${o.stage}`] : []),
  ];
}

/** Counts every cell, computes rates and Wilson intervals, hides the small ones; best rate first. */
export function retentionRates(outcomes: readonly MethodOutcome[], minCases: number): RateTable {
  const counts = new Map<
    string,
    { signal: string; method: RetentionMethod; segment: string; cases: number; retained: number }
  >();
  for (const o of outcomes) {
    for (const signal of [ALL_SIGNALS, ...new Set(o.signals)]) {
      for (const segment of segmentsOf(o)) {
        const key = `${signal}\u0000${o.method}\u0000${segment}`;
        const cell = counts.get(key) ?? { signal, method: o.method, segment, cases: 0, retained: 0 };
        cell.cases += 1;
        if (o.retained) cell.retained += 1;
        counts.set(key, cell);
      }
    }
  }
  const cells: RateCell[] = [];
  let hiddenCells = 0;
  for (const c of counts.values()) {
    if (c.cases < minCases) {
      hiddenCells += 1;
      continue;
    }
    cells.push({ ...c, rate: c.retained / c.cases, ...wilsonInterval(c.retained, c.cases) });
  }
  cells.sort(
    (a, b) =>
      a.signal.localeCompare(b.signal) ||
      a.segment.localeCompare(b.segment) ||
      b.rate - a.rate ||
      b.cases - a.cases ||
      a.method.localeCompare(b.method),
  );
  return { cells, hiddenCells, minCases };
}
