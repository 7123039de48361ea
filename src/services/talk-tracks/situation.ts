import type { CustomerProfile } from "../../domain/customer.js";
import type { LifecycleStage } from "../../domain/lifecycle.js";
import type { Signal } from "../../domain/signals/types.js";

/**
 * One customer as a call script needs them: profile, signals with evidence, lifecycle stage and
 * priority (the warning engine's judgement), and the free-text notes managers left.
 */
export interface CustomerSituation {
  customer: CustomerProfile;
  signals: Signal[];
  stage: LifecycleStage;
  priorityScore: number;
  /** Notes from events and outcomes, newest first; personal data, sent to an LLM only if allowed. */
  notes: string[];
}
