import type { webApi } from "@slack/bolt";
import type { Reply, ReplyStream } from "../../chat/reply.js";
import { type PlayStreamOptions, playStream } from "../streamed-reply.js";
import { renderReply, type SlackMessage } from "./render-blocks.js";
import { postReply, type SlackPlace, uploadImages } from "./reply-sender.js";

type WebClient = webApi.WebClient;

/** chat.update errors meaning the placeholder can no longer be edited (deleted, too old). */
const GONE = new Set(["message_not_found", "cant_update_message", "edit_window_closed"]);

/**
 * Posts a reply that is still being written: its placeholder first, then chat.update with the
 * text so far (paced by playStream), and finally the finished reply's blocks in that message;
 * any further messages the finished reply needs, and its images, follow in the same thread.
 */
export async function postStreamingReply(
  client: WebClient,
  place: SlackPlace,
  reply: Reply & { stream: ReplyStream },
  options: PlayStreamOptions = {},
): Promise<void> {
  const thread = place.threadTs ? { thread_ts: place.threadTs } : {};
  const [placeholder] = renderReply(reply, { omitImages: true });
  if (!placeholder) {
    await postReply(client, place, await reply.stream.final);
    return;
  }
  const posted = await client.chat.postMessage({ channel: place.channel, ...thread, ...placeholder });
  const ts = posted.ts;
  if (!ts) return;
  let shown = JSON.stringify(placeholder);
  const update = (message: SlackMessage) =>
    client.chat.update({ channel: place.channel, ts, text: message.text, blocks: message.blocks });

  await playStream(
    reply,
    reply.stream,
    {
      async preview(preview) {
        const [message] = renderReply(preview, { omitImages: true });
        if (!message || JSON.stringify(message) === shown) return;
        await update(message);
        shown = JSON.stringify(message);
      },
      async finish(final) {
        const [first, ...rest] = renderReply(final, { omitImages: true });
        try {
          if (first) await update(first);
          else await client.chat.delete({ channel: place.channel, ts });
        } catch (error) {
          if (!GONE.has(slackErrorCode(error))) throw error;
          // The placeholder is gone: the answer comes as new messages instead.
          await postReply(client, place, final);
          return;
        }
        for (const message of rest)
          await client.chat.postMessage({ channel: place.channel, ...thread, ...message });
        await uploadImages(client, place, final);
      },
    },
    options,
  );
}

/** The Web API error code of a failed call ("message_not_found" …), or "". */
function slackErrorCode(error: unknown): string {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === "string" ? data.error : "";
}
