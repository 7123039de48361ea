import type { ReplyBlock } from "../chat/reply.js";
import type { Locale } from "../i18n/index.js";
import type { Logger } from "../logger.js";
import { err, ok, type Result } from "../result.js";
import type { BriefingPart, BriefingTicket } from "./briefing-ticket.js";
import { composeGroupBriefing, groupBriefingCustomerIds } from "./content.js";
import type { BriefingFacts, BriefingFactsSource } from "./facts.js";
import { briefingMessages } from "./messages.js";
import type { GroupPoster, PostError } from "./poster.js";
import { CLAIM_LOST, type DeliverBriefing } from "./scheduler.js";
import type { SendQueue } from "./send-queue.js";
import type { SubscribedGroup } from "./slots.js";

/** A group's briefing, ready to post: text blocks and the chart. */
export interface ComposedBriefing {
  facts: BriefingFacts;
  blocks: ReplyBlock[];
  chart: { png: Uint8Array; caption: string } | null;
}

/**
 * Composes group briefings, caching facts and chart per (team, day, locale): many groups of one team
 * share them, and the chart (≈0.2 s to render) is drawn once.
 */
export class BriefingComposer {
  private readonly cache = new Map<string, Promise<ComposedBriefing>>();
  /** Compositions run one after another: the first team's briefing is ready (and sending) early. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: BriefingFactsSource,
    private readonly options: { chart?: boolean } = {},
  ) {}

  compose(teamId: string, day: string, locale: Locale): Promise<ComposedBriefing> {
    const key = `${teamId}|${day}|${locale}`;
    let composed = this.cache.get(key);
    if (!composed) {
      composed = this.chain.then(() => this.build(teamId, day, locale));
      this.chain = composed.catch(() => undefined);
      composed.catch(() => this.cache.delete(key));
      if (this.cache.size > 500) this.cache.clear(); // one day's teams; nothing older is needed
      this.cache.set(key, composed);
    }
    return composed;
  }

  private async build(teamId: string, day: string, locale: Locale): Promise<ComposedBriefing> {
    const facts = await this.source.gather(teamId, day);
    const blocks = composeGroupBriefing(facts, locale);
    // ECharts, resvg and the font load with the first chart, not with every command.
    const chart =
      this.options.chart === false
        ? null
        : {
            png: (await import("./chart.js")).renderChartPng(facts, locale),
            caption: briefingMessages(locale).chartCaption(day),
          };
    return { facts, blocks, chart };
  }
}

export interface DeliveryOptions {
  composer: BriefingComposer;
  /** One poster and one send queue per platform with a running adapter. */
  channels: Record<string, { poster: GroupPoster; queue: SendQueue }>;
  locale: Locale;
  logger: Logger;
  /** Writes the customers a posted briefing named to the audit log, against its group. */
  audit?: (group: SubscribedGroup, customerIds: readonly string[]) => Promise<void>;
}

/**
 * The scheduler's deliver step: compose, then post the text and the chart through the platform's
 * rate-limited queue, telling the ticket before each request leaves and after each refusal that
 * posted nothing. The briefing counts as sent once its text is posted; a chart that fails after
 * that is noted in the ledger's detail, not retried as a new briefing. A ticket taken over from a
 * dead instance after its text went out posts the chart only.
 */
export function createBriefingDelivery(options: DeliveryOptions): DeliverBriefing {
  return async (group, day, ticket) => {
    const channel = options.channels[group.platform];
    if (!channel) return err({ code: "no_adapter", message: `no running adapter for ${group.platform}` });
    const composed = await options.composer.compose(group.teamId, day, options.locale);
    const chart = composed.chart;
    if (ticket.from === "text") {
      const text = await postPart(channel.queue, group.chatId, ticket, "text", () =>
        channel.poster.postBlocks(group.chatId, composed.blocks, group),
      );
      if (text === "lost")
        return err({ code: CLAIM_LOST, message: "claimed by another instance: not posted" });
      if (!text.ok) return err({ code: text.error.code, message: text.error.message });
      // Recorded before anything else: if this process dies now, another one posts only the chart.
      if (chart) await ticket.textPosted();
      // Posted: the group has read these customers. A failed audit write must not turn a posted
      // briefing into a failed one (it would be posted again), so it is logged loudly instead.
      await options.audit?.(group, groupBriefingCustomerIds(composed.facts)).catch((error: unknown) => {
        options.logger.error({ err: error, group: group.id, day }, "briefing posted but not audited");
      });
    }
    if (!chart) return ok({ detail: "" });
    const image = await postPart(channel.queue, group.chatId, ticket, "chart", () =>
      channel.poster.postImage(group.chatId, chart.png, chart.caption, group),
    );
    if (image === "lost") return err({ code: CLAIM_LOST, message: "chart claimed by another instance" });
    if (!image.ok) {
      options.logger.warn({ group: group.id, day, error: image.error }, "briefing chart not posted");
      return ok({ detail: `text posted; chart failed: ${image.error.message}` });
    }
    return ok({ detail: "" });
  };
}

/**
 * One part through the queue: the ticket is told right before each attempt (and a part another
 * instance now owns is not posted: "lost"), and after a 429 that posted none of it.
 */
async function postPart(
  queue: SendQueue,
  chatId: string,
  ticket: BriefingTicket,
  part: BriefingPart,
  post: () => Promise<Result<void, PostError>>,
): Promise<Result<void, PostError> | "lost"> {
  let lost = false;
  const result = await queue.send(chatId, async () => {
    if (!(await ticket.beforePost(part))) {
      lost = true;
      return err({ code: "failed", message: "claimed by another instance", retryable: false });
    }
    const posted = await post();
    if (!posted.ok && posted.error.code === "rate_limited" && !posted.error.partly)
      await ticket.refused(part);
    return posted;
  });
  return lost ? "lost" : result;
}
