/** The control group (issue 16 item 5): the `/control` command and the churn comparison. */
import { defineCatalogue } from "./catalogue.js";

export interface ControlGroupMessages {
  /** What turning it on means, said before anyone does. */
  explain(max: number): string;
  status(percent: number, since: string | null): string;
  set(percent: number, since: string): string;
  off: string;
  usage(max: number): string;
  badShare(given: string, max: number): string;
  reportHeading(from: string, to: string): string;
  reportRow(
    group: string,
    churned: number,
    customers: number,
    rate: string,
    low: string,
    high: string,
  ): string;
  /** A group with no customers in the period: no rate to show (0/0 is not 0%). */
  reportEmptyRow(group: string): string;
  noControl: string;
  groups: Record<"contacted" | "notContacted" | "control", string>;
}

export const controlGroupMessages = defineCatalogue<ControlGroupMessages>({
  zh: {
    explain: (max) =>
      [
        "对照组是什么：开启后，每位「新」出现流失预警的客户，按固定的随机抽签（同一客户每天结果相同）决定是否进入对照组；",
        "对照组客户不会出现在任何人的风险名单、团队概况、早安简报和导出文件中，也就是说没有人会因预警去联系他们。",
        "这样才能测出真实效果：比较「已联系」「未联系」和「对照组」三组客户的流失率（含 95% 区间），看出打电话到底挽回了多少客户。",
        "代价：对照组客户得不到预警提醒，其中一部分本可挽回的客户可能流失。比例默认 0%（不开启），",
        `最高 ${max}%，建议 5%–10%，并只在团队同意后开启。开启前已在名单上的客户不受影响；关闭后所有客户立即回到名单。`,
      ].join(""),
    status: (percent, since) =>
      percent === 0 ? "本团队未开启对照组（0%）。" : `本团队对照组比例 ${percent}%，自 ${since} 起。`,
    set: (percent, since) =>
      `已设置：对照组比例 ${percent}%（自 ${since} 起新出现预警的客户按此比例抽签留出）。`,
    off: "已关闭对照组：所有预警客户回到名单。",
    usage: (max) => `用法：/control（查看说明与状态）· /control 10（比例 0–${max}%）· /control off`,
    badShare: (given, max) => `比例「${given}」无效：请填 0 到 ${max} 之间的整数（百分比）。`,
    reportHeading: (from, to) => `挽留效果对照（${from} 至 ${to} 新出现预警的客户，流失/人数，95% 区间）`,
    reportRow: (group, churned, customers, rate, low, high) =>
      `${group}：流失 ${churned}/${customers}（${rate}，${low}–${high}）`,
    reportEmptyRow: (group) => `${group}：这段时间没有客户，无从计算`,
    noControl: "本团队未开启对照组，只比较已联系与未联系（两组客户并非随机分配，差异不一定是联系的效果）。",
    groups: { contacted: "已联系", notContacted: "未联系", control: "对照组" },
  },
  en: {
    explain: (max) =>
      [
        "What the control group is: once on, each customer who is newly warned is drawn by a fixed lottery (the same answer every day) into the control group or not. ",
        "Control customers are left off everyone's risk list, team view, morning briefing and exports: nobody is prompted to call them. ",
        "That is what measures the real effect: churn among contacted, not contacted and control customers (with 95% intervals) shows how many customers the calls actually keep. ",
        "The cost: control customers get no warning, and some who could have been kept may leave. The share is 0% (off) by default, ",
        `at most ${max}%; 5–10% is advised, and only once the team agrees. Customers already on the list are not affected; turning it off puts everyone back at once.`,
      ].join(""),
    status: (percent, since) =>
      percent === 0 ? "No control group for this team (0%)." : `Control group: ${percent}% since ${since}.`,
    set: (percent, since) =>
      `Set: control share ${percent}% (customers newly warned since ${since} are drawn at this share).`,
    off: "Control group off: every warned customer is back on the lists.",
    usage: (max) =>
      `Usage: /control (what it means, and the status) · /control 10 (share 0–${max}%) · /control off`,
    badShare: (given, max) =>
      `Share "${given}" is not valid: give a whole number from 0 to ${max} (percent).`,
    reportHeading: (from, to) =>
      `Measured retention (customers newly warned ${from} to ${to}; churned/customers, 95% interval)`,
    reportRow: (group, churned, customers, rate, low, high) =>
      `${group}: ${churned}/${customers} churned (${rate}, ${low}–${high})`,
    reportEmptyRow: (group) => `${group}: no customers in the period, nothing to measure`,
    noControl:
      "No control group for this team: only contacted and not contacted are compared (not assigned at random, so the difference is not necessarily the calls' effect).",
    groups: { contacted: "Contacted", notContacted: "Not contacted", control: "Control" },
  },
});
