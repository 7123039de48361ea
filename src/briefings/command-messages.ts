/** Replies of the `/brief` command, zh and en. */
import { defineCatalogue } from "../i18n/catalogue.js";

export interface BriefCommandMessages {
  usage: string;
  groupOnly: string;
  scheduled(time: string, timeZone: string): string;
  skippedToday: string;
  off: string;
  status(time: string | null, timeZone: string): string;
  badZone(zone: string): string;
  zoneSet(zone: string): string;
  previewNotice: string;
  notInGroup: string;
}

export const briefCommandZh = {
  usage:
    "用法：/brief 08:30（每天定时发送）、/brief off（停止）、/brief now（预览）、/brief tz Asia/Shanghai（时区）、/brief me（私聊完整版）",
  groupOnly: "请在已绑定团队的群里设置早安简报。",
  scheduled: (time, tz) => `已设置：每天 ${time}（${tz}）在本群发送早安简报。`,
  skippedToday: "今天的时间已过，从下一次开始发送。",
  off: "已关闭本群的早安简报。",
  status: (time, tz) =>
    time ? `本群每天 ${time}（${tz}）发送早安简报。` : `本群未设置早安简报（时区 ${tz}）。`,
  badZone: (zone) => `无法识别时区“${zone}”，请使用 IANA 名称，例如 Asia/Shanghai。`,
  zoneSet: (zone) => `本群时区已设为 ${zone}。`,
  previewNotice: "预览：未记入发送记录，定时简报照常发送。",
  notInGroup: "没有找到你的团队数据。",
} satisfies BriefCommandMessages;

export const briefCommandEn = {
  usage:
    "Usage: /brief 08:30 (daily), /brief off, /brief now (preview), /brief tz Asia/Shanghai, /brief me (full version, privately)",
  groupOnly: "Set up the morning briefing in a group bound to your team.",
  scheduled: (time, tz) => `Scheduled: the morning briefing is posted here daily at ${time} (${tz}).`,
  skippedToday: "Today's time has passed; it starts with the next one.",
  off: "The morning briefing for this group is off.",
  status: (time, tz) =>
    time
      ? `This group gets the morning briefing daily at ${time} (${tz}).`
      : `No morning briefing is scheduled here (time zone ${tz}).`,
  badZone: (zone) => `Unknown time zone "${zone}": use an IANA name such as Asia/Shanghai.`,
  zoneSet: (zone) => `This group's time zone is now ${zone}.`,
  previewNotice: "Preview: not recorded in the ledger; the scheduled briefing still goes out.",
  notInGroup: "No team data found for you.",
} satisfies BriefCommandMessages;

export const briefCommandMessages = defineCatalogue<BriefCommandMessages>({
  zh: briefCommandZh,
  en: briefCommandEn,
});
