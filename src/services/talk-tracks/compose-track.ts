/**
 * A call script composed from retrieved passages alone (no LLM), in the order of the four-step
 * call: opening, probing questions, likely objections with answers, options, follow-up. Every
 * line cites the passage it was taken from.
 */
import type { TalkTrackMessages } from "../../i18n/talk-tracks.js";
import type { AnswerSection, TalkTrackAnswer } from "./answer.js";
import { isQuestion, pickAnswerLines } from "./answer-lines.js";
import { anchorOf, CitationList, type Passage, type PassageRetriever } from "./passages.js";
import type { TrackQueries } from "./track-queries.js";

const OPENING = /rapport|opening|greet|开场/i;
const APPROACH = /approach|hotline|portability|renewal|complaint|overdue|联系|怎么说/i;
const ANSWER = /answer|respond|reply|strategy|resolve|renewal|approach|应答/i;
const QUOTABLE = (unit: string) => /“[^”]{4,}”/.test(unit);

/** The passages retrieved for each part of a script. */
export interface TrackMaterial {
  opening: Passage[];
  signal: Passage[];
  personality: Passage[];
  probing: Passage[];
  objections: { objection: string; passages: Passage[] }[];
  options: Passage[];
  followUp: Passage[];
}

export async function retrieveTrackMaterial(
  retriever: PassageRetriever,
  q: TrackQueries,
): Promise<TrackMaterial> {
  const search = async (query: string, k: number, extra: { objections?: string[] } = {}) =>
    await retriever.search(query, { k, signals: q.signalCodes, ...extra });
  const [opening, signal, personality, probing, stageOptions, sensitivityOptions, followUp, ...objections] =
    await Promise.all([
      search(q.opening, 4),
      q.signal ? search(q.signal, 4) : Promise.resolve([]),
      q.personality ? search(q.personality, 3) : Promise.resolve([]),
      search(q.probing, 6),
      search(q.options[0] ?? "", 3),
      search(q.options[1] ?? "", 3),
      search(q.followUp, 4),
      ...q.objections.map((o) => search(o, 5, { objections: [o] })),
    ]);
  return {
    opening,
    signal,
    personality,
    probing,
    options: [...stageOptions, ...sensitivityOptions],
    followUp,
    objections: q.objections.map((objection, i) => ({
      objection,
      // Only passages written for this objection answer it.
      passages: (objections[i] ?? []).filter((p) => p.objections.includes(objection)),
    })),
  };
}

/** The script composed from the material; `title` names the customer as the caller wants it shown. */
export function composeCallScript(
  title: string,
  material: TrackMaterial,
  q: TrackQueries,
  m: TalkTrackMessages,
): TalkTrackAnswer {
  const citations = new CitationList();
  const used = new Set<string>();
  const take = (passages: readonly Passage[], prefer?: RegExp): Passage | undefined => {
    const fresh = passages.filter((p) => !used.has(p.id));
    const chosen =
      (prefer && fresh.find((p) => prefer.test(anchorOf(p)) || prefer.test(p.heading))) ?? fresh[0];
    if (chosen) used.add(chosen.id);
    return chosen;
  };
  const said = new Set<string>();
  const lines = (p: Passage | undefined, query: string, max: number, prefer?: (u: string) => boolean) => {
    if (!p) return [];
    const picked = pickAnswerLines(p.text, query, { max, prefer }).filter((l) => !said.has(l));
    if (picked.length === 0) return [];
    const n = citations.cite(p);
    for (const l of picked) said.add(l);
    return picked.map((l) => `${l} [${n}]`);
  };

  // The signal's playbook is read once: how to raise the subject opens, its question probes.
  const signal = take(material.signal, APPROACH);
  const opening = [
    ...lines(take(material.opening, OPENING), q.opening, 2, QUOTABLE),
    ...lines(signal, `${q.signal ?? ""} 开场 关心`, 1, QUOTABLE),
    ...lines(take(material.personality), q.personality ?? "", 2),
  ];
  const probing = [
    ...lines(take(material.probing), q.probing, 2, isQuestion),
    ...lines(signal, `${q.signal ?? ""} 探询 问`, 1, isQuestion),
  ];
  const objections = material.objections.flatMap(({ objection, passages }) => {
    const answer = take(passages, ANSWER);
    return lines(answer, objection, 2, QUOTABLE).map((l) => `“${objection}”：${l}`);
  });
  const options = q.optionsPrefer
    .map((anchor) => take(material.options, new RegExp(`^${anchor}$`)))
    .flatMap((p) => lines(p, q.options.join(" "), 2));
  const followUp = lines(take(material.followUp, /follow|跟进|回访/i), q.followUp, 3);

  const sections: AnswerSection[] = [
    { title: m.sections.opening, lines: opening },
    { title: m.sections.probing, lines: probing },
    { title: m.sections.objections, lines: objections },
    { title: m.sections.options, lines: options },
    { title: m.sections.followUp, lines: followUp },
  ].filter((s) => s.lines.length > 0);
  return { title, sections, citations: citations.all, composedBy: "material" };
}

/** Every passage of the material once, in script order: what the LLM is given to write from. */
export function materialInOrder(material: TrackMaterial, cited: readonly string[]): Passage[] {
  const all = [
    ...material.opening,
    ...material.signal,
    ...material.personality,
    ...material.probing,
    ...material.objections.flatMap((o) => o.passages),
    ...material.options,
    ...material.followUp,
  ];
  const byId = new Map(all.map((p) => [p.id, p]));
  const first = cited.flatMap((id) => byId.get(id) ?? []);
  const rest = [...byId.values()].filter((p) => !cited.includes(p.id));
  return [...first, ...rest];
}
