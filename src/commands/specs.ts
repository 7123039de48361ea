/**
 * What each command is called, how it is asked for and how help describes it: everything the
 * command table needs to match a message and list the commands, without loading any command's
 * implementation (registry.ts loads that on first use). A command module spreads its spec.
 */
import { COMMAND_USAGE } from "../i18n/command-usage.js";
import { identityMessages } from "../i18n/identity.js";
import type { MemberCommand, PublicCommand } from "./command.js";

export type CommandSpec = Omit<PublicCommand, "run"> | Omit<MemberCommand, "run">;

export const RISK_PHRASES: readonly RegExp[] = [
  /^(?:今天|今日)?(?:谁|哪些客户|哪些人|哪些用户)(?:有|存在)?(?:流失)?风险[?？。!！]*/,
  /^(?:今天|今日)?(?:的)?风险(?:客户|名单|列表|预警)[?？。!！]*/,
  /^(?:今天|今日)?有?(?:哪些|哪几位|哪几个)(?:流失)?风险客户[?？。!！]*$/,
  /^(?:今天|今日)?(?:谁|哪些客户|哪些人|哪些用户)(?:会|可能|要|想|快要?)(?:流失|离网|转网|携号转网)[了吗嘛呢?？。!！]*$/,
  /^who(?:'s| is) at risk(?: today)?[?.!]*/i,
  /^(?:show (?:me )?)?(?:the |my )?(?:risk list|at[- ]risk customers)(?: today)?[?.!]*/i,
];

/**
 * Plain phrasings of "how do I answer this objection". They match without consuming text, so the
 * whole message ("客户说资费太贵怎么回") reaches the command as the question.
 */
export const OBJECTION_PHRASES: readonly RegExp[] = [
  // "怎么回事" (what happened) is not an objection question.
  /^(?=.*?(?:怎么|如何|咋)(?:回(?!事)|应对|回应|回答|答复|接话|处理|劝))/,
  /^(?=.*?\bhow (?:do|should|can|would) (?:i|we) (?:answer|respond|reply|handle|deal with)\b)/i,
  /^(?=.*?\bwhat (?:do|should|can) (?:i|we) say (?:when|if)\b)/i,
  // "客户说太贵了怎么办", "客户嫌信号差": what a customer said is an objection to answer.
  /^(?=(?:我的|有个|有位|这个|那个)?(?:客户|顾客|用户|老客户|大客户|客人)(?:一直|总是|老是|总|老|又|就|非要|跟我|对我|打电话|来电)?(?:说|讲|嫌|觉得|反映|抱怨|表示|认为|吐槽)\S)/u,
  /^(?=(?:the |a |my )?(?:customer|client)s? (?:says?|said|complains?|complained|thinks?|told me|keeps saying)\b)/i,
];

export const bindSpec = {
  name: "bind",
  slash: ["/bind", "/绑定"],
  usage: COMMAND_USAGE.bind,
  description: { zh: identityMessages("zh").bindDescription, en: identityMessages("en").bindDescription },
  public: true,
  allowUnboundGroup: true,
} satisfies CommandSpec;

export const bindGroupSpec = {
  name: "bindgroup",
  slash: ["/bindgroup", "/绑定群"],
  usage: COMMAND_USAGE.bindgroup,
  description: {
    zh: identityMessages("zh").bindGroupDescription,
    en: identityMessages("en").bindGroupDescription,
  },
  allowUnboundGroup: true,
} satisfies CommandSpec;

export const briefSpec = {
  name: "brief",
  slash: ["/brief", "/简报"],
  phrases: [/^(早安简报|晨报|morning briefing)\s*/i],
  usage: COMMAND_USAGE.brief,
  description: {
    zh: "早安简报：定时发送、预览、私聊完整版",
    en: "morning briefing: schedule, preview, full version",
  },
} satisfies CommandSpec;

export const trackSpec = {
  name: "track",
  slash: ["/track", "/话术", "/脚本"],
  phrases: [
    /^(?:通话脚本|沟通话术|话术|call script(?: for)?|talk track(?: for)?)\s*[:：]?\s*(?=\S)/i,
    /^(?:给|跟|和)(?=\S{1,20}?打电话(?:怎么说|说什么|之前))/,
    // "王建国的话术": the customer comes first; track.ts drops the ending.
    /^(?=\S{1,20}?的(?:沟通)?(?:话术|通话脚本)[?？。!！]*$)/,
  ],
  usage: COMMAND_USAGE.track,
  description: {
    zh: "给某位客户打电话前：通话脚本（开场白、探询、异议应答、方案、跟进）",
    en: "before calling a customer: a call script (opening, probing, objections, options, follow-up)",
  },
} satisfies CommandSpec;

export const riskSpec = {
  name: "risk",
  slash: ["/risk", "/风险"],
  phrases: RISK_PHRASES,
  usage: COMMAND_USAGE.risk,
  narrower: "/risk 10",
  description: {
    zh: "今天谁有流失风险（按优先级排序，附原因和证据）",
    en: "who is at risk today, by priority, with reasons",
  },
} satisfies CommandSpec;

export const careSpec = {
  name: "care",
  slash: ["/care", "/关怀"],
  phrases: [
    /^(?:今天|今日|最近)?(?:要|需要)?关怀(?:谁|哪些客户|提醒|名单)?[?？。!！]*$/,
    /^(?:今天|今日)?(?:谁|哪些客户)(?:需要|要)关怀[?？。!！]*$/,
    /^(?:今天|今日|最近)?的?(?:生日|节日|续约|欠费)提醒[?？。!！]*$/,
    /^(?:who needs care|care reminders)(?: today)?[?.!]*$/i,
  ],
  usage: COMMAND_USAGE.care,
  narrower: "/care 10",
  description: {
    zh: "关怀提醒：生日、节日、新入网、续约、欠费、停机保号",
    en: "care reminders: birthdays, festivals, welcome, renewal, arrears",
  },
} satisfies CommandSpec;

export const customerSpec = {
  name: "customer",
  slash: ["/customer", "/客户"],
  phrases: [/^(?:查看?客户|客户详情|客户资料|查一下|查查|查询)[：:\s]*(?=\S)/, /^(?:show )?customer\s+/i],
  usage: COMMAND_USAGE.customer,
  description: {
    zh: "客户详情：资料、预警、关怀和处理记录",
    en: "a customer's profile, warnings, care and history",
  },
} satisfies CommandSpec;

export const doneSpec = {
  name: "done",
  slash: ["/done", "/处理", "/记录"],
  usage: COMMAND_USAGE.done,
  description: {
    zh: "记录处理结果：已联系、挽留成功、已流失、联系不上、暂缓；可附保有方法和主要异议",
    en: "log an outcome: contacted, retained, lost, unreachable, snooze; optionally the method and main objection",
  },
} satisfies CommandSpec;

export const teamSpec = {
  name: "team",
  slash: ["/team", "/团队"],
  phrases: [
    /^(?:我的)?团队(?:情况|概况|进度)?(?:怎么样|如何)?[?？。!！]*$/,
    /^(?:my )?team(?: status| overview)?[?.!]*$/i,
  ],
  usage: COMMAND_USAGE.team,
  description: {
    zh: "团队概况与超时未响应的预警（团队长）",
    en: "team overview and overdue warnings (leads)",
  },
} satisfies CommandSpec;

export const exportSpec = {
  name: "export",
  slash: ["/export", "/导出"],
  phrases: [/^导出(?:报表|名单|风险客户|团队报表)?\s*/, /^export\s+(?=risk|team)/i],
  usage: COMMAND_USAGE.export,
  description: {
    zh: "导出 Excel：我的风险客户（客户经理）或团队报表（团队长），仅私聊",
    en: "Excel export: my customers at risk (managers) or the team report (leads), private chats only",
  },
} satisfies CommandSpec;

export const controlSpec = {
  name: "control",
  slash: ["/control", "/对照组"],
  phrases: [/^对照组\s*/],
  usage: COMMAND_USAGE.control,
  description: {
    zh: "对照组：留出部分新预警客户以测量挽留的真实效果（团队长）",
    en: "control group: hold out some newly warned customers to measure retention (leads)",
  },
} satisfies CommandSpec;

export const feedbackSpec = {
  name: "feedback",
  slash: ["/feedback", "/反馈"],
  usage: COMMAND_USAGE.feedback,
  description: { zh: "给回答打分（👍 / 👎 按钮）", en: "rate an answer (the 👍 / 👎 buttons)" },
} satisfies CommandSpec;

export const objectionSpec = {
  name: "objection",
  slash: ["/objection", "/异议", "/应答"],
  phrases: OBJECTION_PHRASES,
  usage: COMMAND_USAGE.objection,
  description: {
    zh: "客户提出异议时怎么回应（答法附资料出处）",
    en: "how to answer a customer's objection (with sources)",
  },
} satisfies CommandSpec;
