/** A small seeded generator (mulberry32) so training is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** k distinct indices of 0..n-1 in increasing order (partial Fisher–Yates). */
export function sampleIndices(n: number, k: number, random: () => number): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (n - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, k).sort((a, b) => a - b);
}

/** Each of 0..n-1 with probability share, in increasing order (at least one). */
export function bernoulliRows(n: number, share: number, random: () => number): Uint32Array {
  const picked = new Uint32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) if (random() < share) picked[k++] = i;
  if (k === 0) picked[k++] = Math.floor(random() * n);
  return picked.slice(0, k);
}
