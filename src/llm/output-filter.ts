/**
 * What comes back from the model is untrusted text: control characters, terminal escapes,
 * direction overrides and markup are stripped; phone numbers, ID numbers, bank cards and e-mail
 * addresses are masked; other customers' ids are hidden. Applied to every delta and the final
 * answer, after pseudonyms are restored.
 */
import { maskPersonalData } from "../domain/masking.js";

// ANSI/VT escape sequences (CSI and OSC), then the remaining C0/C1 controls except tab and newline.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** Bidirectional overrides and isolates (U+202E can make "gpj.exe" read "exe.jpg"), zero-width marks. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
/** HTML tags and chat markup in angle brackets (<b>, <a href=…>, Slack's <!channel> and <@U123>). */
const MARKUP = /<\/?[!@#]?[A-Za-z][^<>\n]{0,300}>/g;

/** Text without control characters, escapes, invisible direction marks or markup tags. */
export function sanitiseModelText(text: string): string {
  return text.replace(ANSI, "").replace(CONTROL, "").replace(INVISIBLE, "").replace(MARKUP, "");
}

/** Tokens that could be customer ids (letters and digits with at least two digits). */
const ID_CANDIDATE = /(?<![0-9A-Za-z])[A-Za-z]{0,6}\d{2,}[A-Za-z0-9]*(?![0-9A-Za-z])/g;

/** Which of these candidate ids are customers' ids (in the store). */
export type CustomerIdProbe = (candidates: readonly string[]) => Promise<ReadonlySet<string>>;

export interface OutputFilterOptions {
  /** Looks candidates up among the customers; without it no id is hidden. */
  probe?: CustomerIdProbe;
  /** The customer the answer is about: their id may stay. */
  allowedIds?: readonly string[];
  /** What a hidden identifier reads as. */
  hidden?: string;
}

/** The model's text, sanitised and masked, with other customers' ids hidden (looked up in the store). */
export async function filterModelText(text: string, options: OutputFilterOptions = {}): Promise<string> {
  const masked = maskPersonalData(sanitiseModelText(text));
  if (!options.probe) return masked;
  const candidates = [...new Set(masked.match(ID_CANDIDATE) ?? [])];
  if (candidates.length === 0) return masked;
  const allowed = new Set((options.allowedIds ?? []).map((id) => id.toUpperCase()));
  const found = await options.probe(candidates);
  const hide = new Set(
    [...found].filter((id) => !allowed.has(id.toUpperCase())).map((id) => id.toUpperCase()),
  );
  if (hide.size === 0) return masked;
  return masked.replace(ID_CANDIDATE, (token) =>
    hide.has(token.toUpperCase()) ? (options.hidden ?? "【已隐藏】") : token,
  );
}
