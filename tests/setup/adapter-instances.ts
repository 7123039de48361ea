import type { ChatAdapter } from "../../src/adapters/chat-adapter.js";
import type { App } from "../../src/app.js";
import type { MessageHandler } from "../../src/chat/handler.js";
import type { IncomingMessage } from "../../src/chat/message.js";
import { handleMessage } from "../../src/commands/dispatch.js";
import { commands, loadEveryCommand } from "../../src/commands/registry.js";
import { createHttpListener, type HttpListener } from "../../src/http/http-listener.js";
import type { Logger } from "../../src/logger.js";

// Every command's module now, not while a test waits for a reply (they load on first use).
await loadEveryCommand();

/** What every HTTP-callback adapter is built with in the tests. */
export interface InstanceDeps {
  handle: MessageHandler;
  logger: Logger;
  http: HttpListener;
  processBeforeResponse: true;
}

/**
 * Instances of one HTTP-callback adapter (WeCom, Feishu, DingTalk) on one store, as several bot
 * instances behind a load balancer would be: each on its own listener on 127.0.0.1, all through
 * the real command layer, every message they receive recorded.
 */
export function adapterInstances(app: App, path: string, create: (deps: InstanceDeps) => ChatAdapter) {
  const received: IncomingMessage[] = [];
  const running: { adapter: ChatAdapter; http: HttpListener }[] = [];
  const handle: MessageHandler = async (message, options) => {
    received.push(message);
    return (await handleMessage(app, message, commands, options)).reply;
  };
  return {
    received,
    /** Starts one more instance; resolves with its callback URL. */
    async start(): Promise<string> {
      const http = createHttpListener({ host: "127.0.0.1", port: 0, logger: app.logger });
      const adapter = create({ handle, logger: app.logger, http, processBeforeResponse: true });
      const { port } = await http.start();
      await adapter.start();
      running.push({ adapter, http });
      return `http://127.0.0.1:${port}${path}`;
    },
    async stop(): Promise<void> {
      for (const { adapter, http } of running) {
        await adapter.stop();
        await http.stop();
      }
    },
  };
}
