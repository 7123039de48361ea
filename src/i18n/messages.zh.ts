import type { Messages } from "./messages.js";

export const zh = {
  help: {
    title: "客户维系助手 · 使用说明",
    intro:
      "我帮客户经理找出今天有流失风险的客户、提醒关怀时机，并给出沟通话术。可以直接说中文，也可以用命令：",
    commandLine: (usage, description) => `${usage} — ${description}`,
    examplesTitle: "试试这样问：",
    examples: ["今天谁有风险", "/risk 5", "/care", "/customer C0000002", "/objection 客户说资费太贵"],
  },
  access: {
    unknownUser:
      "抱歉，我还不认识你。请让管理员在客户经理名单中登记你的账号，或使用 /bind <工号> <绑定码> 绑定。",
    unknownConsoleUser: (id) =>
      `控制台以工号“${id}”对话，但客户经理名单中没有这个工号。请先导入客户经理（npm run cli -- import <文件> --kind managers）或加载演示数据（npm run cli -- demo），或用 RETAINBOT_CONSOLE_USER 指定一个已有的工号。`,
    unboundGroup: "本群尚未绑定团队，我暂时不能在这里回答。请团队长发送 /bindgroup 完成绑定。",
    leadsOnly: "该命令仅限团队长使用。",
  },
  aside: (text, detail) => `${text}（${detail}）`,
  labelled: (label, text) => `${label}：${text}`,
  // A full-width bracket already spaces the dot: "王建国（138****8001）· 金卡".
  withDetails: (head, details) => [`${head}· ${details[0] ?? ""}`, ...details.slice(1)].join(" · "),
  unknownCommand: (text) =>
    text === ""
      ? "请输入问题或命令。发送 help 或“帮助”查看我能做什么。"
      : `没听懂“${text}”。发送 help 或“帮助”查看我能做什么。`,
  consoleBanner: (id) =>
    `客户维系助手 · 控制台对话，当前工号 ${id}（输入 help 查看说明，输入 exit 或“退出”结束）`,
  internalError: "处理时出错了，请稍后再试；如果一直出错，请联系管理员。",
  sqliteOnly:
    "这项功能在当前版本只支持 SQLite 存储，本系统使用的 PostgreSQL 存储暂不支持；其他命令不受影响。",
} satisfies Messages;
