import type { Locale } from "./index.js";

/**
 * The one shape of every message catalogue: one object per locale, of one interface, so a message
 * missing in a language is a type error; and the one way to pick the locale (Chinese by default).
 */
export function defineCatalogue<T>(byLocale: Readonly<Record<Locale, T>>): (locale?: Locale) => T {
  return (locale = "zh") => byLocale[locale];
}
