import type { Reply, ReplyBlock } from "../../chat/reply.js";
import { chatDeliveryMessages } from "../../i18n/chat-delivery.js";
import type { Locale } from "../../i18n/index.js";
import type { FeishuClient } from "./feishu-client.js";
import { renderFeishuCard } from "./render-card.js";

/** Where a Feishu message goes: a chat (chat_id) or a person (open_id). */
export interface FeishuTarget {
  idType: "chat_id" | "open_id";
  id: string;
}

/** Uploads a PNG for messages and returns its image_key. */
export async function uploadImage(client: FeishuClient, png: Uint8Array): Promise<string> {
  const answer = await client.call((sdk) =>
    sdk.im.image.create({ data: { image_type: "message", image: Buffer.from(png) } }),
  );
  const key =
    (answer as { image_key?: string } | null)?.image_key ??
    (answer as { data?: { image_key?: string } } | null)?.data?.image_key;
  if (!key) throw new Error("Feishu: image upload answered without an image_key");
  return key;
}

/** Uploads a document (an XLSX export) for a `file` message and returns its file_key. */
export async function uploadFile(client: FeishuClient, name: string, bytes: Uint8Array): Promise<string> {
  const fileType = /\.xlsx?$/i.test(name) ? "xls" : /\.pdf$/i.test(name) ? "pdf" : "stream";
  const answer = await client.call((sdk) =>
    sdk.im.file.create({ data: { file_type: fileType, file_name: name, file: Buffer.from(bytes) } }),
  );
  const key =
    (answer as { file_key?: string } | null)?.file_key ??
    (answer as { data?: { file_key?: string } } | null)?.data?.file_key;
  if (!key) throw new Error("Feishu: file upload answered without a file_key");
  return key;
}

/** Sends one message (`interactive` card, `image`…) and returns its message_id. */
export async function sendMessage(
  client: FeishuClient,
  to: FeishuTarget,
  msgType: string,
  content: unknown,
): Promise<string | undefined> {
  const answer = await client.call((sdk) =>
    sdk.im.message.create({
      params: { receive_id_type: to.idType },
      data: { receive_id: to.id, msg_type: msgType, content: JSON.stringify(content) },
    }),
  );
  return answer?.data?.message_id;
}

/** Sends a reply as one card, its images uploaded first and shown inside it; files follow as file messages. */
export async function sendCardReply(
  client: FeishuClient,
  to: FeishuTarget,
  reply: Reply,
  chatType: "private" | "group",
): Promise<void> {
  const keys = new Map<ReplyBlock, string>();
  for (const block of reply.blocks)
    if (block.type === "image") keys.set(block, await uploadImage(client, block.png));
  const card = renderFeishuCard(reply, { imageKeyOf: (b) => keys.get(b), chatType });
  await sendMessage(client, to, "interactive", card);
  for (const block of reply.blocks)
    if (block.type === "file")
      await sendMessage(client, to, "file", { file_key: await uploadFile(client, block.name, block.bytes) });
}

/**
 * Delivers a command reply in the chat it was asked in. In a group, a reply flagged `personal`
 * goes to the asker privately (the bot can always message a member of its tenant who can see the
 * app) and the group gets a one-line note mentioning them.
 */
export async function deliverFeishuReply(
  client: FeishuClient,
  reply: Reply,
  place: { chatId: string; chatType: "private" | "group"; openId: string; locale: Locale },
): Promise<void> {
  if (place.chatType === "private" || !reply.personal) {
    await sendCardReply(client, { idType: "chat_id", id: place.chatId }, reply, place.chatType);
    return;
  }
  await sendCardReply(client, { idType: "open_id", id: place.openId }, reply, "private");
  const note = chatDeliveryMessages(place.locale).sentPrivately(`<at id=${place.openId}></at>`);
  await sendMessage(client, { idType: "chat_id", id: place.chatId }, "interactive", {
    config: { wide_screen_mode: true },
    elements: [{ tag: "markdown", content: note }],
  });
}
