/**
 * The answer to a recognised objection, composed from the material without an LLM: that
 * category's handling first, then the probing questions, the retention methods that fit, a
 * second category's handling when the text says both, and a warning signal's playbook only when
 * the manager named a signal. Every line cites its passage.
 */

import type { Locale } from "../../i18n/index.js";
import { categoryLabel, type ObjectionMessages } from "../../i18n/objections.js";
import type { TalkTrackMessages } from "../../i18n/talk-tracks.js";
import { normalizeText } from "../../knowledge/normalize.js";
import type { ObjectionCategory } from "../../knowledge/types.js";
import type { AnswerSection, TalkTrackAnswer } from "../talk-tracks/answer.js";
import { isQuestion, pickAnswerLines } from "../talk-tracks/answer-lines.js";
import { CitationList, type Passage } from "../talk-tracks/passages.js";
import type { ObjectionMaterial, ObjectionRecognition } from "./recognition.js";

/** Generic probing questions for categories whose document has none. */
const FALLBACK_PROBING = "probing-real-reason#emotional-questions";

export interface ComposedObjection {
  answer: TalkTrackAnswer;
  /** Every passage the answer drew on, in answer order (what an LLM is given first). */
  passages: Passage[];
}

export function composeRecognisedAnswer(
  question: string,
  recognition: ObjectionRecognition,
  material: Pick<ObjectionMaterial, "get">,
  retrieved: readonly Passage[],
  texts: { m: TalkTrackMessages; om: ObjectionMessages; locale: Locale },
): ComposedObjection {
  const { m, om, locale } = texts;
  const citations = new CitationList();
  const used: Passage[] = [];
  const said = new Set<string>();
  const cite = (p: Passage, picked: string[]) => {
    const lines = picked.filter((l) => l !== "" && !said.has(l));
    for (const l of lines) said.add(l);
    if (lines.length === 0) return [];
    if (!used.includes(p)) used.push(p);
    const n = citations.cite(p);
    return lines.map((l) => `${l} [${n}]`);
  };
  const section = (doc: string, anchor: string) =>
    material.get(anchor.includes("#") ? anchor : `${doc}#${anchor}`);
  const [first, second] = recognition.recognised.map((r) => r.category);
  const sections: AnswerSection[] = [];
  if (first) {
    const handling = first.handling.flatMap((a) => section(first.docId, a) ?? []);
    const handlingLines = handling
      .slice(0, 2)
      .flatMap((p, i) => cite(p, pickAnswerLines(p.text, question, { max: i === 0 ? 3 : 2 })));
    sections.push({ title: om.sections.handling, lines: handlingLines });
    const probing = probingPassages(first, section);
    const asks = probing.flatMap((p) =>
      cite(p, pickAnswerLines(p.text, question, { max: 2, prefer: isQuestion })),
    );
    sections.push({ title: om.sections.probing, lines: asks.slice(0, 3) });
    const retention = first.retention.flatMap((id) => material.get(id) ?? []);
    sections.push({
      title: om.sections.retention,
      lines: retention
        .slice(0, 2)
        .flatMap((p) => cite(p, [`${p.heading}：${pickAnswerLines(p.text, question, { max: 1 })[0] ?? ""}`])),
    });
  }
  if (second) {
    const p = second.handling.map((a) => section(second.docId, a)).find((x) => x !== undefined);
    if (p)
      sections.push({
        title: om.sections.alsoPossible(categoryLabel(second, locale)),
        lines: cite(p, pickAnswerLines(p.text, question, { max: 2 })),
      });
  }
  const signal = askedSignal(question, retrieved);
  if (signal)
    sections.push({
      title: om.sections.signal,
      lines: cite(signal, pickAnswerLines(signal.text, question, { max: 2 })),
    });
  return {
    answer: {
      title: m.objectionTitle(question),
      sections: sections.filter((s) => s.lines.length > 0),
      citations: citations.all,
      composedBy: "material",
    },
    passages: used,
  };
}

function probingPassages(
  category: ObjectionCategory,
  section: (doc: string, anchor: string) => Passage | undefined,
): Passage[] {
  const own = category.probing.flatMap((a) => section(category.docId, a) ?? []);
  if (own.length > 0) return own;
  const fallback = section("", FALLBACK_PROBING);
  return fallback ? [fallback] : [];
}

/**
 * The playbook of a warning signal the manager named ("客户咨询携号转网，说太贵"): a retrieved
 * passage from signals/ one of whose tags is in the question. Null when no signal was named, so
 * signal definitions never crowd out the objection's handling.
 */
export function askedSignal(question: string, retrieved: readonly Passage[]): Passage | undefined {
  const text = normalizeText(question).toLowerCase();
  return retrieved.find(
    (p) =>
      p.sourceFile.startsWith("signals/") &&
      p.tags.some((tag) => tag.length >= 2 && text.includes(tag.toLowerCase())),
  );
}
