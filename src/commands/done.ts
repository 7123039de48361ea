/**
 * `/done <id> contacted|retained|lost <reason>|unreachable|snooze <days> [method] [objection] [note]`:
 * log what was done. Method and objection are optional; given alone right after an outcome of the
 * same kind today (a button of the second row), they are added to that outcome.
 */

import type { Reply } from "../chat/reply.js";
import { addDays } from "../domain/dates.js";
import { maskPhone } from "../domain/masking.js";
import { RETENTION_METHODS } from "../domain/retention-methods.js";
import { messages } from "../i18n/index.js";
import { categoryLabel } from "../i18n/objections.js";
import { outcomeDetailMessages } from "../i18n/outcome-details.js";
import { riskCommandMessages } from "../i18n/risk-commands.js";
import { logOutcome, type OutcomeInput } from "../services/warnings/outcomes.js";
import { amendOutcomeDetails, sameOutcomeOnDay, warningContext } from "../store/outcome-details.js";
import type { CommandContext, CommandDefinition } from "./command.js";
import { findVisibleCustomer } from "./customer-lookup.js";
import { auditShown, shownName, today } from "./customer-view.js";
import { needsObjectionCategories, type ObjectionChoice, parseDoneArgs } from "./done-args.js";
import { objectionButtons, withDetailButtons } from "./done-buttons.js";
import { doneSpec } from "./specs.js";

/** How far back a warning still explains an outcome (its signals and stage are stored with it). */
const WARNING_LOOKBACK_DAYS = 30;

/** The knowledge base's objection categories; none when it is unavailable. */
async function objectionCategories(ctx: CommandContext): Promise<ObjectionChoice[]> {
  const material = await ctx.app.knowledge.objections();
  return (material?.classifier.categories ?? []).map(({ id, kind, zh, en }) => ({ id, kind, zh, en }));
}

export const doneCommand: CommandDefinition = {
  ...doneSpec,
  async run(ctx, args): Promise<Reply> {
    const m = riskCommandMessages(ctx.locale);
    const d = outcomeDetailMessages(ctx.locale);
    const categories = needsObjectionCategories(args) ? await objectionCategories(ctx) : [];
    const parsed = parseDoneArgs(args, categories);
    if ("error" in parsed) {
      const text =
        parsed.error === "snooze_days"
          ? m.done.badSnooze
          : parsed.error === "bad_method"
            ? d.unknownMethod(parsed.word, RETENTION_METHODS.map((x) => d.methods[x]).join("、"))
            : parsed.error === "bad_objection"
              ? d.unknownObjection(parsed.word)
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
    const day = today(ctx);
    const name = messages(ctx.locale).aside(shownName(c, ctx), maskPhone(c.phone));
    const kindLabel = m.outcomeKinds[parsed.kind];
    const objectionLabel = (o: ObjectionChoice | null) => (o ? categoryLabel(o, ctx.locale) : null);
    const methodLabel = (x: string | null) => (x ? (d.methods[x as keyof typeof d.methods] ?? x) : null);
    const audit = (method: string | null, objectionId: string | null) =>
      auditShown(
        ctx,
        [c.id],
        ["outcome", parsed.kind, method && `method=${method}`, objectionId && `objection=${objectionId}`]
          .filter(Boolean)
          .join(" "),
      );

    // A detail tapped after the outcome: add it to today's outcome of the same kind.
    const detailsOnly = parsed.text === "" && (parsed.method !== null || parsed.objection !== null);
    const earlier = detailsOnly
      ? await sameOutcomeOnDay(ctx.app.store.db, {
          customerId: c.id,
          managerId: ctx.requester.managerId,
          day,
          kind: parsed.kind,
        })
      : null;
    if (earlier) {
      const details = {
        method: parsed.method ?? earlier.method,
        objectionId: parsed.objection?.id ?? earlier.objectionId,
        objectionKind: parsed.objection?.kind ?? earlier.objectionKind,
      };
      await amendOutcomeDetails(ctx.app.store.db, { customerId: c.id, id: earlier.id }, details);
      await audit(details.method, details.objectionId);
      const objection = categories.find((x) => x.id === details.objectionId) ?? null;
      return {
        blocks: [
          withDetailButtons(
            d.amended(name, kindLabel, d.details(methodLabel(details.method), objectionLabel(objection))),
            c.id,
            parsed.kind,
            { method: details.method !== null, objection: details.objectionId !== null },
            categories,
            ctx.locale,
          ),
        ],
        data: { customerId: c.id, outcome: { id: earlier.id, kind: parsed.kind, ...details } },
      };
    }

    if (parsed.kind === "lost" && parsed.text === "" && !parsed.objection) {
      // With categories this is a prompt (buttons to tap), not a refusal; without, say what to type.
      if (categories.length === 0)
        return { blocks: [{ type: "text", text: m.done.lostNeedsReason }], errorCode: "lost_reason" };
      return {
        blocks: [objectionButtons(d.pickLostReason, [], c.id, "lost", categories, ctx.locale)],
        data: { customerId: c.id, outcome: null, needs: "lost_reason" },
      };
    }
    const outcome = toOutcomeInput(parsed.kind, parsed.text, parsed.days, parsed.objection);
    const record = await logOutcome(ctx.app.store.db, {
      customerId: c.id,
      managerId: ctx.requester.managerId,
      day,
      now: ctx.app.clock.now(),
      outcome,
      details: {
        method: parsed.method,
        objectionId: parsed.objection?.id ?? null,
        objectionKind: parsed.objection?.kind ?? null,
        ...(await warningContext(ctx.app.store.db, c.id, addDays(day, -WARNING_LOOKBACK_DAYS), day)),
      },
    });
    await audit(parsed.method, parsed.objection?.id ?? null);
    const details = d.details(methodLabel(parsed.method), objectionLabel(parsed.objection));
    const saved = m.done.saved(name, kindLabel, record.snoozeUntil);
    return {
      blocks: [
        withDetailButtons(
          details ? messages(ctx.locale).aside(saved, details) : saved,
          c.id,
          parsed.kind,
          { method: parsed.method !== null, objection: parsed.objection !== null },
          categories,
          ctx.locale,
        ),
      ],
      data: {
        customerId: c.id,
        outcome: {
          ...record,
          method: parsed.method,
          objectionId: parsed.objection?.id ?? null,
          objectionKind: parsed.objection?.kind ?? null,
        },
      },
    };
  },
};

/** The outcome as the warning services store it; a lost outcome with only an objection uses its name as the reason. */
function toOutcomeInput(
  kind: OutcomeInput["kind"],
  text: string,
  days: number,
  objection: ObjectionChoice | null,
): OutcomeInput {
  if (kind === "snoozed") return { kind, days, note: text };
  if (kind === "lost") return { kind, reason: text || (objection?.zh ?? ""), note: "" };
  return { kind, note: text };
}
