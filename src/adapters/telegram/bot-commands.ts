import type { Api } from "grammy";
import { LOCALES, type Locale } from "../../i18n/index.js";

/** A command as the Telegram menu shows it: name without the slash, a description per locale. */
export interface BotCommandSpec {
  command: string;
  description: Record<Locale, string>;
}

/** Telegram accepts lower-case Latin letters, digits and underscores, up to 32 characters. */
const VALID_COMMAND = /^[a-z0-9_]{1,32}$/;
const DESCRIPTION_LIMIT = 256;

/**
 * Registers the command menu in each language (Telegram picks the list matching the user's app
 * language) and in the default language for everyone else.
 */
export async function registerBotCommands(
  api: Api,
  specs: readonly BotCommandSpec[],
  defaultLocale: Locale,
): Promise<void> {
  const valid = specs.filter((s) => VALID_COMMAND.test(s.command));
  const list = (locale: Locale) =>
    valid.map((s) => ({
      command: s.command,
      description: s.description[locale].slice(0, DESCRIPTION_LIMIT),
    }));
  for (const locale of LOCALES) await api.setMyCommands(list(locale), { language_code: locale });
  await api.setMyCommands(list(defaultLocale));
}
