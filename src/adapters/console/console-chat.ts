import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { MessageHandler } from "../../chat/handler.js";
import { type Reply, replyToPlainText } from "../../chat/reply.js";

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
  /** Where files a reply carries (exports) are saved; their path is printed. */
  fileDir: string;
}

/**
 * The embedded chat: a REPL in a terminal, or with piped input one answer per line until EOF
 * (or a line saying exit, quit or 退出, as in the terminal).
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
    if (/^(exit|quit|退出)$/i.test(text)) break;
    const reply = await handle({ platform: "console", userId, chatType: "private", text });
    const saved = await saveFiles(reply, options.fileDir);
    output.write(`${[replyToPlainText(reply), ...saved.map((path) => `→ ${path}`)].join("\n")}\n\n`);
    if (interactive) rl.prompt();
  }
  rl.close();
}

/** Writes a reply's files into `dir` (created 0700: they hold personal data) and returns their paths. */
async function saveFiles(reply: Reply, dir: string): Promise<string[]> {
  const files = reply.blocks.filter((b) => b.type === "file");
  if (files.length === 0) return [];
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const paths: string[] = [];
  for (const file of files) {
    const path = resolve(join(dir, file.name));
    await writeFile(path, file.bytes, { mode: 0o600 });
    paths.push(path);
  }
  return paths;
}
