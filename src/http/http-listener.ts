import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../logger.js";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * One HTTP server on HOST:PORT shared by every adapter that receives over HTTP (the Telegram
 * webhook, the Slack HTTP receiver, the WeCom, Feishu and DingTalk callbacks), each on its own path,
 * so several adapters fit on one port.
 */
export interface HttpListener {
  /** Registers a route for POST (or the given methods, e.g. WeCom's GET verification); call before `start()`. */
  route(path: string, handler: RouteHandler, methods?: readonly string[]): void;
  hasRoutes(): boolean;
  /** Listens; resolves with the bound address (port 0 picks a free port). */
  start(): Promise<{ host: string; port: number }>;
  /** Stops accepting connections and waits for the requests in progress. */
  stop(): Promise<void>;
}

/** The largest request body accepted (bytes): Telegram updates and Slack payloads are a few KB. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

export function createHttpListener(options: {
  host: string;
  port: number;
  logger: Logger;
  maxBodyBytes?: number;
}): HttpListener {
  const maxBodyBytes = options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES;
  const routes = new Map<string, { handler: RouteHandler; methods: readonly string[] }>();
  let server: Server | null = null;

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404).end("not found");
      return;
    }
    const { handler, methods } = route;
    if (!methods.includes(req.method ?? "")) {
      res.writeHead(405, { allow: methods.join(", ") }).end("method not allowed");
      return;
    }
    // Chat platforms post small JSON bodies; a huge one is refused before anything reads it.
    const length = Number(req.headers["content-length"] ?? 0);
    if (length > maxBodyBytes) {
      res.writeHead(413, { connection: "close" }).end(`request body over ${maxBodyBytes} bytes`);
      return;
    }
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        // A handler that throws must not take the process down; the caller may retry.
        options.logger.error({ err: error, path }, "HTTP handler failed");
        if (!res.headersSent) res.writeHead(500).end("internal error");
        else res.end();
      });
  };

  return {
    route(path, handler, methods = ["POST"]) {
      if (server) throw new Error("HTTP routes must be registered before the listener starts");
      routes.set(path, { handler, methods });
    },
    hasRoutes: () => routes.size > 0,
    start() {
      const s = createServer(listener);
      server = s;
      return new Promise((resolve, reject) => {
        s.once("error", reject);
        s.listen(options.port, options.host, () => {
          s.off("error", reject);
          const address = s.address() as AddressInfo;
          options.logger.info(
            { host: address.address, port: address.port, paths: [...routes.keys()] },
            "HTTP listening",
          );
          resolve({ host: address.address, port: address.port });
        });
      });
    },
    stop() {
      const s = server;
      if (!s) return Promise.resolve();
      server = null;
      return new Promise((resolve) => {
        s.close(() => resolve());
        s.closeIdleConnections();
      });
    },
  };
}
