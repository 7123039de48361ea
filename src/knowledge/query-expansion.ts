/**
 * Query expansion: managers type colloquial Chinese ("太贵了", "信号差") or English, while the
 * knowledge base is written in training-material Chinese. Each entry maps a query term to terms
 * the passages use. English words map to their Chinese equivalents at full weight (the English
 * word itself rarely appears); Chinese synonyms are added at a lower weight.
 */
const CHINESE_SYNONYMS: Record<string, string> = {
  贵: "资费 价格",
  太贵: "贵 资费 价格",
  嫌贵: "贵 资费 价格",
  收费: "计费 扣费",
  乱收费: "乱扣费 计费",
  骗: "骗人 不满意",
  销户: "离网",
  便宜: "资费 价格 优惠",
  价格: "资费",
  降价: "资费 优惠",
  转网: "携号转网 离网",
  携转: "携号转网 转网",
  走: "离网",
  换运营商: "携号转网 转网 竞争对手",
  信号: "网络 覆盖",
  网络: "信号",
  网速: "网络 流量",
  掉线: "信号 通话质量",
  号码: "换号",
  换号: "号码",
  丢: "丢失",
  丢了: "丢失",
  被盗: "丢失",
  扣费: "计费 账单",
  乱扣费: "扣费 计费 账单",
  扣钱: "扣费 计费",
  搬家: "离开本地 工作变动",
  调动: "工作变动 离开本地",
  对手: "竞争对手 异网",
  别家: "竞争对手 异网",
  不满: "不满意 投诉",
  生气: "情绪 投诉",
  原因: "真实原因 探询",
  性格: "性格类型",
  欠费: "逾期 停机",
};

const ENGLISH_GLOSSARY: Record<string, string> = {
  price: "资费 价格 贵",
  pricey: "资费 贵",
  expensive: "资费 贵 价格",
  tariff: "资费",
  cost: "资费 成本",
  cheap: "资费 价格 优惠",
  signal: "信号",
  coverage: "覆盖 信号",
  network: "网络 信号",
  internet: "网络 流量",
  data: "流量",
  switch: "携号转网 转网",
  port: "携号转网 转网",
  portability: "携号转网",
  porting: "携号转网",
  competitor: "竞争对手 异网",
  rival: "竞争对手",
  offer: "优惠",
  discount: "优惠",
  complaint: "投诉",
  complain: "投诉",
  angry: "情绪 投诉",
  unhappy: "不满意",
  service: "服务",
  move: "搬家",
  moving: "搬家",
  relocate: "搬家 离开本地",
  relocation: "搬家 离开本地",
  leaving: "离开 离网",
  lost: "丢失",
  stolen: "丢失",
  phone: "手机",
  number: "号码",
  bill: "账单",
  billing: "计费 账单",
  charge: "扣费 收费",
  charged: "扣费 收费 计费",
  order: "开通",
  ordered: "开通 不知情",
  overcharge: "乱扣费 扣费",
  need: "需要",
  cancel: "取消 退订",
  contract: "协议 合约",
  expiring: "到期",
  expire: "到期",
  renewal: "续约",
  renew: "续约",
  retain: "挽留",
  retention: "挽留 保有",
  keep: "保留 挽留",
  personality: "性格",
  peaceful: "和平型",
  lively: "活泼型",
  perfect: "完美型",
  powerful: "力量型",
  lifecycle: "生命周期",
  stage: "阶段",
  group: "集团客户",
  enterprise: "集团客户",
  corporate: "集团客户",
  moment: "关键时刻",
  objection: "异议",
  hidden: "隐藏",
  false: "虚假",
  real: "真实",
  reason: "原因",
  why: "原因",
  probe: "探询",
  listen: "倾听",
  step: "四步法",
  call: "电话 通话",
  script: "话术",
  care: "关怀",
  sensitive: "敏感",
  sensitivity: "敏感",
  brand: "品牌",
  security: "安全",
  overdue: "逾期 欠费",
  arrear: "欠费",
  unpaid: "欠费",
  suspend: "停机",
  suspension: "停机",
  broadband: "宽带",
  fault: "故障 报障",
  forwarding: "呼转",
  hotline: "热线 客服",
  drop: "突减",
  spend: "话费 消费",
  loyalty: "忠诚",
  churn: "离网 流失",
};

/** Weight of a Chinese synonym relative to a term the user typed. */
const SYNONYM_WEIGHT = 0.5;

/** A query term with the weight it carries in scoring. */
export interface WeightedTerm {
  term: string;
  weight: number;
}

/**
 * Adds synonyms and translations to segmented query terms; the user's own terms keep weight 1.
 * Expansions go through the same segmenter as the passages so they match indexed terms.
 */
export function expandQuery(terms: readonly string[], segment: (text: string) => string[]): WeightedTerm[] {
  const weights = new Map<string, number>();
  const add = (term: string, weight: number) => weights.set(term, Math.max(weights.get(term) ?? 0, weight));
  for (const term of terms) add(term, 1);
  for (const term of terms) {
    const english = ENGLISH_GLOSSARY[term];
    if (english) for (const t of segment(english)) add(t, 1);
    const synonyms = CHINESE_SYNONYMS[term];
    if (synonyms) for (const t of segment(synonyms)) add(t, SYNONYM_WEIGHT);
  }
  return [...weights].map(([term, weight]) => ({ term, weight }));
}
