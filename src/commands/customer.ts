/** `/customer <id or name>`: one customer's profile, current warnings, care coming up and history. */

import type { Reply } from "../chat/reply.js";
import { careRemindersIn, careWindow } from "../domain/care/index.js";
import { rankedPriority, valueAtRisk } from "../domain/churn-priority.js";
import { maskPhone } from "../domain/masking.js";
import { messages } from "../i18n/index.js";
import { riskCommandMessages } from "../i18n/risk-commands.js";
import { renderCare, renderEvidence, renderPriority, rulesMessages } from "../i18n/rules.js";
import { percent } from "../i18n/rules-format.js";
import { customerChurn } from "../services/churn/customer-churn.js";
import { assessCustomers } from "../services/warnings/assess.js";
import { loadSignalInputs } from "../services/warnings/load-inputs.js";
import { outcomesOf } from "../services/warnings/outcomes.js";
import type { CommandDefinition } from "./command.js";
import { findVisibleCustomer } from "./customer-lookup.js";
import {
  auditShown,
  churnReasonsData,
  churnReasonText,
  customerDetails,
  shownName,
  shownNote,
  today,
  warningDeps,
} from "./customer-view.js";
import { customerSpec } from "./specs.js";

export const customerCommand: CommandDefinition = {
  ...customerSpec,
  async run(ctx, args): Promise<Reply> {
    const m = riskCommandMessages(ctx.locale);
    const r = rulesMessages(ctx.locale);
    if (args.trim() === "") return { blocks: [{ type: "text", text: m.customer.usage }], errorCode: "usage" };
    const lookup = await findVisibleCustomer(ctx, args);
    if (lookup.kind === "none")
      return { blocks: [{ type: "text", text: m.customer.notFound(args.trim()) }], errorCode: "not_found" };
    if (lookup.kind === "many") {
      await auditShown(
        ctx,
        lookup.customers.map((c) => c.id),
        "lookup",
      );
      return {
        blocks: [
          { type: "text", text: m.customer.ambiguous(args.trim()) },
          {
            type: "list",
            items: lookup.customers.map(
              (c) => `${c.id} ${messages(ctx.locale).aside(shownName(c, ctx), maskPhone(c.phone))}`,
            ),
          },
        ],
        data: {
          candidates: lookup.customers.map((c) => ({
            customerId: c.id,
            name: shownName(c, ctx),
            phone: maskPhone(c.phone),
          })),
        },
        errorCode: "ambiguous",
      };
    }
    const c = lookup.customer;
    const day = today(ctx);
    const deps = warningDeps(ctx);
    const [assessment] = await assessCustomers(deps.db, [c], day, deps.config);
    const bills = (await loadSignalInputs(deps.db, [c], day, deps.config))[0]?.bills ?? [];
    const care = careRemindersIn({ customer: c, bills }, careWindow(day, deps.config), deps.config);
    // The probability the daily scoring stored, beside the rule evidence; today's also ranks the
    // customer as /risk does (churn-priority.ts).
    const churn = await customerChurn(deps.db, c.id, day);
    const rulesPriority = assessment?.priority ?? null;
    const priority =
      rulesPriority && churn.scored && churn.day === day
        ? rankedPriority(
            rulesPriority,
            churn.probability,
            c.arpu,
            deps.config.ranking.mode,
            deps.config.ranking,
          )
        : rulesPriority;
    const churnLine = churn.scored
      ? m.entry.churn(
          `${percent(churn.probability)}${churn.day === day ? "" : m.customer.profile.churnScoredOn(churn.day)}`,
          churnReasonText(churn, ctx),
        )
      : m.customer.profile.noChurnScore(churn.why, churn.leavers);
    const history = ((await outcomesOf(deps.db, [c.id], day)).get(c.id) ?? []).slice(-5).reverse();
    await auditShown(ctx, [c.id], "profile");
    const p = m.customer.profile;
    const status = m.customer.statuses[c.status as keyof typeof m.customer.statuses] ?? c.status;
    const facts = [
      `${p.id} ${c.id} · ${p.status} ${status} · ${p.joined} ${c.joinDate}`,
      c.contractEnd ? `${p.contractEnd} ${c.contractEnd}` : "",
      c.birthday
        ? `${p.birthday} ${c.lunarBirthday ? messages(ctx.locale).aside(c.birthday.slice(5), p.lunar) : c.birthday.slice(5)}`
        : "",
      c.personality
        ? `${p.personality} ${r.personalities[c.personality as keyof typeof r.personalities] ?? c.personality}`
        : "",
      `${p.points} ${c.points}`,
    ].filter(Boolean);
    const signals = assessment?.signals ?? [];
    return {
      blocks: [
        {
          type: "heading",
          text: messages(ctx.locale).withDetails(
            messages(ctx.locale).aside(shownName(c, ctx), maskPhone(c.phone)),
            customerDetails(c, assessment?.stage ?? null, ctx),
          ),
        },
        { type: "list", items: facts },
        { type: "text", text: p.signalsTitle },
        {
          type: "list",
          items: signals.length
            ? [
                ...signals.map((s) =>
                  m.entry.reason(r.level(s.level), r.signals[s.code].title, renderEvidence(s, ctx.locale)),
                ),
                churnLine,
                m.entry.priority(renderPriority(priority!, ctx.locale)),
              ]
            : [p.noSignals, churnLine],
        },
        ...(care.length
          ? [
              { type: "text" as const, text: p.careTitle },
              {
                type: "list" as const,
                items: care.map((x) => Object.values(renderCare(x, ctx.locale)).join(" · ")),
              },
            ]
          : []),
        { type: "text", text: p.historyTitle },
        {
          type: "list",
          items: history.length
            ? history.map((o) =>
                m.entry.lastOutcome(
                  o.day,
                  m.outcomeKinds[o.kind as keyof typeof m.outcomeKinds] ?? o.kind,
                  shownNote(o.lostReason ?? o.note, ctx) ?? "",
                ),
              )
            : [p.noHistory],
        },
      ],
      personal: true,
      data: {
        customerId: c.id,
        name: shownName(c, ctx),
        phone: maskPhone(c.phone),
        stage: assessment?.stage ?? null,
        priority,
        churnProbability: churn.scored ? churn.probability : null,
        churnReasons: churn.scored ? churnReasonsData(churn.reasons, ctx) : [],
        churn: churn.scored
          ? {
              scored: true,
              day: churn.day,
              modelVersion: churn.modelVersion,
              valueAtRisk:
                Math.round(valueAtRisk(churn.probability, c.arpu, deps.config.ranking) * 100) / 100,
            }
          : {
              scored: false,
              why: churn.why,
              ...(churn.leavers === undefined ? {} : { leavers: churn.leavers }),
            },
        reasons: signals.map((s) => ({
          code: s.code,
          level: s.level,
          evidence: s.evidence,
          text: renderEvidence(s, ctx.locale),
        })),
        doNotChase: assessment?.doNotChase ?? [],
        care,
        history: history.map((o) => ({
          ...o,
          note: shownNote(o.note, ctx) ?? "",
          lostReason: shownNote(o.lostReason, ctx),
        })),
      },
    };
  },
};
