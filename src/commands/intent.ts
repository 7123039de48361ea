import type { CommandDefinition } from "./command.js";

export interface Intent {
  readonly command: CommandDefinition;
  readonly args: string;
}

/**
 * Normalises chat text: full-width slashes and spaces become ASCII, a leading bot mention
 * ("@retainbot ", "<@U123> ") is dropped, and "/cmd@botname" loses its suffix (Telegram groups).
 */
export function normaliseText(text: string): string {
  return text
    .replace(/\u3000/g, " ")
    .replace(/^\s*(<@[A-Z0-9]+>|@\w+)\s*/u, "")
    .replace(/^[／]/, "/")
    .replace(/^(\/[^\s@]+)@\w+/, "$1")
    .trim();
}

/** Maps a message to a command: slash forms, bare command words, then plain-language phrasings in registry order. */
export function parseIntent(text: string, commands: readonly CommandDefinition[]): Intent | null {
  const input = normaliseText(text);
  if (input === "") return null;
  if (input.startsWith("/")) {
    const [head = "", ...rest] = input.split(/\s+/);
    const slash = head.toLowerCase();
    const command = commands.find((c) => c.slash.some((s) => s.toLowerCase() === slash));
    return command ? { command, args: rest.join(" ").trim() } : null;
  }
  // "risk 5" in Slack's `/retain risk 5` or a console: a bare command word works like its slash form.
  const [word = "", ...words] = input.split(/\s+/);
  const bare = commands.find((c) => c.slash.some((s) => s.slice(1).toLowerCase() === word.toLowerCase()));
  if (bare && /^[a-z]+$/i.test(word)) return { command: bare, args: words.join(" ").trim() };
  for (const command of commands) {
    for (const phrase of command.phrases ?? []) {
      const match = phrase.exec(input);
      if (match) return { command, args: input.slice(match.index + match[0].length).trim() };
    }
  }
  return null;
}
