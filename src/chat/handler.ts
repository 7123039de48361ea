import type { IncomingMessage } from "./message.js";
import type { Reply } from "./reply.js";

/** What an adapter may ask of the handler for one message. */
export interface HandleOptions {
  /**
   * The adapter can edit a message it posted, so it takes a reply that is still being written
   * (`Reply.stream`) and shows it as it grows. Without it every reply comes finished.
   */
  stream?: boolean;
}

/**
 * All an adapter knows of the bot: hand it a message, get a reply to render. Only an adapter
 * that passes `{ stream: true }` can get a streaming reply; a handler may ignore the option.
 */
export type MessageHandler = (message: IncomingMessage, options?: HandleOptions) => Promise<Reply>;
