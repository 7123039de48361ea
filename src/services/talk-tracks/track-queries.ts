/**
 * Retrieval queries for a call script, built from what is known about the customer: their
 * signals, sensitivity, personality and lifecycle stage, in the words the training material uses.
 */
import type { CustomerSituation } from "./situation.js";

/** Per signal: words to find its playbook, and the objections a customer with it tends to raise. */
export const SIGNAL_TOPICS: Record<string, { query: string; objections: string[] }> = {
  contract_expiring: { query: "协议到期 续约沟通", objections: ["资费太贵", "竞争对手优惠或策反"] },
  zero_spend_month: { query: "零消费 话费下降 联系时怎么说", objections: ["多个号码", "手机丢失"] },
  spend_drop: { query: "话费下降 消费减少 联系时怎么说", objections: ["资费太贵", "多个号码"] },
  data_drop: { query: "流量下降 联系时怎么说", objections: ["信号/网络质量", "多个号码"] },
  zero_call_days: { query: "无通话 联系时怎么说", objections: ["手机丢失", "搬家/离开本地"] },
  competitor_hotline: { query: "异网客服电话 竞争对手 策反", objections: ["竞争对手优惠或策反"] },
  call_forwarding: { query: "呼转 其他运营商", objections: ["竞争对手优惠或策反", "多个号码"] },
  overdue_bill: { query: "逾期未交话费 欠费 停机保号", objections: ["乱扣费/计费不透明", "不需要这个业务"] },
  portability_inquiry: { query: "咨询携号转网", objections: ["竞争对手优惠或策反", "换号不方便"] },
  complaint: { query: "投诉 服务不满意", objections: ["服务不满意"] },
  broadband_fault: { query: "宽带报障 网络质量", objections: ["信号/网络质量", "服务不满意"] },
  group_bulk_anomaly: { query: "集团客户 保有 成员", objections: ["竞争对手优惠或策反"] },
};

export const SENSITIVITY_TOPICS: Record<string, { query: string; objection: string | null }> = {
  price: { query: "价格敏感型 成本保有 话费", objection: "资费太贵" },
  service: { query: "服务敏感型 关系保有 服务", objection: "服务不满意" },
  brand: { query: "品牌敏感型 价值保有 品牌", objection: null },
  security: { query: "安全敏感型 嵌入保有 安全", objection: null },
};

export const PERSONALITY_TOPICS: Record<string, string> = {
  peaceful: "和平型客户 沟通方式",
  lively: "活泼型客户 沟通方式",
  perfect: "完美型客户 沟通方式",
  powerful: "力量型客户 沟通方式",
};

export const STAGE_TOPICS: Record<string, string> = {
  A: "获取期 入网期 关怀",
  B: "提升期 成长期",
  C: "成熟期 保持忠诚",
  D: "衰退期 续约 挽留",
  E: "离网期 挽回",
};

/** At most this many signals and objections shape one script (the most urgent first). */
const MAX_SIGNALS = 2;
const MAX_OBJECTIONS = 3;

export interface TrackQueries {
  opening: string;
  /** The playbooks of the customer's signals (how to raise them, what to ask); null without signals. */
  signal: string | null;
  personality: string | null;
  probing: string;
  /** The objections to prepare for, most likely first. */
  objections: string[];
  /** One query per kind of option: for the stage, then for the sensitivity. */
  options: string[];
  /** Words naming the sections that fit this customer best (their stage, their sensitivity). */
  optionsPrefer: string[];
  followUp: string;
  signalCodes: string[];
}

/** `heard`: objections the customer already raised (from their notes), prepared for first. */
export function trackQueries(s: CustomerSituation, heard: readonly string[] = []): TrackQueries {
  const signals = [...s.signals].sort((a, b) => a.level - b.level).slice(0, MAX_SIGNALS);
  const topics = signals.map((sig) => SIGNAL_TOPICS[sig.code]).filter((t) => t !== undefined);
  const sensitivity = s.customer.sensitivity ? SENSITIVITY_TOPICS[s.customer.sensitivity] : undefined;
  const objections = [
    ...heard,
    ...topics.flatMap((t) => t.objections),
    ...(sensitivity?.objection ? [sensitivity.objection] : []),
  ];
  const signalWords = topics.map((t) => t.query).join(" ");
  const stage = STAGE_TOPICS[s.stage] ?? "";
  return {
    opening: "开场白 建立关系 问候 说明来电目的",
    signal: signalWords === "" ? null : `${signalWords} 联系时怎么说`,
    personality: s.customer.personality ? (PERSONALITY_TOPICS[s.customer.personality] ?? null) : null,
    probing: "客户不愿说出原因 深度探询 倾注感情的提问",
    objections: [...new Set(objections)].slice(0, MAX_OBJECTIONS),
    options: [`${stage} 方案`, sensitivity?.query ?? "五类保有法则"],
    optionsPrefer: [
      `stage-${s.stage.toLowerCase()}`,
      ...(s.customer.sensitivity ? [s.customer.sensitivity] : []),
    ],
    followUp: `跟进执行 回访 兑现承诺 ${stage}`.trim(),
    signalCodes: signals.map((sig) => sig.code),
  };
}
