/**
 * The retrieval query set: what managers ask, and the passages (ids `<doc>#<anchor>` in
 * knowledge/) a good answer must draw on. Used by the recall@5 test and the latency benchmark.
 */
export interface RetrievalQuery {
  query: string;
  expected: string[];
}

export const RETRIEVAL_QUERIES: readonly RetrievalQuery[] = [
  { query: "客户说资费太贵", expected: ["objection-price#probe", "objection-price#answer"] },
  { query: "信号不好怎么挽留", expected: ["objection-network#probe", "objection-network#resolve"] },
  { query: "换号不方便", expected: ["objection-number-change#guide"] },
  { query: "客户要携号转网", expected: ["signal-competitor-contact#portability"] },
  { query: "客户对服务很不满意,很生气", expected: ["objection-service#empathy"] },
  { query: "竞争对手给了更便宜的套餐来策反", expected: ["objection-competitor#answer"] },
  { query: "客户有两个号码,想停掉一个", expected: ["objection-multiple-numbers#probe"] },
  { query: "客户要搬家去外地", expected: ["objection-relocation#answer"] },
  { query: "客户手机丢了", expected: ["objection-lost-phone#actions"] },
  { query: "客户说我们乱扣费", expected: ["objection-billing#review"] },
  { query: "客户说不需要这个业务", expected: ["objection-no-need#classify"] },
  { query: "客户不肯说离网原因", expected: ["probing-real-reason#emotional-questions"] },
  { query: "什么是隐藏异议", expected: ["objection-types#hidden"] },
  { query: "力量型客户怎么沟通", expected: ["personality-types#powerful"] },
  { query: "完美型客户讲数据", expected: ["personality-types#perfect"] },
  { query: "维系电话的开场白怎么说", expected: ["four-step-call#build-rapport"] },
  { query: "投诉处理流程", expected: ["call-flow-variants#complaint", "objection-service#complaint-flow"] },
  { query: "成本保有有哪些方法", expected: ["retention-methods#cost"] },
  { query: "嵌入保有", expected: ["retention-methods#embedded"] },
  { query: "个人大客户的关键时刻", expected: ["key-moments#overview"] },
  { query: "衰退期客户应该做什么", expected: ["lifecycle-stages#stage-d"] },
  { query: "新入网客户怎么关怀", expected: ["lifecycle-stages#stage-a"] },
  { query: "集团客户成批用户异动", expected: ["group-retention#key-moments"] },
  { query: "价格敏感型客户", expected: ["sensitivity-types#price"] },
  { query: "协议快到期了怎么续约", expected: ["signal-contract-expiring#renewal"] },
  { query: "客户话费突然下降", expected: ["signal-usage-drop#approach"] },
  { query: "客户逾期未交话费", expected: ["signal-arrears#overdue"] },
  { query: "宽带反复报障", expected: ["signal-complaint-fault#broadband-fault"] },
  { query: "客戶說資費太貴", expected: ["objection-price#probe"] },
  // Colloquial phrasings that share few words with the passages.
  { query: "客户嫌贵要走", expected: ["objection-price#probe"] },
  { query: "客户说你们都是骗人的", expected: ["objection-service#listening"] },
  { query: "客户打了联通的客服电话", expected: ["signal-competitor-contact#hotline"] },
  { query: "客户电话一直呼转到别的号码", expected: ["signal-competitor-contact#call-forwarding"] },
  { query: "客户好久没打电话了", expected: ["signal-usage-drop#meaning"] },
  { query: "VIP客户生日怎么关怀", expected: ["key-moments#special-days"] },
  { query: "客户想少花钱却一直挑信号的毛病", expected: ["objection-types#hidden"] },
  { query: "客户说换家运营商也能保留号码", expected: ["objection-number-change#portability"] },
  { query: "恶意欠费的客户要不要挽留", expected: ["churn-reasons#tiering"] },
  { query: "customer says the price is too high", expected: ["objection-price#probe"] },
  { query: "poor signal and coverage", expected: ["objection-network#probe"] },
  {
    query: "customer wants to port the number to a competitor",
    expected: ["signal-competitor-contact#portability"],
  },
  { query: "how to talk to a powerful personality", expected: ["personality-types#powerful"] },
  { query: "customer lost phone", expected: ["objection-lost-phone#actions"] },
  { query: "contract expiring renewal", expected: ["signal-contract-expiring#renewal"] },
  { query: "why do customers churn", expected: ["churn-reasons#survey"] },
  { query: "four step retention call", expected: ["four-step-call#overview"] },
  { query: "what to say when the customer is angry", expected: ["objection-service#empathy"] },
  { query: "customer was charged for a service he never ordered", expected: ["objection-billing#trust"] },
];

/** Share of expected passages found in the top `k` results, averaged over the queries. */
export function recallAtK(
  search: (query: string, k: number) => { id: string }[],
  queries: readonly RetrievalQuery[] = RETRIEVAL_QUERIES,
  k = 5,
): { recall: number; misses: { query: string; missing: string[]; got: string[] }[] } {
  let total = 0;
  const misses: { query: string; missing: string[]; got: string[] }[] = [];
  for (const q of queries) {
    const got = search(q.query, k).map((p) => p.id);
    const missing = q.expected.filter((id) => !got.includes(id));
    total += (q.expected.length - missing.length) / q.expected.length;
    if (missing.length > 0) misses.push({ query: q.query, missing, got });
  }
  return { recall: total / queries.length, misses };
}
