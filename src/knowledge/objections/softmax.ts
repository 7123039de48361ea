/**
 * Multinomial logistic regression (softmax) over sparse TF-IDF vectors, L2-regularised, trained by
 * full-batch gradient descent with Adam. Deterministic (zero start, no shuffling): the same
 * phrasings always give the same model. Weights are stored feature-major (a feature's weights for
 * every class side by side) so a sparse example touches contiguous memory.
 * Why not a library: see docs/decisions/011-objection-classifier.md.
 */
import type { SparseVector } from "./vectors.js";

export interface SoftmaxOptions {
  /** L2 penalty on the weights (not the biases). */
  l2: number;
  iterations: number;
  learningRate: number;
}

export interface SoftmaxModel {
  /** Class probabilities (sum 1). */
  probabilities(x: SparseVector): Float64Array;
}

const [BETA1, BETA2, EPSILON] = [0.9, 0.999, 1e-8];

export function trainSoftmax(
  examples: readonly { c: number; v: SparseVector; weight?: number }[],
  classes: number,
  dimensions: number,
  options: SoftmaxOptions,
): SoftmaxModel {
  // Parameters: dimensions × classes weights, then one bias per class.
  const size = (dimensions + 1) * classes;
  const theta = new Float64Array(size);
  const grad = new Float64Array(size);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const biasAt = dimensions * classes;
  const total = examples.reduce((sum, e) => sum + (e.weight ?? 1), 0) || 1;
  const p = new Float64Array(classes);

  const forward = (x: SparseVector, out: Float64Array) => {
    for (let c = 0; c < classes; c++) out[c] = theta[biasAt + c]!;
    for (let i = 0; i < x.indices.length; i++) {
      const row = x.indices[i]! * classes;
      const value = x.values[i]!;
      for (let c = 0; c < classes; c++) out[c]! += theta[row + c]! * value;
    }
    let max = -Infinity;
    for (let c = 0; c < classes; c++) if (out[c]! > max) max = out[c]!;
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += out[c] = Math.exp(out[c]! - max);
    for (let c = 0; c < classes; c++) out[c]! /= sum;
    return out;
  };

  // Only features that occur in some example ever get a gradient.
  const used = [...new Set(examples.flatMap((e) => [...e.v.indices]))];
  for (let t = 1; t <= options.iterations; t++) {
    grad.fill(0);
    for (const { c: y, v: x, weight = 1 } of examples) {
      forward(x, p);
      p[y]! -= 1;
      const scale = weight / total;
      for (let c = 0; c < classes; c++) {
        p[c]! *= scale;
        grad[biasAt + c]! += p[c]!;
      }
      for (let i = 0; i < x.indices.length; i++) {
        const row = x.indices[i]! * classes;
        const value = x.values[i]!;
        for (let c = 0; c < classes; c++) grad[row + c]! += p[c]! * value;
      }
    }
    const lr = (options.learningRate * Math.sqrt(1 - BETA2 ** t)) / (1 - BETA1 ** t);
    const step = (k: number, g: number) => {
      m[k] = BETA1 * m[k]! + (1 - BETA1) * g;
      v[k] = BETA2 * v[k]! + (1 - BETA2) * g * g;
      theta[k]! -= (lr * m[k]!) / (Math.sqrt(v[k]!) + EPSILON);
    };
    for (const feature of used)
      for (let k = feature * classes, end = k + classes; k < end; k++)
        step(k, grad[k]! + options.l2 * theta[k]!);
    for (let c = 0; c < classes; c++) step(biasAt + c, grad[biasAt + c]!);
  }
  return { probabilities: (x) => forward(x, new Float64Array(classes)) };
}
