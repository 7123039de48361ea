import type { ReplyBlock } from "../chat/reply.js";
import type { Locale } from "../i18n/index.js";
import type { Logger } from "../logger.js";
import { err, ok } from "../result.js";
import { composeGroupBriefing, groupBriefingCustomerIds } from "./content.js";
import type { BriefingFacts, BriefingFactsSource } from "./facts.js";
import { briefingMessages } from "./messages.js";
import type { GroupPoster } from "./poster.js";
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
 * rate-limited queue. The briefing counts as sent once its text is posted; a chart that fails
 * after that is noted in the ledger's detail, not retried as a new briefing.
 */
export function createBriefingDelivery(options: DeliveryOptions): DeliverBriefing {
  return async (group, day, claim) => {
    const channel = options.channels[group.platform];
    if (!channel) return err({ code: "no_adapter", message: `no running adapter for ${group.platform}` });
    const composed = await options.composer.compose(group.teamId, day, options.locale);
    // Claimed when the queue is about to post it, so queued briefings of a dead instance stay free.
    let lost = false;
    const text = await channel.queue.send(group.chatId, async () => {
      if (!(await claim())) {
        lost = true;
        return err({ code: "failed", message: "claimed by another instance", retryable: false });
      }
      return channel.poster.postBlocks(group.chatId, composed.blocks, group);
    });
    if (lost) return err({ code: CLAIM_LOST, message: "claimed by another instance: not posted" });
    if (!text.ok) return err({ code: text.error.code, message: text.error.message });
    // Posted: the group has read these customers. A failed audit write must not turn a posted
    // briefing into a failed one (it would be posted again), so it is logged loudly instead.
    await options.audit?.(group, groupBriefingCustomerIds(composed.facts)).catch((error: unknown) => {
      options.logger.error({ err: error, group: group.id, day }, "briefing posted but not audited");
    });
    const chart = composed.chart;
    if (!chart) return ok({ detail: "" });
    const image = await channel.queue.send(group.chatId, () =>
      channel.poster.postImage(group.chatId, chart.png, chart.caption, group),
    );
    if (!image.ok) {
      options.logger.warn({ group: group.id, day, error: image.error }, "briefing chart not posted");
      return ok({ detail: `text posted; chart failed: ${image.error.message}` });
    }
    return ok({ detail: "" });
  };
}
