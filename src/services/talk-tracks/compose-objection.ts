/**
 * The answer to an objection composed from retrieved passages alone (no LLM): the best one to
 * three playbooks, each with its answer lines and a probing question to ask first, every line
 * citing the passage it came from.
 */
import type { TalkTrackMessages } from "../../i18n/talk-tracks.js";
import type { AnswerSection, TalkTrackAnswer } from "./answer.js";
import { isQuestion, pickAnswerLines } from "./answer-lines.js";
import { anchorOf, CitationList, docIdOf, type Passage } from "./passages.js";

/** A document is an alternative answer only when it scores at least this share of the best one. */
const RELATIVE_FLOOR = 0.35;
const ANSWER_ANCHORS = /answer|respond|reply|strategy|handling|应答|回应/i;
const PROBE_ANCHORS = /probe|question|ask|探询|提问/i;

interface DocGroup {
  docId: string;
  best: number;
  passages: Passage[];
}

/** Passages grouped by document, best document first, each group in rank order. */
export function groupByDocument(passages: readonly Passage[]): DocGroup[] {
  const groups = new Map<string, DocGroup>();
  for (const p of passages) {
    const id = docIdOf(p);
    const group = groups.get(id) ?? { docId: id, best: p.score, passages: [] };
    group.best = Math.max(group.best, p.score);
    group.passages.push(p);
    groups.set(id, group);
  }
  return [...groups.values()].sort((a, b) => b.best - a.best);
}

/** Up to `max` documents worth answering from: playbooks for objections come before general methods. */
export function chooseDocuments(passages: readonly Passage[], max = 3): DocGroup[] {
  const groups = groupByDocument(passages);
  const top = groups[0]?.best ?? 0;
  const strong = groups.filter((g) => g.best >= top * RELATIVE_FLOOR);
  const playbooks = strong.filter((g) => g.passages.some((p) => p.objections.length > 0));
  const others = strong.filter((g) => !playbooks.includes(g));
  return [...playbooks, ...others].slice(0, max);
}

export function composeObjectionAnswer(
  question: string,
  passages: readonly Passage[],
  m: TalkTrackMessages,
): TalkTrackAnswer {
  const citations = new CitationList();
  const sections: AnswerSection[] = [];
  for (const group of chooseDocuments(passages)) {
    const answer = group.passages.find((p) => ANSWER_ANCHORS.test(anchorOf(p))) ?? group.passages[0]!;
    const n = citations.cite(answer);
    const lines = pickAnswerLines(answer.text, question, { max: 3 }).map((line) => `${line} [${n}]`);
    const probe = group.passages.find((p) => p !== answer && PROBE_ANCHORS.test(anchorOf(p)));
    if (probe) {
      const ask = pickAnswerLines(probe.text, question, { max: 1, prefer: isQuestion })[0];
      if (ask) lines.unshift(`${m.askFirst}${ask} [${citations.cite(probe)}]`);
    }
    sections.push({ title: m.answerTitle(sections.length + 1, answer.heading), lines });
  }
  return {
    title: m.objectionTitle(question),
    sections,
    citations: citations.all,
    composedBy: "material",
  };
}
