import type { RespondFn, webApi } from "@slack/bolt";
import type { Reply } from "../../chat/reply.js";
import { renderReply } from "./render-blocks.js";

type WebClient = webApi.WebClient;

/** A place in a conversation: the channel and, for thread replies, the thread's root message. */
export interface SlackPlace {
  channel: string;
  threadTs?: string;
}

/**
 * Posts a reply for everyone in the conversation, in as many messages as Slack's limits need;
 * images (charts) and files are uploaded after the text, into the same thread.
 */
export async function postReply(client: WebClient, place: SlackPlace, reply: Reply): Promise<void> {
  const thread = place.threadTs ? { thread_ts: place.threadTs } : {};
  for (const message of renderReply(reply, { omitImages: true })) {
    await client.chat.postMessage({
      channel: place.channel,
      ...thread,
      text: message.text,
      blocks: message.blocks,
    });
  }
  await uploadImages(client, place, reply);
}

/**
 * Uploads a reply's images (charts) and files (exports) into the conversation or thread, through
 * the external upload flow (files.getUploadURLExternal, the bytes, files.completeUploadExternal).
 */
export async function uploadImages(client: WebClient, place: SlackPlace, reply: Reply): Promise<void> {
  const thread = place.threadTs ? { thread_ts: place.threadTs } : {};
  for (const block of reply.blocks) {
    if (block.type !== "image" && block.type !== "file") continue;
    const [bytes, filename] = block.type === "image" ? [block.png, "chart.png"] : [block.bytes, block.name];
    await client.filesUploadV2({
      channel_id: place.channel,
      ...thread,
      file: Buffer.from(bytes),
      filename,
      title: block.caption,
    });
  }
}

/** Shows a reply to one user only ("only visible to you"), in the channel or thread they wrote in. */
export async function postEphemeralReply(
  client: WebClient,
  place: SlackPlace,
  user: string,
  reply: Reply,
): Promise<void> {
  for (const message of renderReply(reply)) {
    await client.chat.postEphemeral({
      channel: place.channel,
      user,
      ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
      text: message.text,
      blocks: message.blocks,
    });
  }
}

/**
 * Answers through a payload's response_url (slash commands, button presses). It works in any
 * conversation, even ones the bot is not a member of; Slack accepts up to five responses per URL.
 */
export async function respondWithReply(
  respond: RespondFn,
  reply: Reply,
  visibleToAll: boolean,
): Promise<void> {
  for (const message of renderReply(reply)) {
    await respond({
      response_type: visibleToAll ? "in_channel" : "ephemeral",
      replace_original: false,
      text: message.text,
      blocks: message.blocks,
    });
  }
}
