import { type Reply, type ReplyBlock, textReply } from "../chat/reply.js";
import { maskName } from "../domain/masking.js";
import { messages } from "../i18n/index.js";
import { talkTrackMessages } from "../i18n/talk-tracks.js";
import { similarCustomersLine } from "../i18n/what-works-format.js";
import { similarCustomerRates } from "../services/outcomes/what-works.js";
import { profileLines, signalLines } from "../services/talk-tracks/customer-brief.js";
import { loadCustomerSituation } from "../services/talk-tracks/customer-situation.js";
import { buildCallScript } from "../services/talk-tracks/track.js";
import type { CommandContext, CommandDefinition } from "./command.js";
import { findVisibleCustomer } from "./customer-lookup.js";
import { auditShown } from "./customer-view.js";
import { trackSpec } from "./specs.js";
import { talkTrackDeps, talkTrackRunReply } from "./talk-track-reply.js";

/** The customer as named in a reply: masked in group chats, where others read along. */
const shown = (ctx: CommandContext, c: { id: string; name: string }) =>
  messages(ctx.locale).aside(ctx.inGroup ? maskName(c.name) : c.name, c.id);

/** `/track <customer>`: a call script for one customer, from their signals and the playbooks. */
export const trackCommand: CommandDefinition = {
  ...trackSpec,
  async run(ctx, args): Promise<Reply> {
    const m = talkTrackMessages(ctx.locale);
    const query = args
      .replace(/打电话(?:怎么说|说什么|之前)?.*$/u, "")
      .replace(/的(?:沟通)?(?:话术|通话脚本)[?？。!！]*$/u, "")
      .trim();
    if (query === "" || !ctx.requester) return textReply(m.trackUsage, { errorCode: "usage" });
    const lookup = await findVisibleCustomer(ctx, query);
    if (lookup.kind === "none") return textReply(m.customerNotFound(query), { errorCode: "not_found" });
    if (lookup.kind === "many")
      return {
        blocks: [
          { type: "text", text: m.customerAmbiguous(query) },
          { type: "list", items: lookup.customers.map((c) => `/track ${c.id} · ${shown(ctx, c)}`) },
        ],
        errorCode: "ambiguous",
        personal: true,
      };

    const asOf = ctx.app.clock.today(ctx.app.config.RETAINBOT_TIME_ZONE);
    const situation = await loadCustomerSituation(ctx.app.store.db, lookup.customer.id, asOf, ctx.app.rules);
    if (!situation) return textReply(m.customerNotFound(query), { errorCode: "not_found" });
    await auditShown(ctx, [situation.customer.id], "track");
    const run = await buildCallScript(talkTrackDeps(ctx.app), situation, {
      locale: ctx.locale,
      asOf,
      shownAs: shown(ctx, situation.customer),
    });
    const signals = signalLines(situation, ctx.locale);
    // What worked for customers like this one (the asker's team only) leads the talk track.
    const similar = await similarCustomerRates(ctx.app.store.db, {
      teamId: ctx.requester.teamId,
      asOf,
      signal: situation.signals[0]?.code ?? null,
      sensitivity: situation.customer.sensitivity ?? null,
      minCases: ctx.app.config.WHAT_WORKS_MIN_CASES,
    });
    const before: ReplyBlock[] = [
      ...(similar ? [{ type: "text" as const, text: similarCustomersLine(similar, ctx.locale) }] : []),
      { type: "text", text: m.situationTitle },
      {
        type: "list",
        items: [
          ...profileLines(situation, ctx.locale),
          `${m.situation.signals}: ${signals.length > 0 ? "" : m.situation.noSignals}`.trimEnd(),
          ...signals.map((l) => `  ${l}`),
        ],
      },
    ];
    return talkTrackRunReply(run, m, {
      feedback: ctx.locale,
      before,
      personal: true,
      data: {
        customerId: situation.customer.id,
        stage: situation.stage,
        signals: situation.signals.map((s) => s.code),
        priority: situation.priorityScore,
        // Objections the customer already raised in their notes (stable ids and kinds).
        heardObjections: run.heard.map((h) => ({ id: h.category.id, kind: h.category.kind })),
        whatWorks: similar,
      },
    });
  },
};
