/** The shape of the rules' user-facing text (signals, care, stages, priority), per locale. */
import type { CareAction, CareCode, CareParams, Festival } from "../domain/care/types.js";
import type { ManagerRole, Personality, Sensitivity, VipLevel } from "../domain/customer.js";
import type { DoNotChaseReason } from "../domain/do-not-chase.js";
import type { LifecycleStage } from "../domain/lifecycle.js";
import type { PriorityPart } from "../domain/priority.js";
import type { EvidenceParams, SignalCode, SignalLevel } from "../domain/signals/types.js";

type ByKey<U extends { key: string }> = { [K in U["key"]]: (part: Extract<U, { key: K }>) => string };
type ByCode<U extends { code: string }> = { [K in U["code"]]: (reason: Extract<U, { code: K }>) => string };

export interface RulesMessages {
  signals: { [C in SignalCode]: { title: string; evidence(p: EvidenceParams[C]): string; action: string } };
  level(level: SignalLevel): string;
  stages: Record<LifecycleStage, string>;
  care: { [C in CareCode]: { title: string; detail(p: CareParams[C], day: string): string } };
  festivals: Record<Festival, string>;
  actions: Record<CareAction, string>;
  doNotChase: ByCode<DoNotChaseReason>;
  priorityParts: ByKey<PriorityPart>;
  vipLevels: Record<VipLevel, string>;
  sensitivities: Record<Sensitivity, string>;
  personalities: Record<Personality, string>;
  /** 客户经理 / 团队长: what every message calls the two roles. */
  roles: Record<ManagerRole, string>;
}
