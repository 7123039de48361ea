/**
 * Parsing `/done <id> <kind> [method] [objection] [note]`: the kind in Chinese or English, then
 * optionally the retention method and the main objection, typed as `method=value objection=price`
 * or as bare words (价值保有, 资费太贵, value, price), then a free note (or a lost reason).
 */
import type { OutcomeKind } from "../domain/customer.js";
import type { ObjectionKind } from "../domain/objection-kinds.js";
import { parseRetentionMethod, type RetentionMethod } from "../domain/retention-methods.js";

/** An objection category as outcomes refer to it (from the knowledge base's front matter). */
export interface ObjectionChoice {
  id: string;
  kind: ObjectionKind;
  zh: string;
  en: string;
}

const KINDS: { kind: OutcomeKind; words: RegExp }[] = [
  { kind: "contacted", words: /^(contacted|已联系|联系过|已沟通)$/i },
  { kind: "retained", words: /^(retained|挽留成功|已挽留)$/i },
  { kind: "lost", words: /^(lost|已流失|流失)$/i },
  { kind: "unreachable", words: /^(unreachable|联系不上|未接通|无法联系)$/i },
  { kind: "snoozed", words: /^(snooze|snoozed|暂缓|稍后)$/i },
];

/** Kinds that may carry a method and an objection: a conversation took place. */
const WITH_DETAILS: ReadonlySet<OutcomeKind> = new Set(["contacted", "retained", "lost"]);

export type ParsedDone =
  | {
      customer: string;
      kind: OutcomeKind;
      method: RetentionMethod | null;
      objection: ObjectionChoice | null;
      /** The words after the details: the note, or the lost reason. */
      text: string;
      /** Days of a snooze. */
      days: number;
    }
  | { error: "usage" | "snooze_days" }
  | { error: "bad_method" | "bad_objection"; word: string };

/** The category a word names: its id, its Chinese or its English name. */
export function matchObjection(word: string, categories: readonly ObjectionChoice[]): ObjectionChoice | null {
  const w = word.trim().toLowerCase();
  return (
    categories.find((c) => c.id.toLowerCase() === w || c.zh === word.trim() || c.en.toLowerCase() === w) ??
    null
  );
}

const METHOD_KEY = /^(?:method|方法|保有方法)[=:：](.*)$/i;
const OBJECTION_KEY = /^(?:objection|异议)[=:：](.*)$/i;

/** The outcome kind a typed word names, or null. */
export function outcomeKindOf(word: string | undefined): OutcomeKind | null {
  return KINDS.find((k) => word !== undefined && k.words.test(word))?.kind ?? null;
}

/**
 * Whether parsing (or the reply's buttons) need the objection categories: retained and lost offer
 * them, and any kind with details may name one. Loading them may build the knowledge index.
 */
export function needsObjectionCategories(args: string): boolean {
  const [, word, ...rest] = args.trim().split(/\s+/);
  const kind = outcomeKindOf(word);
  return (
    kind === "retained" || kind === "lost" || (kind !== null && WITH_DETAILS.has(kind) && rest.length > 0)
  );
}

/** Parses the arguments of /done; `categories` are the knowledge base's objection categories. */
export function parseDoneArgs(args: string, categories: readonly ObjectionChoice[]): ParsedDone {
  const [customer, word, ...rest] = args.trim().split(/\s+/);
  const kind = outcomeKindOf(word);
  if (!customer || !kind) return { error: "usage" };
  if (kind === "snoozed") {
    const [days, ...note] = rest;
    if (!days || !/^\d+$/.test(days) || Number(days) < 1 || Number(days) > 365)
      return { error: "snooze_days" };
    return { customer, kind, method: null, objection: null, text: note.join(" "), days: Number(days) };
  }
  let method: RetentionMethod | null = null;
  let objection: ObjectionChoice | null = null;
  let i = 0;
  for (; WITH_DETAILS.has(kind) && i < rest.length; i++) {
    const token = rest[i] ?? "";
    const keyedMethod = METHOD_KEY.exec(token);
    const keyedObjection = OBJECTION_KEY.exec(token);
    if (keyedMethod) {
      method = parseRetentionMethod(keyedMethod[1] ?? "");
      if (!method) return { error: "bad_method", word: keyedMethod[1] ?? "" };
    } else if (keyedObjection) {
      objection = matchObjection(keyedObjection[1] ?? "", categories);
      if (!objection) return { error: "bad_objection", word: keyedObjection[1] ?? "" };
    } else if (!method && parseRetentionMethod(token)) {
      method = parseRetentionMethod(token);
    } else if (!objection && matchObjection(token, categories)) {
      objection = matchObjection(token, categories);
    } else break;
  }
  return { customer, kind, method, objection, text: rest.slice(i).join(" "), days: 0 };
}
