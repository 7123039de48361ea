import type { ChurnReasonMessages } from "./churn-reasons.js";
import { yuan } from "./rules-format.js";

const change = (what: string) => (v: number) =>
  Number.isNaN(v) ? `${what}历史不足` : `${what}近30天${v < 0 ? "下降" : "上升"} ${Math.round(Math.abs(v))}%`;
const vip = ["普通", "银卡", "金卡", "钻石卡"];
const stage = ["获取期", "提升期", "成熟期", "衰退期"];

export const churnReasonsZh: ChurnReasonMessages = {
  spend_change_pct: change("话费"),
  calls_change_pct: change("通话次数"),
  data_change_pct: change("流量"),
  spend_30d: (v) => `近30天话费 ${yuan(v)}`,
  baseline_spend_monthly: (v) => (Number.isNaN(v) ? "此前消费记录不足" : `此前月均消费 ${yuan(v)}`),
  zero_call_days_30: (v) => `近30天 ${v} 天零通话`,
  hotline_days_30: (v) => (v > 0 ? `近30天 ${v} 天拨打竞品客服热线` : "近30天未拨打竞品客服热线"),
  hotline_seconds_30: (v) => `近30天拨打竞品客服热线共 ${Math.round(v)} 秒`,
  forwarded_days_30: (v) => (v > 0 ? `近30天 ${v} 天呼转至竞品号码` : "近30天无呼转竞品"),
  complaints_90: (v) => (v > 0 ? `近90天投诉 ${v} 次` : "近90天无投诉"),
  faults_90: (v) => (v > 0 ? `近90天宽带故障 ${v} 次` : "近90天无宽带故障"),
  portability_inquiries_90: (v) => (v > 0 ? `近90天咨询携号转网 ${v} 次` : "近90天未咨询携号转网"),
  competitor_offers_90: (v) => (v > 0 ? `近90天接触竞品优惠 ${v} 次` : "近90天未接触竞品优惠"),
  overdue_bills: (v) => (v > 0 ? `欠费账单 ${v} 张` : "无欠费"),
  overdue_amount: (v) => `欠费 ${yuan(v)}`,
  tenure_days: (v) => (v < 365 ? `入网仅 ${v} 天` : `在网 ${(v / 365).toFixed(1)} 年`),
  days_to_contract_end: (v) =>
    Number.isNaN(v) ? "无合约" : v >= 0 ? `协议 ${v} 天后到期` : `协议已到期 ${-v} 天`,
  vip_level: (v) => `客户级别：${vip[v] ?? "普通"}`,
  group_member: (v) => (v ? "集团成员" : "非集团成员"), // 0 includes the group account itself
  stage: (v) => `生命周期：${stage[v] ?? "成熟期"}`,
  past_contacts: (v) => (v > 0 ? `此前已跟进 ${v} 次` : "此前未跟进过"),
  past_retained: (v) => (v > 0 ? `此前挽留成功 ${v} 次` : "此前无挽留记录"),
  probability: (percent) => `流失概率 ${percent}`,
  rulesOnly: (why) => `仅按规则排序（${why}）`,
};
