import type { ObjectionKind } from "../domain/objection-kinds.js";
/** Warning signal codes a passage can apply to (the same codes the warning rules emit). */
import { SIGNAL_CODES, type SignalCode } from "../domain/signals/types.js";

export { SIGNAL_CODES, type SignalCode };

/** The objections the shipped knowledge base has a playbook for (operators may add others). */
export const OBJECTIONS = [
  "资费太贵",
  "信号/网络质量",
  "服务不满意",
  "竞争对手优惠或策反",
  "换号不方便",
  "多个号码",
  "搬家/离开本地",
  "手机丢失",
  "乱扣费/计费不透明",
  "不需要这个业务",
] as const;

export { OBJECTION_KINDS, type ObjectionKind } from "../domain/objection-kinds.js";

/**
 * An objection category declared in a knowledge file's front matter (`category`, `phrasings`,
 * `handling`, `probing`, `retention`): what the classifier recognises and how the answer is built.
 * `id` and `kind` are stable: outcomes store them.
 */
export interface ObjectionCategory {
  id: string;
  kind: ObjectionKind;
  /** Short names shown to managers ("资费太贵" / "Price too high"). */
  zh: string;
  en: string;
  /** The document that handles it. */
  docId: string;
  sourceFile: string;
  /** Section anchors of the document, in the order they answer the objection. */
  handling: string[];
  /** Section anchors holding the probing questions. */
  probing: string[];
  /** Passage ids (`<doc>#<anchor>`) of the retention methods that fit. */
  retention: string[];
  /** How customers say it: the classifier's examples. */
  phrasings: string[];
}

/** One retrievable unit of knowledge: a section of a knowledge file. */
export interface KnowledgeChunk {
  /** Stable id: `<document id>#<anchor>`. */
  id: string;
  /** Path of the source file relative to the knowledge directory, with forward slashes. */
  sourceFile: string;
  docId: string;
  docTitle: string;
  heading: string;
  text: string;
  tags: string[];
  signals: string[];
  objections: string[];
  /** sha256 of the text the chunk was embedded from; keys the embedding cache. */
  contentHash: string;
}

/** A chunk returned by a search, with its score (higher is better; comparable within one result). */
export interface Passage {
  id: string;
  sourceFile: string;
  /** Title of the document the passage belongs to. */
  docTitle: string;
  heading: string;
  text: string;
  score: number;
  tags: string[];
  signals: string[];
  objections: string[];
}

export interface SearchOptions {
  /** How many passages to return (default 5). */
  k?: number;
  /** Prefer passages tagged with any of these signal codes. */
  signals?: readonly string[];
  /** Prefer passages tagged with any of these objections. */
  objections?: readonly string[];
}

/** What ingesting one file produced. */
export interface IngestedFile {
  sourceFile: string;
  /** sha256 of the raw file bytes: unchanged files are not ingested again. */
  fileHash: string;
  chunks: KnowledgeChunk[];
  /** The objection category the file declares, if any. */
  category?: ObjectionCategory;
  /** Texts the file declares are not objections (`not-objections:`), the classifier's negative examples. */
  notObjections?: string[];
  /** Lines the cleaner dropped, with the reason (for reports and tests). */
  removed: RemovedLine[];
  warnings: string[];
}

export interface RemovedLine {
  line: string;
  reason: RemovalReason;
}

export type RemovalReason =
  | "boilerplate"
  | "related-list"
  | "page-number"
  | "repeated"
  | "garbled"
  | "url"
  | "empty-markup";
