import type { MessageHandler } from "../../chat/handler.js";
import type { Logger } from "../../logger.js";
import type { PlayStreamOptions } from "../streamed-reply.js";

/** What the listeners need from the adapter. */
export interface ListenerDeps {
  handle: MessageHandler;
  logger: Logger;
  /** Registers work still running after the ack, so stop() can wait for it. */
  track: <T>(work: Promise<T>) => Promise<T>;
  /** Pacing of replies shown as they are written (mentions and DMs). */
  streaming?: PlayStreamOptions;
}
