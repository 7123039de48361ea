import type { CommandDefinition } from "./command.js";
import { helpCommand } from "./help.js";

/**
 * Every command the bot understands, in matching order for plain-language phrasings
 * (put more specific phrasings first). Feature areas add one line each.
 */
export const commands: readonly CommandDefinition[] = [helpCommand(() => commands)];
