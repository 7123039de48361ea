import { createHash } from "node:crypto";

/** Telegram's limit on a button's callback_data, in bytes. */
const CALLBACK_DATA_LIMIT = 64;
const STORED_PREFIX = "#";

/** Where long actions are kept so every instance, and the next start, can read them. */
export interface ActionStore {
  save(key: string, action: string): Promise<void>;
  load(key: string): Promise<string | null>;
}

/**
 * Turns a button's action (a command string such as "/done C0001 contacted") into callback_data
 * and back. Actions that fit in 64 bytes travel as they are; longer ones go under a short hash,
 * into the store when there is one (valid on every instance and after a restart) and into a
 * bounded memory cache (oldest dropped first). Without a store, a press after a restart asks the
 * user to query again.
 */
export class CallbackActions {
  private readonly stored = new Map<string, string>();

  constructor(
    private readonly capacity = 10_000,
    private readonly store?: ActionStore,
  ) {}

  /** Resolves once a long action is in the store, so a press on any instance finds it. */
  async encode(action: string): Promise<string> {
    if (Buffer.byteLength(action, "utf8") <= CALLBACK_DATA_LIMIT && !action.startsWith(STORED_PREFIX))
      return action;
    const key = STORED_PREFIX + createHash("sha256").update(action).digest("base64url").slice(0, 22);
    await this.store?.save(key, action);
    this.stored.delete(key);
    this.stored.set(key, action);
    if (this.stored.size > this.capacity) {
      const oldest = this.stored.keys().next().value;
      if (oldest !== undefined) this.stored.delete(oldest);
    }
    return key;
  }

  /** The action behind callback_data, or null when it was stored and is gone. */
  async decode(data: string): Promise<string | null> {
    if (!data.startsWith(STORED_PREFIX)) return data;
    return this.stored.get(data) ?? (await this.store?.load(data)) ?? null;
  }
}
