/**
 * Shared pieces of the customer-facing commands: the warning services' dependencies, how a
 * customer is shown (phones always masked, names masked in groups), one risk entry as a reply block
 * and as `ask --json` data, and the audit trail of every customer shown.
 */

import type { ActionButton, ReplyBlock } from "../chat/reply.js";
import type { CustomerProfile } from "../domain/customer.js";
import type { LifecycleStage } from "../domain/lifecycle.js";
import { maskName, maskPhone } from "../domain/masking.js";
import { churnReasonMessages } from "../i18n/churn-reasons.js";
import { riskCommandMessages } from "../i18n/risk-commands.js";
import { renderDoNotChase, renderEvidence, renderPriority, rulesMessages } from "../i18n/rules.js";
import { percent, yuan } from "../i18n/rules-format.js";
import type { ChurnView } from "../services/churn/churn-ranking.js";
import type { ChurnReason } from "../services/churn/score-store.js";
import type { RiskEntry, WarningDeps } from "../services/warnings/risk-list.js";
import { appendAudit } from "../store/audit-log.js";
import type { CommandContext } from "./command.js";

/** The warning services' dependencies for this request. */
export function warningDeps(ctx: CommandContext): WarningDeps {
  return {
    db: ctx.app.store.db,
    config: ctx.app.rules,
    now: ctx.app.clock.now(),
    timeZone: ctx.app.config.RETAINBOT_TIME_ZONE,
  };
}

/** Today's calendar day in the app's time zone. */
export const today = (ctx: CommandContext) => ctx.app.clock.today(ctx.app.config.RETAINBOT_TIME_ZONE);

/** A customer's name as this chat may show it. */
export const shownName = (c: CustomerProfile, ctx: CommandContext) =>
  ctx.inGroup ? maskName(c.name) : c.name;

/**
 * Free text someone typed (an outcome's note or lost reason) as this chat may show it: never in a
 * group, where the whole team reads along (it can hold anything, a third party's number included).
 */
export const shownNote = (note: string | null, ctx: CommandContext): string | null =>
  ctx.inGroup ? null : note;

/** VIP level, ARPU, stage and sensitivity, in the asker's language. */
export function customerDetails(
  c: CustomerProfile,
  stage: LifecycleStage | null,
  ctx: CommandContext,
): string[] {
  const r = rulesMessages(ctx.locale);
  const e = riskCommandMessages(ctx.locale).entry;
  return [
    r.vipLevels[c.vipLevel as keyof typeof r.vipLevels] ?? c.vipLevel,
    e.arpu(yuan(c.arpu)),
    stage ? `${stage} ${r.stages[stage]}` : "",
    c.sensitivity ? (r.sensitivities[c.sensitivity as keyof typeof r.sensitivities] ?? c.sensitivity) : "",
  ].filter(Boolean);
}

/** A /done button: it sends the English keyword; a plain-text reply shows the reply language's word. */
const done = (customerId: string, label: string, kind: string, typedKind: string): ActionButton => ({
  label,
  action: `/done ${customerId} ${kind}`,
  typed: `/done ${customerId} ${typedKind}`,
});

