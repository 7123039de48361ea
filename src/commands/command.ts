import type { App } from "../app.js";
import type { IncomingMessage } from "../chat/message.js";
import type { Reply } from "../chat/reply.js";
import type { Locale } from "../i18n/index.js";
import type { Requester } from "./identity.js";

/** Where a command runs: who asks, in which chat, in which language, with which services. */
export interface CommandContext {
  readonly app: App;
  readonly message: IncomingMessage;
  /** The manager behind the message; null only for commands marked `public`. */
  readonly requester: Requester | null;
  readonly locale: Locale;
  /** A group chat: personal data must be masked and lists kept short. */
  readonly inGroup: boolean;
  /** The team a group chat is bound to, when it is one. */
  readonly groupTeamId: string | null;
}

/** The context of a command that only people the bot knows may run: the requester is known. */
export interface KnownCommandContext extends CommandContext {
  readonly requester: Requester;
}

interface CommandBase {
  /** Stable name, used in logs and `ask --json` (e.g. "risk"). */
  readonly name: string;
  /** Slash forms, first is canonical (e.g. ["/risk", "/风险"]). */
  readonly slash: readonly string[];
  /** Plain-language phrasings that mean this command; the rest of the text after a match is the argument. */
  readonly phrases?: readonly RegExp[];
  /** How help writes it, placeholders in the reader's language (src/i18n/command-usage.ts). */
  readonly usage: Record<Locale, string>;
  readonly description: Record<Locale, string>;
  /** Usable in a group that is not bound to a team (bindgroup). */
  readonly allowUnboundGroup?: boolean;
  /** How to ask for less when a reply is cut at the limit ("/care 10"), for commands taking a count. */
  readonly narrower?: string;
  /** Hidden from help (button callbacks). */
  readonly hidden?: boolean;
}

/** Usable by people the bot does not know (help, bind): the requester may be null. */
export interface PublicCommand extends CommandBase {
  readonly public: true;
  run(ctx: CommandContext, args: string): Promise<Reply>;
}

/** Everything else: the command layer refuses unknown people before `run`. */
export interface MemberCommand extends CommandBase {
  readonly public?: false;
  run(ctx: KnownCommandContext, args: string): Promise<Reply>;
}

export type CommandDefinition = PublicCommand | MemberCommand;
