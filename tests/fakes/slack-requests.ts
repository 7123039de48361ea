/**
 * Requests as Slack sends them to an app's HTTP endpoint, signed with the v0 scheme:
 * `X-Slack-Signature: v0=HMAC-SHA256(secret, "v0:" + ts + ":" + body)`.
 * Payload builders are shared with the Socket Mode tests (same payloads, other transport).
 */
import { createHmac } from "node:crypto";

export interface SignOptions {
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  /** Sign with this secret instead (a wrong signature). */
  secret?: string;
  /** More headers, e.g. the X-Slack-Retry-Num Slack adds to a redelivery. */
  headers?: Record<string, string>;
}

/** Slack gives every slash command and button press its own trigger_id (the app dedupes on it). */
let triggerCounter = 0;
const nextTriggerId = () => `trigger-${++triggerCounter}`;

/** POSTs a body to the app the way Slack does and returns the HTTP response. */
export async function postSigned(
  url: string,
  body: string,
  contentType: "application/json" | "application/x-www-form-urlencoded",
  secret: string,
  options: SignOptions = {},
): Promise<Response> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", options.secret ?? secret)
    .update(`v0:${timestamp}:${body}`)
    .digest("hex")}`;
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": signature,
      ...options.headers,
    },
    body,
  });
}

/** A `/retain <text>` slash command (form-encoded fields). */
export function slashCommandPayload(fields: {
  userId: string;
  channelId: string;
  text: string;
  responseUrl: string;
}): Record<string, string> {
  return {
    token: "legacy-verification-token",
    team_id: "T0001",
    team_domain: "retainbot-test",
    channel_id: fields.channelId,
    channel_name: fields.channelId.startsWith("D") ? "directmessage" : "retention",
    user_id: fields.userId,
    user_name: fields.userId.toLowerCase(),
    command: "/retain",
    text: fields.text,
    api_app_id: "A0001",
    response_url: fields.responseUrl,
    trigger_id: nextTriggerId(),
  };
}

export const formBody = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

let eventCounter = 0;

/** An Events API envelope around one event. */
export function eventCallback(event: Record<string, unknown>): Record<string, unknown> {
  eventCounter += 1;
  return {
    token: "legacy-verification-token",
    team_id: "T0001",
    api_app_id: "A0001",
    type: "event_callback",
    event_id: `Ev${eventCounter}`,
    event_time: 1_700_000_000 + eventCounter,
    authorizations: [{ team_id: "T0001", user_id: "UBOT", is_bot: true }],
    event: { event_ts: event.ts, ...event },
  };
}

/** `<@UBOT> text` in a channel. */
export function appMentionEvent(fields: {
  userId: string;
  channelId: string;
  text: string;
  ts: string;
  threadTs?: string;
}) {
  return eventCallback({
    type: "app_mention",
    user: fields.userId,
    channel: fields.channelId,
    text: fields.text,
    ts: fields.ts,
    ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}),
  });
}

/** A direct message to the bot. */
export function directMessageEvent(fields: { userId: string; channelId: string; text: string; ts: string }) {
  return eventCallback({
    type: "message",
    channel_type: "im",
    user: fields.userId,
    channel: fields.channelId,
    text: fields.text,
    ts: fields.ts,
  });
}

/** A press on one of our buttons; `message` is the message as Slack holds it (absent for ephemerals). */
export function blockActionPayload(fields: {
  userId: string;
  channelId: string;
  button: { action_id: string; value: string; text: { type: "plain_text"; text: string } };
  blockId: string;
  message?: { ts: string; text: string; blocks: unknown[]; thread_ts?: string };
  ephemeral?: boolean;
  responseUrl: string;
}): Record<string, unknown> {
  return {
    type: "block_actions",
    user: { id: fields.userId, username: fields.userId.toLowerCase(), team_id: "T0001" },
    api_app_id: "A0001",
    token: "legacy-verification-token",
    container: {
      type: "message",
      message_ts: fields.message?.ts ?? "1700000000.999999",
      channel_id: fields.channelId,
      is_ephemeral: fields.ephemeral === true,
    },
    trigger_id: nextTriggerId(),
    team: { id: "T0001", domain: "retainbot-test" },
    channel: { id: fields.channelId, name: fields.channelId.startsWith("D") ? "directmessage" : "retention" },
    ...(fields.message
      ? { message: { type: "message", user: "UBOT", bot_id: "BBOT", ...fields.message } }
      : {}),
    response_url: fields.responseUrl,
    actions: [
      {
        type: "button",
        block_id: fields.blockId,
        action_id: fields.button.action_id,
        text: fields.button.text,
        value: fields.button.value,
        action_ts: "1700000001.000001",
      },
    ],
  };
}
