import type { App } from "../app.js";
import type { IncomingMessage } from "../chat/message.js";
import { type Reply, settleReply, textReply } from "../chat/reply.js";
import { detectLocale, type Messages, messages } from "../i18n/index.js";
import { securityMessages } from "../i18n/security.js";
import { metrics } from "../metrics.js";
import { SqliteOnlyError } from "../store/app-store.js";
import { claimDelivery } from "../store/deliveries.js";
import { chatGroupTeamId } from "../store/managers.js";
import type { CommandDefinition } from "./command.js";
import { groupMembershipRefusal, maskForGroup } from "./group-guard.js";
import { resolveRequester } from "./identity.js";
import { parseIntent } from "./intent.js";
import { boundReply, MAX_MESSAGE_CHARS } from "./reply-limits.js";

/** A reply plus the command that produced it (for logs and `ask --json`). */
export interface HandledMessage {
  command: string | null;
  reply: Reply;
}

/**
 * The one path every message takes, whatever adapter it came from: parse the intent, find who is
 * asking, check the chat may be answered, run the command. Failures become replies, never throws.
 * With `stream: true` (adapters that can edit a message) a reply may still be being written: see
 * `Reply.stream`; otherwise it is always finished.
 */
export async function handleMessage(
  app: App,
  message: IncomingMessage,
  commands: readonly CommandDefinition[],
  options: { stream?: boolean } = {},
): Promise<HandledMessage> {
  const started = performance.now();
  const handled = await handleUnmeasured(app, message, commands, options);
  const command = handled.command ?? "none";
  metrics.messageSeconds.observe(
    { platform: message.platform, command },
    (performance.now() - started) / 1000,
  );
  metrics.messages.inc({ platform: message.platform, command, result: handled.reply.errorCode ?? "ok" });
  return handled;
}

async function handleUnmeasured(
  app: App,
  message: IncomingMessage,
  commands: readonly CommandDefinition[],
  options: { stream?: boolean },
): Promise<HandledMessage> {
  // A replayed or retried delivery was answered the first time: nothing runs, nothing is sent.
  if (message.deliveryId && !(await claimDelivery(app.store.db, message.deliveryId, app.clock.now()))) {
    app.logger.info(
      { platform: message.platform, delivery: message.deliveryId },
      "duplicate delivery ignored",
    );
    return { command: null, reply: { blocks: [], errorCode: "duplicate_delivery" } };
  }
  const locale = message.locale ?? detectLocale(message.text.slice(0, 200), app.config.RETAINBOT_LOCALE);
  const m = messages(locale);
  if (message.text.length > MAX_MESSAGE_CHARS) {
    app.logger.info({ platform: message.platform, length: message.text.length }, "message too long");
    return {
      command: null,
      reply: textReply(securityMessages(locale).messageTooLong(MAX_MESSAGE_CHARS, message.text.length), {
        errorCode: "message_too_long",
      }),
    };
  }
  const intent = parseIntent(message.text, commands);
  const requester = await resolveRequester(app.store.db, message);
  const log = app.logger.child({
    platform: message.platform,
    user: message.userId,
    command: intent?.command.name,
  });

  let groupTeamId: string | null = null;
  const inGroup = message.chatType === "group";
  if (inGroup) {
    groupTeamId = await chatGroupTeamId(app.store.db, `${message.platform}:${message.chatId}`);
    if (!groupTeamId && !intent?.command.allowUnboundGroup) {
      return {
        command: intent?.command.name ?? null,
        reply: textReply(m.access.unboundGroup, { errorCode: "unbound_group" }),
      };
    }
  }
  if (!intent) {
    if (!requester) return { command: null, reply: unknownUserReply(message, m) };
    const echo = textReply(m.unknownCommand(message.text.trim()), { errorCode: "unknown_command" });
    return { command: null, reply: inGroup ? maskForGroup(echo) : echo };
  }
  if (!requester && !intent.command.public) {
    log.info("refused unknown user");
    return {
      command: intent.command.name,
      reply: unknownUserReply(message, m),
    };
  }
  const ctx = { app, message, requester, locale, inGroup, groupTeamId };
  // Commands that show no team data (help, bind, bindgroup) keep their own, more precise answers.
  if (!intent.command.public && !intent.command.allowUnboundGroup) {
    const refusal = await groupMembershipRefusal(ctx);
    if (refusal) {
      log.info({ groupTeam: groupTeamId }, "refused: not a member of the group's team");
      return { command: intent.command.name, reply: refusal };
    }
  }
  try {
    const command = intent.command;
    const written = command.public
      ? await command.run(ctx, intent.args)
      : requester
        ? await command.run({ ...ctx, requester }, intent.args)
        : unknownUserReply(message, m);
    const answer = boundReply(written, locale, command.narrower);
    // Whatever a group reads passes the one masking function, whichever command wrote it.
    const reply = inGroup ? maskForGroup(answer) : answer;
    log.debug("handled");
    // Only adapters that asked for it get a streaming reply; everyone else gets the finished one.
    return { command: intent.command.name, reply: options.stream ? reply : await settleReply(reply) };
  } catch (error) {
    if (error instanceof SqliteOnlyError) {
      log.warn({ what: error.what }, "command needs the SQLite store");
      return { command: intent.command.name, reply: textReply(m.sqliteOnly, { errorCode: "sqlite_only" }) };
    }
    log.error({ err: error }, "command failed");
    return { command: intent.command.name, reply: textReply(m.internalError, { errorCode: "internal" }) };
  }
}

/** Who the bot does not know is told how to become known: a chat user binds, the console's operator loads managers. */
function unknownUserReply(message: IncomingMessage, m: Messages) {
  const text =
    message.platform === "console" ? m.access.unknownConsoleUser(message.userId) : m.access.unknownUser;
  return textReply(text, { errorCode: "unknown_user" });
}
