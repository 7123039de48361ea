/** `/done <id> contacted|retained|lost <reason>|unreachable|snooze <days> [note]`: log what was done. */

import type { Reply } from "../chat/reply.js";
import { maskPhone } from "../domain/masking.js";
import { riskCommandMessages } from "../i18n/risk-commands.js";
import { logOutcome, type OutcomeInput } from "../services/warnings/outcomes.js";
import type { CommandDefinition } from "./command.js";
import { findVisibleCustomer } from "./customer-lookup.js";
import { auditShown, shownName, today } from "./customer-view.js";

const KINDS: { kind: OutcomeInput["kind"]; words: RegExp }[] = [
  { kind: "contacted", words: /^(contacted|已联系|联系过|已沟通)$/i },
  { kind: "retained", words: /^(retained|挽留成功|已挽留)$/i },
  { kind: "lost", words: /^(lost|已流失|流失)$/i },
  { kind: "unreachable", words: /^(unreachable|联系不上|未接通|无法联系)$/i },
  { kind: "snoozed", words: /^(snooze|snoozed|暂缓|稍后)$/i },
];

export type ParsedDone =
  | { customer: string; outcome: OutcomeInput }
  | { error: "usage" | "lost_reason" | "snooze_days" };

/** Parses the arguments of /done. */
export function parseDoneArgs(args: string): ParsedDone {
  const [customer, word, ...rest] = args.trim().split(/\s+/);
  const kind = KINDS.find((k) => word !== undefined && k.words.test(word))?.kind;
  if (!customer || !kind) return { error: "usage" };
  if (kind === "snoozed") {
    const [days, ...note] = rest;
    if (!days || !/^\d+$/.test(days) || Number(days) < 1 || Number(days) > 365)
      return { error: "snooze_days" };
    return { customer, outcome: { kind, days: Number(days), note: note.join(" ") } };
  }
  if (kind === "lost") {
    if (rest.length === 0) return { error: "lost_reason" };
    return { customer, outcome: { kind, reason: rest.join(" "), note: "" } };
  }
  return { customer, outcome: { kind, note: rest.join(" ") } };
}

export const doneCommand: CommandDefinition = {
  name: "done",
  slash: ["/done", "/处理", "/记录"],
  usage: "/done <id> contacted|retained|lost <reason>|unreachable|snooze <days> [note]",
  description: {
    zh: "记录处理结果：已联系、挽留成功、已流失、联系不上、暂缓",
    en: "log an outcome: contacted, retained, lost, unreachable, snooze",
  },
  async run(ctx, args): Promise<Reply> {
    const m = riskCommandMessages(ctx.locale);
    const parsed = parseDoneArgs(args);
    if ("error" in parsed) {
      const text =
        parsed.error === "lost_reason"
          ? m.done.lostNeedsReason
          : parsed.error === "snooze_days"
            ? m.done.badSnooze
            : m.done.usage;
      return { blocks: [{ type: "text", text }], errorCode: parsed.error };
    }
    const lookup = await findVisibleCustomer(ctx, parsed.customer);
    if (lookup.kind !== "found") {
      return {
        blocks: [{ type: "text", text: m.customer.notFound(parsed.customer) }],
        errorCode: lookup.kind === "many" ? "ambiguous" : "not_found",
      };
    }
    const c = lookup.customer;
    const record = await logOutcome(ctx.app.store.prisma, {
      customerId: c.id,
      managerId: ctx.requester.managerId,
      day: today(ctx),
      now: ctx.app.clock.now(),
      outcome: parsed.outcome,
    });
    await auditShown(ctx, [c.id], "outcome");
    const name = `${shownName(c, ctx)}（${maskPhone(c.phone)}）`;
    return {
      blocks: [
        {
          type: "text",
          text: m.done.saved(
            name,
            m.outcomeKinds[record.kind as keyof typeof m.outcomeKinds],
            record.snoozeUntil,
          ),
        },
      ],
      data: { customerId: c.id, outcome: record },
    };
  },
};
