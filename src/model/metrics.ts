/**
 * Ranking metrics for churn scores, all with optional row weights (weighting the rows of an
 * oversampled sample back to the real base rate): AUC, Gini (= 2·AUC − 1) and top-decile lift
 * (churn rate among the top 10 % of weight by score, over the overall rate).
 */
export interface RankingMetrics {
  auc: number;
  gini: number;
  topDecileLift: number;
}

export function rankingMetrics(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  weights?: ArrayLike<number>,
): RankingMetrics {
  const n = scores.length;
  const w = (i: number) => (weights ? weights[i]! : 1);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let totalPos = 0;
  let totalNeg = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i]! > 0) totalPos += w(i);
    else totalNeg += w(i);
  }
  // AUC by walking down the ranking, ties counted half.
  let auc = 0;
  let negAbove = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    let pos = 0;
    let neg = 0;
    while (j < n && scores[order[j]!] === scores[order[i]!]) {
      const r = order[j]!;
      if (labels[r]! > 0) pos += w(r);
      else neg += w(r);
      j++;
    }
    auc += pos * (totalNeg - negAbove - neg) + (pos * neg) / 2;
    negAbove += neg;
    i = j;
  }
  auc = totalPos > 0 && totalNeg > 0 ? auc / (totalPos * totalNeg) : Number.NaN;
  // Top decile by weight; the row that crosses 10 % counts in part.
  const total = totalPos + totalNeg;
  const cut = total / 10;
  let taken = 0;
  let pos = 0;
  for (const r of order) {
    if (taken >= cut) break;
    const share = Math.min(w(r), cut - taken);
    taken += share;
    if (labels[r]! > 0) pos += share;
  }
  const topDecileLift = pos / taken / (totalPos / total);
  return { auc, gini: 2 * auc - 1, topDecileLift };
}
