/**
 * Feature binning for the histogram learner. Each feature's non-missing values are cut into at
 * most 255 bins at quantiles (or between distinct values when there are few); bin 0 holds missing
 * values (NaN), so a split can learn where missing values go. A split "bin ≤ t" is stored as the raw
 * threshold `edges[t - 1]`, so prediction never needs the bins.
 */
export const MAX_BINS = 255;

export interface BinnedData {
  /** bins[f][row]: 0 = missing, 1..edges[f].length + 1 otherwise (column-major, one byte each). */
  bins: Uint8Array[];
  /** Upper edges (inclusive) of bins 1..k per feature: value v is in bin 1 + #(edges < v). */
  edges: Float64Array[];
  rows: number;
}

/** Upper bin edges for one feature from its values (NaN ignored); at most maxBins bins. */
export function binEdges(values: ArrayLike<number>, maxBins = MAX_BINS, sampleLimit = 200_000): Float64Array {
  const present: number[] = [];
  const step = values.length > sampleLimit ? values.length / sampleLimit : 1;
  for (let i = 0; i < values.length; i += step) {
    const v = values[Math.floor(i)]!;
    if (!Number.isNaN(v)) present.push(v);
  }
  if (present.length === 0) return new Float64Array(0);
  const sorted = Float64Array.from(present).sort(); // typed arrays sort numerically, natively
  const distinct: number[] = [];
  const counts: number[] = [];
  for (const v of sorted) {
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) counts[counts.length - 1]!++;
    else {
      distinct.push(v);
      counts.push(1);
    }
  }
  if (distinct.length <= maxBins) {
    const edges = new Float64Array(distinct.length - 1);
    for (let i = 0; i < edges.length; i++) edges[i] = (distinct[i]! + distinct[i + 1]!) / 2;
    return edges;
  }
  // Quantile cuts over distinct values weighted by their counts; a heavy value gets its own bin.
  const edges: number[] = [];
  const perBin = present.length / maxBins;
  let seen = 0;
  let nextCut = perBin;
  for (let i = 0; i < distinct.length - 1; i++) {
    seen += counts[i]!;
    if (seen >= nextCut) {
      edges.push((distinct[i]! + distinct[i + 1]!) / 2);
      while (nextCut <= seen) nextCut += perBin;
      if (edges.length >= maxBins - 1) break;
    }
  }
  return Float64Array.from(edges);
}

/** The bin of one value given a feature's edges. */
export function binOf(edges: Float64Array, value: number): number {
  if (Number.isNaN(value)) return 0;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

/** Bins a column-major feature matrix (columns[f][row]). */
export function binColumns(columns: ArrayLike<number>[], rows: number, maxBins = MAX_BINS): BinnedData {
  const edges = columns.map((column) => binEdges(column, maxBins));
  const bins = columns.map((column, f) => {
    const out = new Uint8Array(rows);
    const e = edges[f]!;
    for (let r = 0; r < rows; r++) out[r] = binOf(e, column[r]!);
    return out;
  });
  return { bins, edges, rows };
}
