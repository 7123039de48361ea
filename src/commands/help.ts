import type { Reply } from "../chat/reply.js";
import { COMMAND_USAGE } from "../i18n/command-usage.js";
import { messages } from "../i18n/index.js";
import type { CommandDefinition } from "./command.js";

/** `help`: what the bot can do, listing every visible command in the asker's language. */
export function helpCommand(all: () => readonly CommandDefinition[]): CommandDefinition {
  return {
    name: "help",
    slash: ["/help", "/start", "/帮助"],
    phrases: [
      /^(help|帮助|使用说明|你能做什么|怎么用|你好|您好|hello|hi)[?？!！。.]*$/i,
      /^(?:what can you do|how do i use (?:this|you|it)|what are the commands)[?.!]*$/i,
    ],
    usage: COMMAND_USAGE.help,
    description: { zh: "显示本说明", en: "show this help" },
    public: true,
    allowUnboundGroup: true,
    async run(ctx): Promise<Reply> {
      const m = messages(ctx.locale).help;
      const visible = all().filter((c) => !c.hidden);
      return {
        blocks: [
          { type: "heading", text: m.title },
          { type: "text", text: m.intro },
          {
            type: "list",
            items: visible.map((c) => m.commandLine(c.usage[ctx.locale], c.description[ctx.locale])),
          },
          { type: "text", text: m.examplesTitle },
          { type: "list", items: m.examples },
        ],
        data: { commands: visible.map((c) => ({ name: c.name, usage: c.usage[ctx.locale] })) },
      };
    },
  };
}
