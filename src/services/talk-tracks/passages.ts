/**
 * What talk tracks need from the knowledge base: a search returning passages (sections of the
 * training material) with their source. Written against the shape of src/knowledge's `search`,
 * kept as a small interface so tests can pass a tiny in-memory retriever.
 */

import type { Passage as KnowledgePassage, SearchOptions } from "../../knowledge/types.js";

/** A knowledge passage; `docTitle` may be missing from small in-test retrievers. */
export type Passage = Omit<KnowledgePassage, "docTitle"> & { docTitle?: string };

export type PassageQuery = SearchOptions;

export interface PassageRetriever {
  search(query: string, options?: PassageQuery): Passage[] | Promise<Passage[]>;
}

/** A numbered source as shown under an answer: [n] file › heading. */
export interface Citation {
  n: number;
  passageId: string;
  sourceFile: string;
  heading: string;
}

/** The document a passage belongs to (the part of its id before "#"). */
export function docIdOf(passage: Pick<Passage, "id">): string {
  const hash = passage.id.indexOf("#");
  return hash < 0 ? passage.id : passage.id.slice(0, hash);
}

/** The section anchor of a passage ("answer", "probe" …), or "" when its id has none. */
export function anchorOf(passage: Pick<Passage, "id">): string {
  const hash = passage.id.indexOf("#");
  return hash < 0 ? "" : passage.id.slice(hash + 1);
}

/** "objections/price-too-high.md › 应答思路" — file and heading, the way managers find it again. */
export function citationLabel(c: Pick<Citation, "sourceFile" | "heading">): string {
  return c.heading ? `${c.sourceFile} › ${c.heading}` : c.sourceFile;
}

/**
 * Numbers passages in the order they are first cited, so an answer's [1], [2] … match the source
 * list printed under it.
 */
export class CitationList {
  private readonly byId = new Map<string, Citation>();

  cite(passage: Passage): number {
    const known = this.byId.get(passage.id);
    if (known) return known.n;
    const n = this.byId.size + 1;
    this.byId.set(passage.id, {
      n,
      passageId: passage.id,
      sourceFile: passage.sourceFile,
      heading: passage.heading,
    });
    return n;
  }

  get all(): Citation[] {
    return [...this.byId.values()];
  }
}
