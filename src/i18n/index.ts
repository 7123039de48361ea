import { defineCatalogue, type Locale } from "./catalogue.js";
import { en } from "./messages.en.js";
import type { Messages } from "./messages.js";
import { zh } from "./messages.zh.js";

export { defineCatalogue, LOCALES, type Locale } from "./catalogue.js";
export type { Messages } from "./messages.js";

/** The message catalogue for a locale; Simplified Chinese is the default. */
export const messages = defineCatalogue<Messages>({ zh, en });

const HAN = /\p{Script=Han}/u;
const LATIN_WORDS = /[A-Za-z]{2,}/g;

/**
 * The language a message is written in: Chinese when it has Han characters, English when it is a
 * phrase of English words. A lone command word ("help", "/risk 5") says nothing about the
 * speaker's language, so the configured default decides.
 */
export function detectLocale(text: string, fallback: Locale): Locale {
  if (HAN.test(text)) return "zh";
  const withoutCommand = text.replace(/^\s*\/\S+/, "");
  return (withoutCommand.match(LATIN_WORDS)?.length ?? 0) >= 2 ? "en" : fallback;
}
