import type { IncomingMessage } from "../commands/message.js";
import type { Reply } from "../commands/reply.js";

/** All an adapter knows of the bot: hand it a message, get a reply to render. */
export type MessageHandler = (message: IncomingMessage) => Promise<Reply>;
