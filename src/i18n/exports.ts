/** `/export` and the XLSX files it sends: sheet names, column headers and the command's answers. */
import { defineCatalogue } from "./catalogue.js";

export interface ExportMessages {
  sheets: { risk: string; team: string; overdue: string; rates: string; control: string; chart: string };
  columns: {
    risk: Record<RiskColumn, string>;
    team: Record<TeamColumn, string>;
    overdue: Record<OverdueColumn, string>;
    rates: Record<RateColumn, string>;
    control: Record<ControlColumn, string>;
  };
  usage: string;
  /** In a group: nothing is exported there. */
  groupRefused: string;
  /** `team` asked by someone who is not a lead. */
  teamLeadsOnly: string;
  riskCaption(day: string, rows: number, total: number): string;
  teamCaption(teamName: string, day: string): string;
  /** More customers at risk than one file holds. */
  truncated(limit: number): string;
  phones(full: boolean): string;
}

export const RISK_COLUMNS = [
  "rank",
  "customerId",
  "name",
  "phone",
  "manager",
  "vip",
  "arpu",
  "stage",
  "sensitivity",
  "reasons",
  "action",
  "churn",
  "lastOutcome",
  "priority",
] as const;
export type RiskColumn = (typeof RISK_COLUMNS)[number];
export const TEAM_COLUMNS = [
  "managerId",
  "manager",
  "open",
  "openLevel1",
  "handledToday",
  "overdueLevel1",
  "overdueLevel2",
] as const;
export type TeamColumn = (typeof TEAM_COLUMNS)[number];
export const OVERDUE_COLUMNS = [
  "manager",
  "customerId",
  "name",
  "phone",
  "level",
  "signal",
  "raisedDay",
  "hoursOverdue",
] as const;
export type OverdueColumn = (typeof OVERDUE_COLUMNS)[number];
export const RATE_COLUMNS = [
  "signal",
  "method",
  "segment",
  "cases",
  "retained",
  "rate",
  "low",
  "high",
] as const;
export type RateColumn = (typeof RATE_COLUMNS)[number];
export const CONTROL_COLUMNS = ["group", "customers", "churned", "rate", "low", "high"] as const;
export type ControlColumn = (typeof CONTROL_COLUMNS)[number];

export const exportMessages = defineCatalogue<ExportMessages>({
  zh: {
    sheets: {
      risk: "风险客户",
      team: "团队概况",
      overdue: "超时未响应",
      rates: "保有方法成效",
      control: "挽留效果对照",
      chart: "预警图表",
    },
    columns: {
      risk: {
        rank: "序号",
        customerId: "客户编号",
        name: "客户姓名",
        phone: "手机号码",
        manager: "客户经理",
        vip: "客户级别",
        arpu: "月均消费（元）",
        stage: "生命周期",
        sensitivity: "敏感类型",
        reasons: "预警原因及证据",
        action: "建议动作",
        churn: "流失概率",
        lastOutcome: "最近跟进",
        priority: "优先级",
      },
      team: {
        managerId: "工号",
        manager: "客户经理",
        open: "待跟进",
        openLevel1: "其中一级预警",
        handledToday: "今日已处理",
        overdueLevel1: "一级超时",
        overdueLevel2: "二级超时",
      },
      overdue: {
        manager: "客户经理",
        customerId: "客户编号",
        name: "客户姓名",
        phone: "手机号码",
        level: "预警级别",
        signal: "预警信号",
        raisedDay: "预警日期",
        hoursOverdue: "超时（小时）",
      },
      rates: {
        signal: "预警信号",
        method: "保有方法",
        segment: "客户分群",
        cases: "记录数",
        retained: "挽留成功",
        rate: "成功率",
        low: "95% 区间下限",
        high: "95% 区间上限",
      },
      control: {
        group: "分组",
        customers: "新预警客户数",
        churned: "流失",
        rate: "流失率",
        low: "95% 区间下限",
        high: "95% 区间上限",
      },
    },
    usage: "用法：/export（客户经理：我的风险客户；团队长：团队报表）· /export risk · /export team",
    groupRefused: "导出文件含客户个人信息，只在私聊中发送。请私聊我发送 /export。本群不会收到任何文件。",
    teamLeadsOnly: "团队报表仅团队长可导出；客户经理可用 /export 导出自己的风险客户。",
    riskCaption: (day, rows, total) => `风险客户名单（${day}），共 ${total} 位，文件中 ${rows} 位。`,
    teamCaption: (teamName, day) =>
      `${teamName} 团队报表（${day}）：团队概况、超时未响应、保有方法成效、挽留效果对照、预警图表。`,
    truncated: (limit) => `一个文件最多 ${limit} 位客户，其余请在 /risk 中翻页查看。`,
    phones: (full) =>
      full ? "您本人客户的手机号码为完整号码，请妥善保管文件，勿转发。" : "手机号码已打码（138****1234）。",
  },
  en: {
    sheets: {
      risk: "At risk",
      team: "Team",
      overdue: "Overdue",
      rates: "What works",
      control: "Measured retention",
      chart: "Chart",
    },
    columns: {
      risk: {
        rank: "No.",
        customerId: "Customer ID",
        name: "Name",
        phone: "Phone",
        manager: "Manager",
        vip: "VIP level",
        arpu: "ARPU (yuan)",
        stage: "Lifecycle stage",
        sensitivity: "Sensitivity",
        reasons: "Reasons and evidence",
        action: "Suggested action",
        churn: "Churn probability",
        lastOutcome: "Last follow-up",
        priority: "Priority",
      },
      team: {
        managerId: "Manager ID",
        manager: "Manager",
        open: "Open",
        openLevel1: "Open level 1",
        handledToday: "Handled today",
        overdueLevel1: "Overdue level 1",
        overdueLevel2: "Overdue level 2",
      },
      overdue: {
        manager: "Manager",
        customerId: "Customer ID",
        name: "Name",
        phone: "Phone",
        level: "Level",
        signal: "Signal",
        raisedDay: "Raised on",
        hoursOverdue: "Hours overdue",
      },
      rates: {
        signal: "Signal",
        method: "Method",
        segment: "Segment",
        cases: "Cases",
        retained: "Retained",
        rate: "Rate",
        low: "95% low",
        high: "95% high",
      },
      control: {
        group: "Group",
        customers: "Newly warned",
        churned: "Churned",
        rate: "Churn rate",
        low: "95% low",
        high: "95% high",
      },
    },
    usage:
      "Usage: /export (managers: my customers at risk; leads: the team report) · /export risk · /export team",
    groupRefused:
      "Exports hold customers' personal data and are only sent in a private chat. Send /export to me privately. Nothing was sent to this group.",
    teamLeadsOnly:
      "Only team leads can export the team report; managers can /export their customers at risk.",
    riskCaption: (day, rows, total) => `Customers at risk (${day}): ${total}, ${rows} in the file.`,
    teamCaption: (teamName, day) =>
      `${teamName} team report (${day}): overview, overdue, what works, measured retention, chart.`,
    truncated: (limit) => `A file holds at most ${limit} customers; page through the rest with /risk.`,
    phones: (full) =>
      full
        ? "Your own customers' phone numbers are in full: keep the file safe and do not forward it."
        : "Phone numbers are masked (138****1234).",
  },
});
