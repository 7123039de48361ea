/**
 * The vocabulary of richer outcomes and "what works": retention method names (keyed by the domain's
 * codes, so a missing label is a type error), the prompts of the second row of buttons, and the
 * retention-rate lines of /track, /team and the report.
 */
import type { RetentionMethod } from "../domain/retention-methods.js";
import { defineCatalogue } from "./catalogue.js";

export const SEGMENT_DIMENSIONS = ["all", "vip", "sensitivity", "stage"] as const;
export type SegmentDimension = (typeof SEGMENT_DIMENSIONS)[number];

export interface OutcomeDetailMessages {
  methods: Record<RetentionMethod, string>;
  /** The prompt above the method buttons / objection buttons (both optional). */
  pickMethod: string;
  pickObjection: string;
  /** "/done C01 lost" without a reason: pick the objection as the reason, or type one. */
  pickLostReason: string;
  /** "方法：价值保有；异议：真实异议 · 资费太贵". */
  details(method: string | null, objection: string | null): string;
  /** The detail was added to the outcome already logged today (a button tapped after the first). */
  amended(name: string, kind: string, details: string): string;
  unknownMethod(word: string, known: string): string;
  unknownObjection(word: string): string;
  whatWorks: {
    /** "类似客户（价格敏感 · 话费突减）近 90 天：". */
    similar(segment: string, days: number): string;
    /** "价值保有 14/20 挽留成功". */
    cell(method: string, retained: number, cases: number): string;
    /** Too few logged outcomes to say anything honest. */
    tooFew(min: number): string;
    teamHeading(from: string, to: string): string;
    /** One report line: counts, rate and its 95 % Wilson interval. */
    row(
      signal: string,
      method: string,
      segment: string,
      retained: number,
      cases: number,
      rate: string,
      low: string,
      high: string,
    ): string;
    hidden(cells: number, min: number): string;
    allSignals: string;
    allCustomers: string;
    /** The Monday section of the team's briefing. */
    weeklyTitle: string;
    weeklyRow(method: string, retained: number, cases: number, low: string, high: string): string;
  };
  dimensions: Record<SegmentDimension, string>;
}

const zh: OutcomeDetailMessages = {
  methods: {
    cost: "成本保有",
    product: "产品保有",
    relationship: "关系保有",
    value: "价值保有",
    embedded: "嵌入保有",
  },
  pickMethod: "用了哪种保有方法？（可选，点一下即可补充）",
  pickObjection: "客户主要的异议是？（可选）",
  pickLostReason:
    "记录“已流失”需要原因：点选客户的主要异议，或输入原因，例如：/done C0000002 已流失 转到异网享受低价套餐",
  details: (method, objection) =>
    [method ? `方法：${method}` : "", objection ? `异议：${objection}` : ""].filter(Boolean).join("；"),
  amended: (name, kind, details) => `已补充：${name} ${kind}（${details}）。`,
  unknownMethod: (word, known) => `没认出保有方法“${word}”，可写：${known}。`,
  unknownObjection: (word) =>
    `没认出异议“${word}”，请写知识库中的异议类别名称或编号，例如：资费太贵 或 objection=price。`,
  whatWorks: {
    similar: (segment, days) => `类似客户（${segment}）近 ${days} 天：`,
    cell: (method, retained, cases) => `${method} ${retained}/${cases} 挽留成功`,
    tooFew: (min) => `类似客户的记录还不足 ${min} 例，暂不给出成功率。`,
    teamHeading: (from, to) => `什么方法有效（${from} 至 ${to}，挽留成功/记录数，95% 区间）`,
    row: (signal, method, segment, retained, cases, rate, low, high) =>
      `${signal} · ${segment} · ${method}：${retained}/${cases}（${rate}，${low}–${high}）`,
    hidden: (cells, min) => `另有 ${cells} 组不足 ${min} 例，未显示。`,
    allSignals: "全部信号",
    allCustomers: "全部客户",
    weeklyTitle: "本周回顾：哪种保有方法有效（近 90 天）",
    weeklyRow: (method, retained, cases, low, high) =>
      `${method} ${retained}/${cases} 挽留成功（95% 区间 ${low}–${high}）`,
  },
  dimensions: { all: "全部", vip: "VIP 等级", sensitivity: "敏感类型", stage: "生命周期" },
};

const en: OutcomeDetailMessages = {
  methods: {
    cost: "Cost retention",
    product: "Product retention",
    relationship: "Relationship retention",
    value: "Value retention",
    embedded: "Embedded retention",
  },
  pickMethod: "Which retention method did you use? (optional, one tap adds it)",
  pickObjection: "What was the customer's main objection? (optional)",
  pickLostReason:
    'Logging "lost" needs a reason: tap the main objection, or type one, e.g. /done C0000002 lost moved to a cheaper rival plan',
  details: (method, objection) =>
    [method ? `method: ${method}` : "", objection ? `objection: ${objection}` : ""]
      .filter(Boolean)
      .join("; "),
  amended: (name, kind, details) => `Added to ${name} ${kind}: ${details}.`,
  unknownMethod: (word, known) => `"${word}" is not a retention method; use one of: ${known}.`,
  unknownObjection: (word) =>
    `"${word}" is not an objection category of the knowledge base; use its name or id, e.g. objection=price.`,
  whatWorks: {
    similar: (segment, days) => `Similar customers (${segment}), last ${days} days: `,
    cell: (method, retained, cases) => `${method} ${retained}/${cases} retained`,
    tooFew: (min) => `Fewer than ${min} logged outcomes for similar customers: no rates yet.`,
    teamHeading: (from, to) => `What works (${from} to ${to}, retained/cases, 95% interval)`,
    row: (signal, method, segment, retained, cases, rate, low, high) =>
      `${signal} · ${segment} · ${method}: ${retained}/${cases} (${rate}, ${low}–${high})`,
    hidden: (cells, min) => `${cells} more groups with fewer than ${min} cases are not shown.`,
    allSignals: "all signals",
    allCustomers: "all customers",
    weeklyTitle: "This week: which retention methods worked (last 90 days)",
    weeklyRow: (method, retained, cases, low, high) =>
      `${method} ${retained}/${cases} retained (95% interval ${low}–${high})`,
  },
  dimensions: { all: "All", vip: "VIP level", sensitivity: "Sensitivity", stage: "Lifecycle stage" },
};

/** The richer outcomes' and "what works" text for a locale. */
export const outcomeDetailMessages = defineCatalogue<OutcomeDetailMessages>({ zh, en });
