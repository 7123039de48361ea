/** The chat platforms whose users bind to managers and whose groups bind to teams. */
export const CHAT_PLATFORMS = ["telegram", "slack", "wecom", "feishu", "dingtalk"] as const;
export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];

/** The Manager column holding each platform's user id (WeCom userid, Feishu open_id, DingTalk staffId…). */
export const USER_ID_FIELD = {
  telegram: "telegramUserId",
  slack: "slackUserId",
  wecom: "wecomUserId",
  feishu: "feishuUserId",
  dingtalk: "dingtalkUserId",
} as const satisfies Record<ChatPlatform, string>;

export function isChatPlatform(value: string): value is ChatPlatform {
  return (CHAT_PLATFORMS as readonly string[]).includes(value);
}
