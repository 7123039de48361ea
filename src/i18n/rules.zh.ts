import { dataVolume, lunarDateZh, percent, signedPercent, yuan } from "./rules-format.js";
import type { RulesMessages } from "./rules-messages.js";

const festivals = {
  spring_festival: "春节",
  lantern: "元宵节",
  dragon_boat: "端午节",
  mid_autumn: "中秋节",
  national_day: "国庆节",
  new_year: "元旦",
};
const vipLevels = { diamond: "钻石卡", gold: "金卡", silver: "银卡", standard: "普通" };
const stages = { A: "获取期", B: "提升期", C: "成熟期", D: "衰退期", E: "离网期" };

const inDays = (n: number, day: string) =>
  n === 0 ? "今天" : n === 1 ? `明天（${day}）` : `${n}天后（${day}）`;

export const rulesZh = {
  signals: {
    contract_expiring: {
      title: "协议到期",
      evidence: (p) =>
        p.daysLeft === 0 ? "协议今天到期" : `协议 ${p.contractEnd} 到期，还剩 ${p.daysLeft} 天`,
      action: "到期续约：了解使用需求，推荐合适的续约方案",
    },
    zero_spend_month: {
      title: "当月零话费",
      evidence: (p) => `近${p.days}天零话费，前${p.baselineDays}天共 ${yuan(p.baselineSpend)}`,
      action: "电话回访，了解停用原因，确认是否已改用他网",
    },
    spend_drop: {
      title: "话费突减",
      evidence: (p) =>
        `近${p.days}天话费 ${yuan(p.recent)}，前${p.baselineDays}天月均 ${yuan(p.baselineMonthly)}（${signedPercent(p.changePercent)}）`,
      action: "回访了解话费下降的原因，按实际使用推荐更合适的套餐",
    },
    data_drop: {
      title: "流量突减",
      evidence: (p) =>
        `近${p.days}天流量 ${dataVolume(p.recentMb)}，前${p.baselineDays}天月均 ${dataVolume(p.baselineMonthlyMb)}（${signedPercent(p.changePercent)}）`,
      action: "了解上网需求的变化，推荐合适的流量包",
    },
    zero_call_days: {
      title: "多日零通话",
      evidence: (p) => `已连续 ${p.days} 天零通话（最后通话 ${p.lastCallDay}）`,
      action: "尽快联系客户，确认号码是否仍在使用",
    },
    competitor_hotline: {
      title: "拨打异网客服",
      evidence: (p) =>
        `近${p.withinDays}天有 ${p.daysOver} 天拨打异网客服超过1分钟，最长 ${p.maxSeconds} 秒（最近 ${p.lastDay}）`,
      action: "客户可能在比较异网优惠：先倾听需求，再介绍我方对应政策",
    },
    call_forwarding: {
      title: "呼转异网",
      evidence: (p) => `连续 ${p.runDays} 天呼转到异网号码（${p.firstDay} 至 ${p.lastDay}）`,
      action: "离网倾向明显：当天联系，查明原因，必要时登门挽留",
    },
    overdue_bill: {
      title: "逾期未交话费",
      evidence: (p) =>
        `${p.unpaidBills} 笔账单逾期未交，共 ${yuan(p.amount)}，最早已逾期 ${p.daysOverdue} 天`,
      action: "提醒交费并了解是否有困难，避免欠费停机",
    },
    portability_inquiry: {
      title: "咨询携号转网",
      evidence: (p) => `近${p.withinDays}天咨询携号转网 ${p.count} 次（最近 ${p.lastDay}）`,
      action: "离网挽留：当天联系，先问清真实原因，再对症提出方案",
    },
    complaint: {
      title: "投诉",
      evidence: (p) => `近${p.withinDays}天投诉 ${p.count} 次（最近 ${p.lastDay}）`,
      action: "回访投诉处理结果，安抚情绪，确认问题已解决",
    },
    broadband_fault: {
      title: "宽带反复报障",
      evidence: (p) => `近${p.withinDays}天宽带报障 ${p.count} 次（最近 ${p.lastDay}）`,
      action: "跟进故障处理，必要时安排上门检修，确认网络恢复正常",
    },
    group_bulk_anomaly: {
      title: "集团成员批量异动",
      evidence: (p) => `${p.members} 名成员中 ${p.flaggedMembers} 名出现一级预警（${p.sharePercent}%）`,
      action: "集团关键时刻：联系集团联系人，了解是否有竞争对手介入",
    },
  },
  level: (level) => (level === 1 ? "一级预警" : "二级预警"),
  stages,
  care: {
    birthday: {
      title: "生日",
      detail: (p, day) =>
        `${inDays(p.daysUntil, day)}生日${p.movedFromFeb29 ? "（2月29日生日，平年提前到2月28日）" : ""}`,
    },
    lunar_birthday: {
      title: "农历生日",
      detail: (p, day) => `${inDays(p.daysUntil, day)}农历生日（${lunarDateZh(p.lunarMonth, p.lunarDay)}）`,
    },
    festival: {
      title: "节日问候",
      detail: (p, day) => `${inDays(p.daysUntil, day)}是${festivals[p.festival]}`,
    },
    welcome: { title: "新入网", detail: (p) => `入网第 ${p.daysSinceJoin} 天（${p.joinDate} 入网）` },
    first_bill: {
      title: "首张账单",
      detail: (p, day) => `首张账单（${p.month}）${yuan(p.amount)}，${inDays(p.daysUntil, day)}到期`,
    },
    anniversary: {
      title: "入网周年",
      detail: (p, day) => `${inDays(p.daysUntil, day)}入网满 ${p.years} 周年`,
    },
    renewal: {
      title: "续约联系",
      detail: (p) => `协议 ${p.contractEnd} 到期，还剩 ${p.daysLeft} 天，宜提前联系续约`,
    },
    arrears: {
      title: "交费提醒",
      detail: (p) =>
        p.daysUntilDue >= 0
          ? `${p.unpaidBills} 笔账单共 ${yuan(p.amount)} 未交，${p.daysUntilDue === 0 ? "今天" : `${p.daysUntilDue}天后`}到期（${p.dueDate}）`
          : `${p.unpaidBills} 笔账单共 ${yuan(p.amount)} 未交，已逾期 ${-p.daysUntilDue} 天，尚未停机`,
    },
    suspended: { title: "停机保号", detail: () => "停机保号中" },
  },
  festivals,
  actions: {
    send_birthday_greeting: "送上生日祝福（短信或电话），可结合积分兑换小礼品",
    send_festival_greeting: "发送节日祝福短信，重要客户可致电或登门问候",
    welcome_call: "入网欢迎：发送欢迎短信并由客户经理回访，核对客户资料",
    explain_first_bill: "首张账单分析：为客户解读账单明细，解答疑问",
    thank_for_loyalty: "感谢客户长期支持，介绍积分兑换和俱乐部活动",
    offer_renewal: "到期续约：了解需求，提前推荐续约优惠",
    remind_payment: "欠费停机前提醒：提醒按时交费，告知交费渠道",
    invite_reactivation: "了解停机原因，介绍复机优惠，邀请客户恢复使用",
  },
  doNotChase: {
    malicious_arrears: (r) =>
      `恶意欠费：${r.unpaidBills} 笔账单共 ${yuan(r.amount)} 逾期最长 ${r.oldestDaysOverdue} 天`,
    low_value: (r) => `低价值客户：ARPU ${yuan(r.arpu)}`,
  },
  priorityParts: {
    signals: (p) => `预警 ${p.level1} 个一级、${p.level2} 个二级 +${p.points}`,
    extra_signals: (p) => `多项异动 +${p.points}`,
    vip: (p) => `${vipLevels[p.vipLevel as keyof typeof vipLevels] ?? p.vipLevel} +${p.points}`,
    arpu: (p) => `ARPU ${yuan(p.arpu)} +${p.points}`,
    stage: (p) => `${stages[p.stage]} +${p.points}`,
    churn: (p) => `流失概率 ${percent(p.probability)}，预计流失价值 ${yuan(p.valueAtRisk)} +${p.points}`,
  },
  vipLevels,
  sensitivities: { price: "价格敏感型", service: "服务敏感型", brand: "品牌敏感型", security: "安全敏感型" },
  roles: { manager: "客户经理", lead: "团队长" },
  personalities: { peaceful: "和平型", lively: "活泼型", perfect: "完美型", powerful: "力量型" },
} satisfies RulesMessages;
