import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runConsoleChat } from "../../../../src/adapters/console/console-chat.js";
import type { IncomingMessage } from "../../../../src/chat/message.js";
import { messages } from "../../../../src/i18n/index.js";

/** Runs the console over `lines` and returns what the bot was asked and what it printed. */
async function converse(lines: string[], options: { interactive: boolean; banner?: string }) {
  const asked: string[] = [];
  let printed = "";
  const output = new Writable({
    write(chunk, _encoding, done) {
      printed += String(chunk);
      done();
    },
  });
  const input = new PassThrough();
  input.end(lines.map((l) => `${l}\n`).join(""));
  await runConsoleChat({
    handle: async (m: IncomingMessage) => {
      asked.push(m.text);
      return { blocks: [{ type: "text", text: `answer to ${m.text}` }] };
    },
    userId: "M001",
    input,
    output,
    fileDir: "/nonexistent",
    ...options,
  });
  return { asked, printed };
}

describe("console chat", () => {
  it("stops at exit, quit or 退出 with piped input too, as its banner says", async () => {
    for (const word of ["exit", "QUIT", "退出"]) {
      const { asked, printed } = await converse(["help", word, "/risk"], { interactive: false });
      expect(asked).toEqual(["help"]);
      expect(printed).not.toContain(word);
    }
  });

  it("skips blank lines and answers the rest in order", async () => {
    const { asked, printed } = await converse(["help", "  ", "/risk 3"], { interactive: false });
    expect(asked).toEqual(["help", "/risk 3"]);
    expect(printed).toBe("answer to help\n\nanswer to /risk 3\n\n");
  });

  it("prints the banner in the configured language, one language per banner", async () => {
    const zh = messages("zh").consoleBanner("M001");
    const en = messages("en").consoleBanner("M001");
    expect(zh).toContain("M001");
    expect(zh).not.toMatch(/console chat|type help/);
    expect(en).toBe("RetainBot · console chat as M001 (type help, or exit to quit)");
    const { printed } = await converse(["exit"], { interactive: true, banner: zh });
    expect(printed.startsWith(`${zh}\n`)).toBe(true);
  });
});
