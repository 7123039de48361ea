import { z } from "zod";

/** Hyper-parameters of the boosted-tree learner (defaults chosen by cross-validation, docs/churn-model.md). */
export const boostingOptionsSchema = z.object({
  /** Number of trees. */
  rounds: z.number().int().min(1).max(5000).default(300),
  /** Shrinkage applied to every leaf. */
  learningRate: z.number().gt(0).max(1).default(0.05),
  /** Depth limit of each tree (root = depth 0). */
  maxDepth: z.number().int().min(1).max(16).default(5),
  /** Leaf limit of each tree (grown best-first). */
  maxLeaves: z.number().int().min(2).max(1024).default(24),
  /** Minimum sum of (weighted, normalised) hessians in a child. */
  minChildWeight: z.number().min(0).default(1),
  /** Minimum number of training rows in a child. */
  minRowsInLeaf: z.number().int().min(1).default(40),
  /** L2 penalty on leaf values. */
  lambda: z.number().min(0).default(1),
  /** Minimum loss reduction for a split. */
  minGain: z.number().min(0).default(0),
  /** Share of rows drawn (without replacement) for each tree. */
  rowSubsample: z.number().gt(0).max(1).default(0.8),
  /** Share of features offered to each tree. */
  colSubsample: z.number().gt(0).max(1).default(0.8),
  /** Seed of the subsampling. */
  seed: z.number().int().default(1),
});

export type BoostingOptions = z.infer<typeof boostingOptionsSchema>;
export type BoostingOptionsInput = z.input<typeof boostingOptionsSchema>;
