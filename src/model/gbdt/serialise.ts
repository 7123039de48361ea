/**
 * The model as JSON (versioned). Loading validates the shape and every tree's links, so a corrupt
 * file is an error value, never a crash later while scoring.
 */
import { z } from "zod";
import { err, ok, type Result } from "../../result.js";
import type { BoostedModel, Tree } from "./model.js";

export const MODEL_FORMAT = "retainbot-gbdt/1";

const treeSchema = z.object({
  feature: z.array(z.number().int()),
  threshold: z.array(z.number().nullable()), // JSON has no Infinity: null stands for it
  missingLeft: z.array(z.number().int()),
  left: z.array(z.number().int()),
  right: z.array(z.number().int()),
  value: z.array(z.number()),
  cover: z.array(z.number()),
});

const modelSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  featureNames: z.array(z.string()).min(1),
  baseMargin: z.number(),
  marginOffset: z.number(),
  trees: z.array(treeSchema),
});

export type SerialisedModel = z.infer<typeof modelSchema>;

export function serialiseModel(model: BoostedModel): SerialisedModel {
  return {
    format: MODEL_FORMAT,
    featureNames: model.featureNames,
    baseMargin: model.baseMargin,
    marginOffset: model.marginOffset,
    trees: model.trees.map((t) => ({
      feature: [...t.feature],
      threshold: [...t.threshold].map((v) => (Number.isFinite(v) ? v : null)),
      missingLeft: [...t.missingLeft],
      left: [...t.left],
      right: [...t.right],
      value: [...t.value],
      cover: [...t.cover],
    })),
  };
}

export function parseModel(json: unknown): Result<BoostedModel> {
  const parsed = modelSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err({ code: "model_invalid", message: `${issue?.path.join(".") || "model"}: ${issue?.message}` });
  }
  const m = parsed.data;
  const trees: Tree[] = [];
  for (const [i, t] of m.trees.entries()) {
    const n = t.feature.length;
    const sizes = [t.threshold, t.missingLeft, t.left, t.right, t.value, t.cover].map((a) => a.length);
    if (n === 0 || sizes.some((s) => s !== n)) {
      return err({ code: "model_invalid", message: `tree ${i}: arrays of different lengths` });
    }
    for (let node = 0; node < n; node++) {
      const f = t.feature[node]!;
      if (f < -1 || f >= m.featureNames.length) {
        return err({ code: "model_invalid", message: `tree ${i} node ${node}: unknown feature ${f}` });
      }
      // Children always come after their parent, so every walk ends at a leaf.
      if (
        f >= 0 &&
        !(t.left[node]! > node && t.left[node]! < n && t.right[node]! > node && t.right[node]! < n)
      ) {
        return err({ code: "model_invalid", message: `tree ${i} node ${node}: bad child link` });
      }
    }
    trees.push({
      feature: Int32Array.from(t.feature),
      threshold: Float64Array.from(t.threshold, (v) => v ?? Number.POSITIVE_INFINITY),
      missingLeft: Uint8Array.from(t.missingLeft),
      left: Int32Array.from(t.left),
      right: Int32Array.from(t.right),
      value: Float64Array.from(t.value),
      cover: Float64Array.from(t.cover),
    });
  }
  return ok({ featureNames: m.featureNames, baseMargin: m.baseMargin, marginOffset: m.marginOffset, trees });
}
