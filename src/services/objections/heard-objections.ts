/**
 * The objections a customer has already raised, recognised in their own notes (events and
 * outcomes managers logged): a call script prepares for those first. Local classifier only: notes
 * are personal data and never go to an LLM for this.
 */
import type { ObjectionCategory } from "../../knowledge/types.js";
import { type ObjectionMaterial, recogniseLocally } from "./recognition.js";

export interface HeardObjection {
  category: ObjectionCategory;
  /** The objection label the category's playbook is tagged with (what script retrieval filters on). */
  label: string;
}

// Notes read "2026-06-01 complaint: 客户说…"; the date and type are not the customer's words.
const NOTE_PREFIX = /^\d{4}-\d{2}-\d{2}\s+[a-z_]+:\s*/i;

/** Confidently recognised categories of the notes, newest note first, each category once. */
export function heardObjections(material: ObjectionMaterial, notes: readonly string[]): HeardObjection[] {
  const heard: HeardObjection[] = [];
  for (const note of notes) {
    const recognition = recogniseLocally(material.classifier, note.replace(NOTE_PREFIX, ""));
    for (const { category } of recognition.recognised.slice(0, 1)) {
      if (heard.some((h) => h.category.id === category.id)) continue;
      const handling = category.handling.map((a) => material.get(`${category.docId}#${a}`)).find(Boolean);
      heard.push({ category, label: handling?.objections[0] ?? category.zh });
    }
  }
  return heard;
}
