import type { Locale } from "../i18n/index.js";

export const PLATFORMS = ["console", "telegram", "slack", "wecom", "feishu", "dingtalk"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** One message in, from any adapter. */
export interface IncomingMessage {
  platform: Platform;
  /** The sender's id on that platform (for console, the manager id). */
  userId: string;
  /** The chat it came from; absent for console and CLI. */
  chatId?: string;
  chatType: "private" | "group";
  text: string;
  /** Set when the adapter knows the user's language (e.g. Telegram language_code). */
  locale?: Locale;
  /**
   * The platform's id of this delivery (Telegram update_id, Slack event_id or request signature),
   * namespaced by platform, e.g. "telegram:<bot id>:update:812". A delivery seen before is not run again.
   */
  deliveryId?: string;
}
