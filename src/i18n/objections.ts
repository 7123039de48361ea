/** User-facing text of recognised objections (/objection), Simplified Chinese and English. */
import type { ObjectionKind } from "../domain/objection-kinds.js";
import type { Locale } from "./index.js";

export interface ObjectionMessages {
  kinds: Record<ObjectionKind, string>;
  /** "识别为：虚假异议 · 借口拖延" (a second category after "；也可能是："). */
  recognisedAs(first: string, second?: string): string;
  chosen(label: string): string;
  sections: {
    handling: string;
    probing: string;
    retention: string;
    alsoPossible(label: string): string;
    signal: string;
  };
  /** Asked instead of guessing when no category is clear. */
  clarify: string;
  clarifyTitle: string;
  llmRecognised: string;
}

const zh: ObjectionMessages = {
  kinds: { real: "真实异议", false: "虚假异议", hidden: "隐藏异议" },
  recognisedAs: (first, second) => `识别为：${first}${second ? `；也可能是：${second}` : ""}`,
  chosen: (label) => `按所选：${label}`,
  sections: {
    handling: "应对要点",
    probing: "先问清楚（探询）",
    retention: "可用的保有方法",
    alsoPossible: (label) => `如果是“${label}”`,
    signal: "相关预警信号",
  },
  clarify: "没能确定客户说的是哪一种异议，不做猜测。请选择最接近的一项：",
  clarifyTitle: "可能是：",
  llmRecognised: "（由大模型识别）",
};

const en: ObjectionMessages = {
  kinds: { real: "Real objection", false: "False objection", hidden: "Hidden objection" },
  recognisedAs: (first, second) => `Recognised as: ${first}${second ? `; possibly also: ${second}` : ""}`,
  chosen: (label) => `As chosen: ${label}`,
  sections: {
    handling: "How to handle it",
    probing: "Ask first (probing)",
    retention: "Retention methods that fit",
    alsoPossible: (label) => `If it is "${label}"`,
    signal: "Related warning signal",
  },
  clarify: "I could not tell which objection this is, so I won't guess. Pick the closest one:",
  clarifyTitle: "It may be:",
  llmRecognised: " (recognised by the LLM)",
};

export function objectionMessages(locale: Locale): ObjectionMessages {
  return locale === "en" ? en : zh;
}

/** "虚假异议 · 借口拖延" / "False objection · Stalling". */
export function categoryLabel(
  category: { kind: ObjectionKind; zh: string; en: string },
  locale: Locale,
): string {
  const m = objectionMessages(locale);
  return `${m.kinds[category.kind]} · ${locale === "en" ? category.en : category.zh}`;
}
