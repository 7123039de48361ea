/**
 * Grows one regression tree on gradients and hessians with histograms over binned features,
 * best-first up to maxLeaves / maxDepth. A node owns a contiguous slice of `order`; splitting
 * partitions the slice in place. The smaller child's histogram is built, the larger one's is the
 * parent's minus it.
 */
import type { BinnedData } from "./binning.js";
import type { Tree } from "./model.js";
import type { BoostingOptions } from "./options.js";

const BINS = 256;
const SLOTS = 3; // gradient, hessian, row count

interface Split {
  gain: number;
  feature: number;
  bin: number; // left = bins 1..bin (+ missing when missingLeft)
  missingLeft: boolean;
}

interface Open {
  node: number;
  start: number;
  end: number;
  depth: number;
  hist: Float64Array;
  g: number;
  h: number;
  split: Split | null;
}

export interface GrowInput {
  data: BinnedData;
  grad: Float64Array;
  hess: Float64Array;
  /** Rows used by this tree (modified: partitioned in place). */
  order: Uint32Array;
  /** Features offered to this tree. */
  features: number[];
  options: BoostingOptions;
}

function buildHistogram(input: GrowInput, start: number, end: number): Float64Array {
  const { data, grad, hess, order, features } = input;
  const hist = new Float64Array(data.bins.length * BINS * SLOTS);
  const n = end - start;
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = order[start + i]!;
    g[i] = grad[r]!;
    h[i] = hess[r]!;
  }
  for (const f of features) {
    const col = data.bins[f]!;
    const base = f * BINS * SLOTS;
    for (let i = 0; i < n; i++) {
      const at = base + col[order[start + i]!]! * SLOTS;
      hist[at]! += g[i]!;
      hist[at + 1]! += h[i]!;
      hist[at + 2]!++;
    }
  }
  return hist;
}

const score = (g: number, h: number, lambda: number) => (g * g) / (h + lambda);

function bestSplit(input: GrowInput, hist: Float64Array, g: number, h: number, rows: number): Split | null {
  const { options, data } = input;
  const { lambda, minChildWeight, minRowsInLeaf, minGain } = options;
  const parent = score(g, h, lambda);
  let best: Split | null = null;
  for (const f of input.features) {
    const base = f * BINS * SLOTS;
    const bins = data.edges[f]!.length + 1;
    const g0 = hist[base]!;
    const h0 = hist[base + 1]!;
    const c0 = hist[base + 2]!;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let b = 1; b < bins; b++) {
      const at = base + b * SLOTS;
      gl += hist[at]!;
      hl += hist[at + 1]!;
      cl += hist[at + 2]!;
      if (hist[at + 2] === 0) continue;
      for (let side = 0; side < (c0 > 0 ? 2 : 1); side++) {
        const lg = side ? gl + g0 : gl;
        const lh = side ? hl + h0 : hl;
        const lc = side ? cl + c0 : cl;
        const rc = rows - lc;
        if (lc < minRowsInLeaf || rc < minRowsInLeaf) continue;
        const rh = h - lh;
        if (lh < minChildWeight || rh < minChildWeight) continue;
        const gain = score(lg, lh, lambda) + score(g - lg, rh, lambda) - parent;
        if (gain > minGain && (best === null || gain > best.gain)) {
          // With no missing values here, missing values follow the heavier side at prediction.
          const missingLeft = c0 > 0 ? side === 1 : lh >= rh;
          best = { gain, feature: f, bin: b, missingLeft };
        }
      }
    }
  }
  return best;
}

/** Stable partition of order[start, end) by the split; returns the first right index. */
function partition(input: GrowInput, open: Open, split: Split, scratch: Uint32Array): number {
  const { order, data } = input;
  const col = data.bins[split.feature]!;
  let l = open.start;
  let r = 0;
  for (let i = open.start; i < open.end; i++) {
    const row = order[i]!;
    const b = col[row]!;
    const goesLeft = b === 0 ? split.missingLeft : b <= split.bin;
    if (goesLeft) order[l++] = row;
    else scratch[r++] = row;
  }
  order.set(scratch.subarray(0, r), l);
  return l;
}

export function growTree(input: GrowInput): Tree {
  const { options, order } = input;
  const { lambda, learningRate, maxLeaves, maxDepth } = options;
  const feature: number[] = [];
  const threshold: number[] = [];
  const missingLeft: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const cover: number[] = [];
  const addNode = (g: number, h: number) => {
    feature.push(-1);
    threshold.push(0);
    missingLeft.push(0);
    left.push(-1);
    right.push(-1);
    value.push((-g / (h + lambda)) * learningRate);
    cover.push(h);
    return feature.length - 1;
  };
  const scratch = new Uint32Array(order.length);
  const open = (node: number, start: number, end: number, depth: number, hist: Float64Array): Open => {
    const { g, h } = totals(input, hist);
    const split = depth < maxDepth ? bestSplit(input, hist, g, h, end - start) : null;
    return { node, start, end, depth, hist, g, h, split };
  };
  const rootHist = buildHistogram(input, 0, order.length);
  const rootTotals = totals(input, rootHist);
  const frontier: Open[] = [open(addNode(rootTotals.g, rootTotals.h), 0, order.length, 0, rootHist)];
  let leaves = 1;
  while (leaves < maxLeaves) {
    let pick = -1;
    for (let i = 0; i < frontier.length; i++) {
      const s = frontier[i]!.split;
      if (s && (pick < 0 || s.gain > frontier[pick]!.split!.gain)) pick = i;
    }
    if (pick < 0) break;
    const parent = frontier.splice(pick, 1)[0]!;
    const split = parent.split!;
    const mid = partition(input, parent, split, scratch);
    const leftSmaller = mid - parent.start <= parent.end - mid;
    const small = leftSmaller
      ? buildHistogram(input, parent.start, mid)
      : buildHistogram(input, mid, parent.end);
    const large = parent.hist;
    for (let i = 0; i < large.length; i++) large[i]! -= small[i]!;
    const [lh, rh] = leftSmaller ? [small, large] : [large, small];
    const lt = totals(input, lh);
    const rt = totals(input, rh);
    const ln = addNode(lt.g, lt.h);
    const rn = addNode(rt.g, rt.h);
    const n = parent.node;
    feature[n] = split.feature;
    threshold[n] = input.data.edges[split.feature]![split.bin - 1] ?? Number.POSITIVE_INFINITY;
    missingLeft[n] = split.missingLeft ? 1 : 0;
    left[n] = ln;
    right[n] = rn;
    frontier.push(open(ln, parent.start, mid, parent.depth + 1, lh));
    frontier.push(open(rn, mid, parent.end, parent.depth + 1, rh));
    leaves++;
  }
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    missingLeft: Uint8Array.from(missingLeft),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
    cover: Float64Array.from(cover),
  };
}

/** Node totals from any one offered feature's histogram (every row is in exactly one bin). */
function totals(input: GrowInput, hist: Float64Array): { g: number; h: number } {
  const f = input.features[0]!;
  const base = f * BINS * SLOTS;
  let g = 0;
  let h = 0;
  for (let b = 0; b < BINS; b++) {
    g += hist[base + b * SLOTS]!;
    h += hist[base + b * SLOTS + 1]!;
  }
  return { g, h };
}
