import { type Api, GrammyError } from "grammy";
import type { Reply, ReplyStream } from "../../chat/reply.js";
import { type PlayStreamOptions, playStream } from "../streamed-reply.js";
import type { CallbackActions } from "./callback-data.js";
import { type OutgoingMessage, renderReply } from "./render-html.js";
import { keyboard, sendMessages } from "./send-messages.js";
import { splitHtml } from "./split-html.js";

const HTML = { parse_mode: "HTML", link_preview_options: { is_disabled: true } } as const;

/**
 * Sends a reply that is still being written: its placeholder ("正在撰写…") first, then edits
 * that message as the text grows (paced by playStream), and finally edits it into the finished
 * reply; a finished reply longer than one message continues in new messages below it.
 */
export async function sendStreamingReply(
  api: Api,
  chatId: number,
  reply: Reply & { stream: ReplyStream },
  actions: CallbackActions,
  options: PlayStreamOptions & { replyTo?: number } = {},
): Promise<void> {
  const placeholder = renderReply(reply).find((m) => m.kind === "text");
  if (!placeholder) {
    await sendMessages(api, chatId, renderReply(await reply.stream.final), actions, options.replyTo);
    return;
  }
  const [posted] = await sendMessages(
    api,
    chatId,
    [{ ...placeholder, html: firstChunk(placeholder.html) }],
    actions,
    options.replyTo,
  );
  if (!posted) return;
  const messageId = posted.message_id;
  let shownHtml = firstChunk(placeholder.html);

  await playStream(
    reply,
    reply.stream,
    {
      async preview(preview) {
        const html = firstChunk(renderReply(preview).find((m) => m.kind === "text")?.html ?? "");
        // Once the text outgrows one message the preview stays as it is until the final edit.
        if (html === "" || html === shownHtml) return;
        await edit(api, chatId, messageId, html);
        shownHtml = html;
      },
      async finish(final) {
        const [first, ...others] = renderReply(final);
        if (first?.kind !== "text") {
          // Nothing to put in a text message (a chart alone): the placeholder makes way.
          await api.deleteMessage(chatId, messageId).catch(() => undefined);
          await sendMessages(api, chatId, renderReply(final), actions, options.replyTo);
          return;
        }
        const [head = "", ...tail] = splitHtml(first.html);
        const buttons = tail.length === 0 ? first.actions : [];
        const rest: OutgoingMessage[] =
          tail.length > 0 ? [{ kind: "text", html: tail.join("\n"), actions: first.actions }] : [];
        if (!(await edit(api, chatId, messageId, head, buttons, actions))) {
          // The placeholder is gone (deleted by the user): the answer comes as new messages.
          await sendMessages(api, chatId, renderReply(final), actions, options.replyTo);
          return;
        }
        await sendMessages(api, chatId, [...rest, ...others], actions);
      },
    },
    options,
  );
}

/** The part of a message's HTML that fits in one Telegram message. */
function firstChunk(html: string): string {
  return splitHtml(html)[0] ?? "";
}

/**
 * Edits a message's text. True when it shows `html` afterwards ("message is not modified" counts);
 * false when Telegram no longer has a message to edit; other failures throw.
 */
async function edit(
  api: Api,
  chatId: number,
  messageId: number,
  html: string,
  buttons: Parameters<typeof keyboard>[0] = [],
  actions?: CallbackActions,
): Promise<boolean> {
  try {
    await api.editMessageText(chatId, messageId, html, {
      ...HTML,
      ...(buttons.length > 0 && actions
        ? { reply_markup: { inline_keyboard: await keyboard(buttons, actions) } }
        : {}),
    });
    return true;
  } catch (error) {
    if (!(error instanceof GrammyError) || error.error_code !== 400) throw error;
    if (/not modified/i.test(error.description)) return true;
    if (/message to edit not found|message can't be edited/i.test(error.description)) return false;
    throw error;
  }
}