/** One risk entry as a customer block: reasons with evidence, suggested action, last outcome. */
export function riskEntryBlock(entry: RiskEntry, rank: number, ctx: CommandContext): ReplyBlock {
  const r = rulesMessages(ctx.locale);
  const m = riskCommandMessages(ctx.locale);
  const c = entry.customer;
  const lines = entry.signals.map((s) =>
    m.entry.reason(r.level(s.level), r.signals[s.code].title, renderEvidence(s, ctx.locale)),
  );
  if (entry.signals.length === 0 && entry.churn) lines.push(m.entry.modelOnly);
  if (entry.churn)
    lines.push(m.entry.churn(percent(entry.churn.probability), churnReasonText(entry.churn, ctx)));
  const first = entry.signals[0];
  if (first) lines.push(m.entry.action(r.signals[first.code].action));
  if (entry.followUp.state === "open" && entry.followUp.newSignalsSinceSnooze) {
    const titles = entry.followUp.newSignalsSinceSnooze.map(
      (code) => r.signals[code as keyof typeof r.signals]?.title ?? code,
    );
    lines.push(m.entry.newSince(titles.join("、")));
  }
  for (const reason of entry.doNotChase) lines.push(m.entry.doNotChase(renderDoNotChase(reason, ctx.locale)));
  const last = entry.lastOutcome;
  lines.push(
    last
      ? m.entry.lastOutcome(
          last.day,
          m.outcomeKinds[last.kind as keyof typeof m.outcomeKinds] ?? last.kind,
          shownNote(last.note, ctx) ?? "",
        )
      : m.entry.noOutcome,
  );
  lines.push(m.entry.priority(renderPriority(entry.priority, ctx.locale)));
  return {
    type: "customer",
    customerId: c.id,
    title: m.entry.title(rank, shownName(c, ctx), maskPhone(c.phone), [
      c.id,
      ...customerDetails(c, entry.stage, ctx),
    ]),
    lines,
    actions: [
      done(c.id, m.entry.buttonContacted, "contacted", m.entry.typed.contacted),
      done(c.id, m.entry.buttonRetained, "retained", m.entry.typed.retained),
      done(c.id, m.entry.buttonLost, "lost", m.entry.typed.lost),
      done(c.id, m.entry.buttonSnooze, "snooze 7", `${m.entry.typed.snooze} 7`),
      { label: m.entry.buttonTrack, action: `/track ${c.id}` },
    ],
  };
}

/** One risk entry as structured data (`ask --json`; shape documented in the README). */
export function riskEntryData(entry: RiskEntry, rank: number, ctx: CommandContext) {
  const c = entry.customer;
  return {
    rank,
    customerId: c.id,
    name: shownName(c, ctx),
    phone: maskPhone(c.phone),
    managerId: c.managerId,
    segment: c.segment,
    vipLevel: c.vipLevel,
    arpu: c.arpu,
    stage: entry.stage,
    sensitivity: c.sensitivity,
    priority: entry.priority,
    churnProbability: entry.churn?.probability ?? null,
    churnReasons: churnReasonsData(entry.churn?.reasons ?? [], ctx),
    valueAtRisk: entry.churn?.valueAtRisk ?? null,
    modelOnly: entry.signals.length === 0,
    reasons: entry.signals.map((s) => ({
      code: s.code,
      level: s.level,
      evidence: s.evidence,
      text: renderEvidence(s, ctx.locale),
    })),
    doNotChase: entry.doNotChase,
    followUp: entry.followUp,
    lastOutcome: entry.lastOutcome
      ? {
          kind: entry.lastOutcome.kind,
          day: entry.lastOutcome.day,
          note: shownNote(entry.lastOutcome.note, ctx),
          lostReason: shownNote(entry.lastOutcome.lostReason, ctx),
          snoozeUntil: entry.lastOutcome.snoozeUntil,
        }
      : null,
    deadlines: entry.deadlines,
  };
}

/** The churn model's top reasons in words, joined. */
export function churnReasonText(churn: Pick<ChurnView, "reasons">, ctx: CommandContext): string {
  const words = churnReasonMessages(ctx.locale);
  return churn.reasons
    .map((r) => words[r.feature](r.value ?? Number.NaN))
    .join(ctx.locale === "en" ? "; " : "；");
}

/** The churn model's reasons as `ask --json` data: each with its text in the asker's language. */
export function churnReasonsData(reasons: readonly ChurnReason[], ctx: CommandContext) {
  return reasons.map((reason) => ({
    ...reason,
    text: churnReasonMessages(ctx.locale)[reason.feature](reason.value ?? Number.NaN),
  }));
}

/** Writes one audit row per customer shown to the requester, naming the platform and the chat. */
export async function auditShown(
  ctx: CommandContext,
  customerIds: readonly string[],
  action: string,
): Promise<void> {
  if (!ctx.requester) return;
  await appendAudit(
    ctx.app.store.db,
    {
      actorId: ctx.requester.managerId,
      action,
      channel: ctx.message.platform,
      chatId: ctx.message.chatId ?? null,
      chatType: ctx.message.chatType,
      at: ctx.app.clock.now(),
    },
    customerIds,
  );
}
