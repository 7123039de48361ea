/** The languages RetainBot answers in; Simplified Chinese is the default. */
export const LOCALES = ["zh", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * The one shape of every message catalogue: one object per locale, of one interface, so a message
 * missing in a language is a type error; and the one way to pick the locale (Chinese by default).
 */
export function defineCatalogue<T>(byLocale: Readonly<Record<Locale, T>>): (locale?: Locale) => T {
  return (locale = "zh") => byLocale[locale];
}
