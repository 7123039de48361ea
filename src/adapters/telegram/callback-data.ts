import { createHash } from "node:crypto";

/** Telegram's limit on a button's callback_data, in bytes. */
const CALLBACK_DATA_LIMIT = 64;
const STORED_PREFIX = "#";

/**
 * Turns a button's action (a command string such as "/done C0001 contacted") into callback_data
 * and back. Actions that fit in 64 bytes travel as they are, so they survive restarts; longer ones
 * are kept in memory under a short hash (bounded, oldest dropped first) and expire on restart —
 * a press then asks the user to query again.
 */
export class CallbackActions {
  private readonly stored = new Map<string, string>();

  constructor(private readonly capacity = 10_000) {}

  encode(action: string): string {
    if (Buffer.byteLength(action, "utf8") <= CALLBACK_DATA_LIMIT && !action.startsWith(STORED_PREFIX))
      return action;
    const key = STORED_PREFIX + createHash("sha256").update(action).digest("base64url").slice(0, 22);
    this.stored.delete(key);
    this.stored.set(key, action);
    if (this.stored.size > this.capacity) {
      const oldest = this.stored.keys().next().value;
      if (oldest !== undefined) this.stored.delete(oldest);
    }
    return key;
  }

  /** The action behind callback_data, or null when it was stored and is gone. */
  decode(data: string): string | null {
    if (!data.startsWith(STORED_PREFIX)) return data;
    return this.stored.get(data) ?? null;
  }
}
