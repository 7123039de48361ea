import type { App } from "../../../src/app.js";
import type { Reply } from "../../../src/chat/reply.js";
import { handleMessage } from "../../../src/commands/dispatch.js";
import { commands, loadEveryCommand } from "../../../src/commands/registry.js";

// Every command's module now, not while a test waits for a reply (they load on first use).
await loadEveryCommand();

/** Sends one console message as `userId`; with `stream` the reply may still be being written. */
export function ask(
  app: App,
  userId: string,
  text: string,
  options: { stream?: boolean; locale?: "zh" | "en" } = {},
) {
  return handleMessage(
    app,
    { platform: "console", userId, chatType: "private", text, locale: options.locale },
    commands,
    { stream: options.stream },
  );
}

/** All the text of a reply's blocks. */
export function replyText(reply: Reply): string {
  return reply.blocks.map((b) => ("text" in b ? b.text : "items" in b ? b.items.join("\n") : "")).join("\n");
}

export function noticeOf(reply: Reply): string | undefined {
  return reply.blocks.find((b) => b.type === "notice")?.text;
}

/** Env for an App talking to the fake LLM. */
export function llmEnv(baseURL: string, extra: Record<string, string> = {}): Record<string, string> {
  return { OPENAI_BASE_URL: baseURL, OPENAI_API_KEY: "test-key", OPENAI_MODEL: "fake-chat", ...extra };
}
