/**
 * Telecom retention vocabulary added to jieba's dictionary so these stay one term (携号转网 must
 * not fall apart into 携/号/转网). Search-mode cutting still emits the shorter words inside them.
 */
export const DOMAIN_WORDS: readonly string[] = words(`
  携号转网 转网 离网 入网 在网 异网 异网客服 呼转 呼叫转移 停机保号 停机 复机 欠费 欠费停机 逾期 资费 话费
  套餐 月租 流量 宽带 信号 覆盖 漫游 掉线 网速 报障 客户经理 服务经理 客户维系 维系 挽留 保有 离网挽留
  业务挽留 异议 真实异议 虚假异议 隐藏异议 集团客户 个人大客户 关键时刻 生命周期 和平型 活泼型 完美型 力量型
  敌对型 麻木型 价格敏感 服务敏感 品牌敏感 安全敏感 成本保有 产品保有 关系保有 价值保有 嵌入保有 四步法
  四层提问 话费突减 流量突减 零通话 零话费 协议到期 合约到期 续约 乱扣费 扣费 计费 退订 换号 多号 副号 搬家
  投诉 预存 积分 策反 倒卡 转移成本 沉没成本 同理心 话术 开场白 增值业务 合约计划 客户俱乐部 赢回 话务量
  太贵 丢失 挂失 补卡
  流量包 语音包 定向流量 流量卡 流量费 套外 套餐外 达量限速 副卡 主卡 亲情号 亲情网 靓号 老号 物联卡
  融合套餐 家庭套餐 合约机 合约期 违约金 提前解约 保底消费 最低消费 预存话费 话费券 月费 降档
  千兆宽带 宽带提速 光猫 彩铃 服务密码 积分兑换 信号塔 人工客服 视频会员 自动续费
`);

/** Function words and chat filler that only add noise to BM25 scores. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  words(`
  的 了 是 在 和 与 及 或 也 就 都 而 要 说 把 被 让 给 对 吗 呢 吧 啊 呀 么 这 那 这个 那个
  怎么 怎么办 如何 什么 一个 我 你 您 他 她 它 我们 你们 他们 自己 有 没有 还 又 很 会 能 可以 应该
  时 等 着 过 之 为 以 从 到 中 上 下 里 个 一 不 请 想 该 办 the a an to of and
  or is are for in on with my our says say said too how what
  do does i you he she it they we be about should can when
  this that wants want his her
`),
);

/** Version of the vocabulary above: a persisted index built with another version is rebuilt. */
export const VOCABULARY_VERSION = "2026-12-02.1";

/** Whitespace-separated words, so the lists stay readable and short. */
function words(list: string): string[] {
  return list.split(/\s+/).filter(Boolean);
}
