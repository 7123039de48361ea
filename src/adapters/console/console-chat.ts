import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { MessageHandler } from "../../chat/handler.js";
import { replyToPlainText } from "../../chat/reply.js";

export interface ConsoleChatOptions {
  handle: MessageHandler;
  /** The manager id the console speaks as. */
  userId: string;
  input: Readable;
  output: Writable;
  /** Printed once before the first prompt (interactive only). */
  banner?: string;
  /** Show a prompt; off when stdin is piped so output stays just the answers. */
  interactive: boolean;
}

/**
 * The embedded chat: a REPL in a terminal, or with piped input one answer per line until EOF.
 * Lines are answered in order, one at a time. Resolves when the input ends.
 */
export async function runConsoleChat(options: ConsoleChatOptions): Promise<void> {
  const { handle, userId, input, output, interactive } = options;
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  if (interactive) {
    if (options.banner) output.write(`${options.banner}\n`);
    rl.setPrompt("> ");
    rl.prompt();
  }
  for await (const line of rl) {
    const text = line.trim();
    if (text === "") {
      if (interactive) rl.prompt();
      continue;
    }
    if (interactive && /^(exit|quit|退出)$/i.test(text)) break;
    const reply = await handle({ platform: "console", userId, chatType: "private", text });
    output.write(`${replyToPlainText(reply)}\n\n`);
    if (interactive) rl.prompt();
  }
  rl.close();
}
