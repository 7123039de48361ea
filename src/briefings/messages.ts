/** The briefing's user-facing text, Simplified Chinese and English (`satisfies BriefingMessages`). */
import type { CareCode } from "../domain/care/types.js";
import type { VipLevel } from "../domain/customer.js";
import type { SignalCode } from "../domain/signals/types.js";
import { defineCatalogue } from "../i18n/catalogue.js";
import type { Locale } from "../i18n/index.js";
import { rulesMessages } from "../i18n/rules.js";

export interface BriefingMessages {
  title(teamName: string, weekdayDate: string): string;
  weekdayDate(day: string): string;
  lunarLine(lunar: string, festivals: string[]): string;
  /** A customer only the churn model caught (no rule signal). */
  modelOnly: string;
  warningsTitle: string;
  /** `yesterday` is null when the daily job did not run the day before. */
  levelLine(level: number, today: number, yesterday: number | null): string;
  codeLine(name: string, today: number, yesterday: number | null): string;
  noWarnings: string;
  topTitle: string;
  topLine(manager: string, customers: string[]): string;
  careTitle: string;
  careLine(manager: string, items: string[]): string;
  noCare: string;
  overdueTitle: string;
  overdueLine(manager: string, count: number, oldest: string): string;
  noOverdue: string;
  outcomesTitle: string;
  outcomesLine(o: { retained: number; lost: number; contacted: number }): string;
  chartCaption(day: string): string;
  chartTitleByType: string;
  chartTitleTrend: string;
  level1: string;
  level2: string;
  today: string;
  yesterday: string;
  privateHint: string;
  personalTitle(name: string): string;
  overdueItem(customer: string, signal: string, since: string): string;
}

const delta = (today: number, yesterday: number) => {
  const d = today - yesterday;
  return d === 0 ? "±0" : d > 0 ? `+${d}` : `−${-d}`;
};

const WEEKDAYS_ZH = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

export const briefingZh = {
  title: (team, date) => `早安简报 · ${team} · ${date}`,
  weekdayDate: (day) =>
    `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日 ${WEEKDAYS_ZH[weekday(day)]}`,
  lunarLine: (lunar, festivals) => `农历${lunar}${festivals.length > 0 ? ` · ${festivals.join("、")}` : ""}`,
  modelOnly: "流失模型预测风险高",
  warningsTitle: "预警（与昨日相比）",
  levelLine: (level, t, y) =>
    `${level === 1 ? "一级" : "二级"}预警 ${t} 条（${y === null ? "昨日无记录" : `昨日 ${y}，${delta(t, y)}`}）`,
  codeLine: (name, t, y) => (y === null ? `${name} ${t}` : `${name} ${t}（${delta(t, y)}）`),
  noWarnings: "今日无预警。",
  topTitle: "重点客户（按优先级）",
  topLine: (manager, customers) => `${manager}：${customers.join("；")}`,
  careTitle: "今日关怀",
  careLine: (manager, items) => `${manager}：${items.join("；")}`,
  noCare: "今日无到期关怀。",
  overdueTitle: "超时未处理的一级预警",
  overdueLine: (manager, n, oldest) => `${manager}：${n} 位客户（最早 ${oldest}）`,
  noOverdue: "没有超时未处理的一级预警。",
  outcomesTitle: "昨日结果",
  outcomesLine: (o) => `挽留 ${o.retained} · 流失 ${o.lost} · 已联系 ${o.contacted}`,
  chartCaption: (day) => `预警分布与近7日趋势（${day}）`,
  chartTitleByType: "今日预警（按类型）",
  chartTitleTrend: "近7日预警",
  level1: "一级",
  level2: "二级",
  today: "今日",
  yesterday: "昨日",
  privateHint: "客户经理可私聊机器人发送 /brief me 获取完整明细。",
  personalTitle: (name) => `${name} 的完整简报`,
  overdueItem: (c, s, since) => `${c} · ${s} · 自 ${since} 起未处理`,
} satisfies BriefingMessages;

export const briefingEn = {
  title: (team, date) => `Morning briefing · ${team} · ${date}`,
  weekdayDate: (day) =>
    new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", {
      timeZone: "UTC",
      weekday: "short",
      day: "numeric",
      month: "short",
    }),
  lunarLine: (lunar, festivals) =>
    `Lunar ${lunar}${festivals.length > 0 ? ` · ${festivals.join(", ")}` : ""}`,
  modelOnly: "high churn risk (model)",
  warningsTitle: "Warnings (against yesterday)",
  levelLine: (level, t, y) =>
    `Level ${level}: ${t} (${y === null ? "no record for yesterday" : `yesterday ${y}, ${delta(t, y)}`})`,
  codeLine: (name, t, y) => (y === null ? `${name} ${t}` : `${name} ${t} (${delta(t, y)})`),
  noWarnings: "No warnings today.",
  topTitle: "Top customers by priority",
  topLine: (manager, customers) => `${manager}: ${customers.join("; ")}`,
  careTitle: "Care due today",
  careLine: (manager, items) => `${manager}: ${items.join("; ")}`,
  noCare: "No care reminders due today.",
  overdueTitle: "Level-1 warnings past their deadline",
  overdueLine: (manager, n, oldest) => `${manager}: ${n} customer${n === 1 ? "" : "s"} (oldest ${oldest})`,
  noOverdue: "No level-1 warning is past its deadline.",
  outcomesTitle: "Yesterday's outcomes",
  outcomesLine: (o) => `retained ${o.retained} · lost ${o.lost} · contacted ${o.contacted}`,
  chartCaption: (day) => `Warnings by type and 7-day trend (${day})`,
  chartTitleByType: "Warnings today by type",
  chartTitleTrend: "Warnings, last 7 days",
  level1: "Level 1",
  level2: "Level 2",
  today: "Today",
  yesterday: "Yesterday",
  privateHint: "Managers: send /brief me to the bot privately for the full details.",
  personalTitle: (name) => `Full briefing for ${name}`,
  overdueItem: (c, s, since) => `${c} · ${s} · open since ${since}`,
} satisfies BriefingMessages;

/** The names of the domain's things, from the one vocabulary the lists and cards use too. */
export interface BriefingNames {
  signal(code: SignalCode): string;
  care(code: CareCode): string;
  vip(level: VipLevel): string;
}

const briefingCatalogue = defineCatalogue<BriefingMessages>({ zh: briefingZh, en: briefingEn });

/** The briefing's text in a locale, with the signal, care and VIP names of the rules' catalogue. */
export function briefingMessages(locale: Locale): BriefingMessages & BriefingNames {
  const names = rulesMessages(locale);
  return {
    ...briefingCatalogue(locale),
    signal: (code) => names.signals[code].title,
    care: (code) => names.care[code].title,
    vip: (level) => names.vipLevels[level],
  };
}
