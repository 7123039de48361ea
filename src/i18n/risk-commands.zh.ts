import type { NoChurnScoreWhy, RiskCommandMessages } from "./risk-commands-messages.js";

/** Why the churn model gave no scores, in words (the risk list and the customer view). */
const noScoreWhy = (why: NoChurnScoreWhy, leavers?: number) =>
  why === "no_model"
    ? "还没有训练流失模型（npm run cli -- model train）"
    : why === "too_few_leavers"
      ? `历史中离网客户太少（${leavers ?? 0} 位），无法训练流失模型`
      : why === "model_invalid"
        ? "流失模型已损坏，请重新训练（npm run cli -- model train）"
        : "流失模型尚未给今天的客户打分";

export const riskCommandsZh = {
  risk: {
    heading: (day, total, shown) =>
      total > shown
        ? `今天有流失风险的客户（${day}，共 ${total} 位，显示前 ${shown} 位）`
        : `今天有流失风险的客户（${day}，共 ${total} 位）`,
    none: (day) => `今天（${day}）没有需要跟进的风险客户。`,
    earlierDay: (day, listDay) =>
      `今天（${day}）的预警名单还在计算中，先显示 ${listDay} 的名单（跟进状态按今天）。`,
    hidden: (handled, snoozed, dnc) =>
      [
        handled > 0 ? `今天已处理 ${handled} 位` : "",
        snoozed > 0 ? `暂缓中 ${snoozed} 位` : "",
        dnc > 0 ? `不建议挽留 ${dnc} 位（发送 /risk all 查看）` : "",
      ]
        .filter(Boolean)
        .join("；"),
    doNotChaseHeading: "不建议挽留的客户（恶意欠费或价值很低）",
    usage: (max) =>
      `用法：/risk [数量] [all]，数量为 1 到 ${max} 的整数，例如 /risk 5；加 all 同时列出不建议挽留的客户。`,
    rulesOnly: (why, leavers) => `今天的排序仅依据规则：${noScoreWhy(why, leavers)}。`,
  },
  entry: {
    title: (rank, name, phone, details) => `${rank}. ${name}（${phone}）· ${details.join(" · ")}`,
    reason: (level, title, evidence) => `[${level}] ${title}：${evidence}`,
    action: (text) => `建议：${text}`,
    priority: (text) => `优先级 ${text}`,
    churn: (percent, reasons) => `流失概率 ${percent}${reasons ? `：${reasons}` : ""}`,
    modelOnly: "规则未触发预警，流失模型判断风险较高，建议主动回访",
    lastOutcome: (day, kind, note) => `上次处理：${day} ${kind}${note ? `（${note}）` : ""}`,
    noOutcome: "尚无处理记录",
    newSince: (titles) => `暂缓期间出现新异动：${titles}`,
    doNotChase: (text) => `不建议挽留：${text}`,
    arpu: (yuan) => `ARPU ${yuan}`,
    buttonContacted: "已联系",
    buttonRetained: "已挽留",
    buttonLost: "流失",
    buttonSnooze: "稍后（7天）",
    buttonTrack: "话术",
    typed: { contacted: "已联系", retained: "挽留成功", lost: "已流失", snooze: "暂缓" },
  },
  care: {
    heading: (day, lookahead, total, shown) =>
      `关怀提醒（${day} 起 ${lookahead + 1} 天，共 ${total} 位${total > shown ? `，显示前 ${shown} 位` : ""}）`,
    none: (day) => `${day} 起几天内没有需要关怀的客户。`,
    line: (title, detail, action) => `${title}：${detail}。建议：${action}`,
    usage: (max) => `用法：/care [数量]，数量为 1 到 ${max} 的整数，例如 /care 10。`,
  },
  customer: {
    usage: "用法：/customer <客户编号或姓名>",
    notFound: (q) => `在你负责的客户中没有找到“${q}”。`,
    ambiguous: (q) => `有多位客户与“${q}”匹配，请用客户编号再查：`,
    profile: {
      id: "客户编号",
      joined: "入网日期",
      contractEnd: "协议到期",
      birthday: "生日",
      lunar: "农历",
      status: "状态",
      points: "积分",
      personality: "性格",
      signalsTitle: "当前预警",
      noSignals: "当前没有预警",
      careTitle: "近期关怀",
      historyTitle: "处理记录",
      noHistory: "尚无处理记录",
      churnScoredOn: (day) => `（${day} 的评分）`,
      noChurnScore: (why, leavers) =>
        `流失概率：暂无，仅依据规则判断——${
          why === "customer_not_scored"
            ? "该客户没有流失模型评分（只为当天在网的客户评分）"
            : noScoreWhy(why, leavers)
        }`,
    },
    statuses: { active: "在网", suspended: "停机保号", left: "已离网" },
  },
  done: {
    usage:
      "用法：/done <客户编号> 已联系|挽留成功|已流失 <原因>|联系不上|暂缓 <天数> [保有方法] [异议] [备注]\n例如：/done C0000002 已联系 成本保有 资费太贵 客户考虑换套餐",
    lostNeedsReason: "记录“已流失”时请写明原因，例如：/done C0000002 已流失 转到异网享受低价套餐",
    badSnooze: "暂缓天数请写 1 到 365 之间的整数，例如：/done C0000002 暂缓 7",
    saved: (name, kind, until) => `已记录：${name} ${kind}${until ? `，${until} 再提醒` : ""}。`,
  },
  outcomeKinds: {
    contacted: "已联系",
    retained: "挽留成功",
    lost: "已流失",
    unreachable: "联系不上",
    snoozed: "暂缓",
  },
  team: {
    heading: (team, day) => `${team} 今日概况（${day}）`,
    manager: (name, id, open, l1, handled, o1, o2) =>
      `${name}（${id}）：待跟进 ${open} 位（一级 ${l1} 位），今日已处理 ${handled} 位，超时未响应：一级 ${o1} 条、二级 ${o2} 条`,
    overdue: (name, phone, level, title, raisedDay, hours) =>
      `⚠ ${name}（${phone}）${level}「${title}」${raisedDay} 起，已超时 ${hours} 小时`,
    noneOverdue: "没有超时未响应的预警。",
  },
} satisfies RiskCommandMessages;
