/**
 * The five retention methods of the training material (成本保有, 产品保有, 关系保有, 价值保有,
 * 嵌入保有). Outcomes store the code; labels live in the i18n catalogue (src/i18n/outcome-details.ts).
 */
export const RETENTION_METHODS = ["cost", "product", "relationship", "value", "embedded"] as const;
export type RetentionMethod = (typeof RETENTION_METHODS)[number];

/** The words a manager may type for each method, besides its code (matched case-insensitively). */
const METHOD_WORDS: Record<RetentionMethod, readonly string[]> = {
  cost: ["成本保有", "成本", "cost"],
  product: ["产品保有", "产品", "product"],
  relationship: ["关系保有", "关系", "relationship", "relation"],
  value: ["价值保有", "价值", "value"],
  embedded: ["嵌入保有", "嵌入", "embedded", "embed"],
};

/** The method a typed word names (a code, its Chinese name or a short form), or null. */
export function parseRetentionMethod(word: string): RetentionMethod | null {
  const w = word.trim().toLowerCase();
  return RETENTION_METHODS.find((m) => METHOD_WORDS[m].some((x) => x.toLowerCase() === w)) ?? null;
}

export const isRetentionMethod = (value: string | null | undefined): value is RetentionMethod =>
  RETENTION_METHODS.includes(value as RetentionMethod);
