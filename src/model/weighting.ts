/**
 * Row weights that make a sample's churn rate equal a target rate (e.g. Cell2Cell's 50 %
 * calibration sample weighted to the real ~2 %): churners weigh target / sampleRate, stayers
 * (1 − target) / (1 − sampleRate).
 */
export function rateWeights(labels: ArrayLike<number>, target: number): Float64Array {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i]! > 0 ? 1 : 0;
  const sampleRate = positives / labels.length;
  const wPos = sampleRate > 0 ? target / sampleRate : 1;
  const wNeg = sampleRate < 1 ? (1 - target) / (1 - sampleRate) : 1;
  return Float64Array.from(labels, (y) => (y > 0 ? wPos : wNeg));
}

const logit = (p: number) => Math.log(p / (1 - p));

/** Margin shift from a training rate to the population's rate (prior correction). */
export function priorShift(trainingRate: number, realRate: number): number {
  return logit(realRate) - logit(trainingRate);
}
