import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, SocketModeReceiver, webApi } from "@slack/bolt";
import type { MessageHandler } from "../../chat/handler.js";
import type { Config } from "../../config.js";
import { createHttpListener, type HttpListener } from "../../http/http-listener.js";
import type { Logger } from "../../logger.js";
import type { ChatAdapter } from "../chat-adapter.js";
import { registerListeners } from "./listeners.js";
import { refuseStaleSlackRequest } from "./request-freshness.js";
import { slackLogger } from "./slack-logger.js";

/** Where Slack posts events, slash commands and button presses in HTTP mode. */
export const SLACK_EVENTS_PATH = "/slack/events";

export interface SlackAdapterOptions {
  config: Config;
  handle: MessageHandler;
  logger: Logger;
  /** Mount on the shared HTTP listener (so Slack and a Telegram webhook share HOST:PORT) instead of a server of its own. */
  http?: HttpListener;
  /** Answer Slack's HTTP request only after the reply is sent (tests; Slack wants an ack in 3 s). */
  processBeforeResponse?: boolean;
  /** Web API retries; the default gives up after a few minutes rather than Slack's thirty. */
  retryConfig?: webApi.RetryOptions;
  /** Least time between two chat.update calls of a reply being written (default STREAM_EDIT_INTERVAL_MS). */
  streamEditIntervalMs?: number;
  /** The wall clock requests' timestamps are checked against (ms; tests). */
  now?: () => number;
}

export interface SlackAdapter extends ChatAdapter {
  /** Where the HTTP receiver listens when it has its own server (after start). */
  address(): AddressInfo | null;
}

/**
 * The Slack adapter: Socket Mode when SLACK_APP_TOKEN is set (no public URL needed), else the
 * HTTP receiver checking every request's signature. Turns slash commands, mentions, DMs and
 * button presses into handler calls and renders the replies as Block Kit.
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config, handle } = options;
  const token = config.SLACK_BOT_TOKEN;
  if (!token) throw new Error("SLACK_BOT_TOKEN is required to start the Slack adapter");
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  const logger = options.logger.child({ adapter: "slack" });
  const clientOptions: webApi.WebClientOptions = {
    ...(config.SLACK_API_URL ? { slackApiUrl: withTrailingSlash(config.SLACK_API_URL) } : {}),
    retryConfig: options.retryConfig ?? webApiRetryPolicy,
  };

  const receiver = config.SLACK_APP_TOKEN
    ? new SocketModeReceiver({
        appToken: config.SLACK_APP_TOKEN,
        logger: slackLogger(logger),
        installerOptions: { clientOptions },
      })
    : new HTTPReceiver({
        signingSecret: requireSigningSecret(config),
        endpoints: SLACK_EVENTS_PATH,
        processBeforeResponse: options.processBeforeResponse ?? false,
        logger: slackLogger(logger),
      });
  const app = new App({
    token,
    receiver,
    clientOptions,
    logger: slackLogger(logger),
    deferInitialization: true,
  });
  app.error(async (error) => {
    logger.error({ err: error }, "Slack listener failed");
  });

  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    return work.finally(() => inFlight.delete(work));
  };
  registerListeners(app, {
    handle,
    logger,
    track,
    streaming: {
      intervalMs: options.streamEditIntervalMs,
      onPreviewError: (error) => logger.warn({ err: error }, "streaming preview update failed"),
    },
  });

  // HTTP mode always goes through our listener (shared, or one of its own), so every request
  // passes the timestamp check before Bolt sees it.
  const shared = receiver instanceof HTTPReceiver ? options.http : undefined;
  const own =
    receiver instanceof HTTPReceiver && !shared
      ? createHttpListener({ host: config.HOST, port: config.PORT, logger })
      : undefined;
  let stopping = false;
  if (receiver instanceof HTTPReceiver)
    (shared ?? own)?.route(SLACK_EVENTS_PATH, (req, res) => {
      // While stopping, Slack is told to try again later rather than starting new work.
      if (stopping) res.writeHead(503).end();
      else if (!refuseStaleSlackRequest(req, res, options.now?.())) receiver.requestListener(req, res);
    });
  let address: AddressInfo | null = null;

  return {
    name: socketMode ? "slack (socket mode)" : "slack (http)",
    async start() {
      // auth.test: a wrong token fails here, not at the first message.
      await app.init().catch((error: unknown) => {
        throw startError("SLACK_BOT_TOKEN", "the bot token (xoxb-…) was refused", error);
      });
      if (receiver instanceof SocketModeReceiver)
        await receiver.start().catch((error: unknown) => {
          throw startError(
            "SLACK_APP_TOKEN",
            "Socket Mode could not connect (app-level token xapp-… with connections:write)",
            error,
          );
        });
      else if (own) {
        const bound = await own.start();
        address = { address: bound.host, family: "IPv4", port: bound.port };
      }
      logger.info({ mode: socketMode ? "socket" : "http", address }, "Slack adapter started");
    },
    async stop() {
      stopping = true;
      if (receiver instanceof SocketModeReceiver) await receiver.client.disconnect();
      else if (own && address) await own.stop();
      address = null;
      await Promise.allSettled([...inFlight]);
    },
    address: () => address,
  };
}

/** Five retries over about five minutes: long enough for a Slack hiccup, short for a chat answer. */
const webApiRetryPolicy = webApi.retryPolicies.fiveRetriesInFiveMinutes;

/** A start-up failure that names the setting to check. */
function startError(variable: string, what: string, cause: unknown): Error {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new Error(`Slack: ${what}; check ${variable} (${detail})`, { cause });
}

function requireSigningSecret(config: Config): string {
  if (!config.SLACK_SIGNING_SECRET)
    throw new Error("SLACK_SIGNING_SECRET is required for the Slack HTTP receiver (or set SLACK_APP_TOKEN)");
  return config.SLACK_SIGNING_SECRET;
}

/** The Web API client joins method names onto the base URL, so it must end in a slash. */
function withTrailingSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
