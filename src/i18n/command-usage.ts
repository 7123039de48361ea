import type { Locale } from "./catalogue.js";

/**
 * How help writes each command: the command and its keywords are typed as they are in every
 * language; the placeholders (what the user fills in) are in the reader's language.
 */
export const COMMAND_USAGE = {
  help: { zh: "/help", en: "/help" },
  bind: { zh: "/bind <工号> <绑定码>", en: "/bind <employee id> <code>" },
  bindgroup: { zh: "/bindgroup", en: "/bindgroup" },
  brief: { zh: "/brief [HH:mm|off|now|me|tz <时区>]", en: "/brief [HH:mm|off|now|me|tz <zone>]" },
  track: { zh: "/track <客户编号或姓名>", en: "/track <customer id or name>" },
  risk: { zh: "/risk [数量] [all]", en: "/risk [N] [all]" },
  care: { zh: "/care [数量]", en: "/care [N]" },
  customer: { zh: "/customer <客户编号或姓名>", en: "/customer <customer id or name>" },
  done: {
    zh: "/done <客户编号> 已联系|挽留成功|已流失 <原因>|联系不上|暂缓 <天数> [保有方法] [异议] [备注]",
    en: "/done <id> contacted|retained|lost <reason>|unreachable|snooze <days> [method] [objection] [note]",
  },
  team: { zh: "/team", en: "/team" },
  export: { zh: "/export [risk|team]", en: "/export [risk|team]" },
  control: { zh: "/control [0-50|off]", en: "/control [0-50|off]" },
  feedback: {
    zh: "/feedback <回答编号> up|down <资料编号>",
    en: "/feedback <answer id> up|down <passage ids>",
  },
  objection: { zh: "/objection <客户的异议>", en: "/objection <what the customer said>" },
} as const satisfies Record<string, Record<Locale, string>>;
