/**
 * One priority score per customer at risk, explained as parts that add up to it:
 *   signals        level-1 signals × `levelPoints.level1` (30) + level-2 × `levelPoints.level2` (15)
 *   extra_signals  every signal beyond the first × `extraSignalPoints` (5): several reasons at once
 *   vip            `vipPoints` by VIP level (diamond 25, gold 15, silver 8, standard 0)
 *   arpu           one point per `arpuYuanPerPoint` (10) yuan of ARPU, at most `arpuMaxPoints` (20)
 *   stage          `stagePoints` by lifecycle stage (D decline 15, C mature 10, A/B 5, E 0)
 * Points are whole numbers so the parts add up exactly. Higher is more urgent; ties go by customer id.
 */
import type { CustomerProfile } from "./customer.js";
import type { LifecycleStage } from "./lifecycle.js";
import type { RulesConfig } from "./rules-config.js";
import type { Signal } from "./signals/types.js";

export type PriorityPart =
  | { key: "signals"; points: number; level1: number; level2: number }
  | { key: "extra_signals"; points: number; extra: number }
  | { key: "vip"; points: number; vipLevel: string }
  | { key: "arpu"; points: number; arpu: number }
  | { key: "stage"; points: number; stage: LifecycleStage }
  /** The churn model's share when the list is ranked by `model` or `blend` (churn-priority.ts). */
  | { key: "churn"; points: number; probability: number; valueAtRisk: number };

export interface Priority {
  score: number;
  parts: PriorityPart[];
}

/** The explained priority of one customer with these signals. */
export function priorityOf(
  customer: CustomerProfile,
  signals: readonly Signal[],
  stage: LifecycleStage,
  config: RulesConfig,
): Priority {
  const p = config.priority;
  const level1 = signals.filter((s) => s.level === 1).length;
  const level2 = signals.length - level1;
  const extra = Math.max(0, signals.length - 1);
  const vipPoints = p.vipPoints[customer.vipLevel as keyof typeof p.vipPoints] ?? 0;
  const parts: PriorityPart[] = [
    { key: "signals", points: level1 * p.levelPoints.level1 + level2 * p.levelPoints.level2, level1, level2 },
    { key: "extra_signals", points: extra * p.extraSignalPoints, extra },
    { key: "vip", points: vipPoints, vipLevel: customer.vipLevel },
    {
      key: "arpu",
      points: Math.min(p.arpuMaxPoints, Math.floor(Math.max(0, customer.arpu) / p.arpuYuanPerPoint)),
      arpu: customer.arpu,
    },
    { key: "stage", points: p.stagePoints[stage], stage },
  ];
  return { score: parts.reduce((sum, part) => sum + part.points, 0), parts };
}

/** Orders entries most urgent first; equal scores by customer id, so lists are reproducible. */
export function byPriority<T extends { customer: { id: string }; priority: { score: number } }>(
  a: T,
  b: T,
): number {
  if (a.priority.score !== b.priority.score) return b.priority.score - a.priority.score;
  return a.customer.id < b.customer.id ? -1 : a.customer.id > b.customer.id ? 1 : 0;
}
