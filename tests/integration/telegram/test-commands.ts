import { textReply } from "../../../src/chat/reply.js";
import type { CommandDefinition } from "../../../src/commands/command.js";

const base = { usage: { zh: "", en: "" }, description: { zh: "测试", en: "test" }, hidden: true } as const;

/** `/whoami`: a short outcome naming the manager the command ran as. */
export const whoamiCommand: CommandDefinition = {
  ...base,
  name: "whoami",
  slash: ["/whoami"],
  async run(ctx, args) {
    return textReply(`已记录：${ctx.requester?.name ?? "?"}${args ? ` ${args.length}` : ""}`);
  },
};

/** `/testcard`: one customer card whose name needs escaping, with buttons. */
export const cardCommand: CommandDefinition = {
  ...base,
  name: "testcard",
  slash: ["/testcard"],
  async run() {
    return {
      blocks: [
        { type: "heading", text: "风险客户 <今日> & 明日" },
        {
          type: "customer",
          customerId: "C0001",
          title: "王_*[小] <VIP> & Co",
          lines: ["合约 2026-12-01 到期", "a_b*c [d](e)"],
          actions: [
            { label: "谁按的", action: "/whoami" },
            { label: "长动作", action: `/whoami ${"长".repeat(40)}` },
            { label: "说明", action: "/help" },
          ],
        },
      ],
    };
  },
};

/** `/secret`: a reply with personal data. */
export const secretCommand: CommandDefinition = {
  ...base,
  name: "secret",
  slash: ["/secret"],
  async run() {
    return textReply("王小明 13800001234 详细资料", { personal: true });
  },
};

/** `/long`: a reply far over Telegram's 4,096 characters, with lines that need escaping. */
export const longCommand: CommandDefinition = {
  ...base,
  name: "long",
  slash: ["/long"],
  async run() {
    const items = Array.from({ length: 400 }, (_, i) => `第${i + 1}行 <a&b> ${"客".repeat(20)}`);
    return {
      blocks: [
        { type: "heading", text: "长列表" },
        { type: "list", items },
      ],
    };
  },
};

/** `/chart`: an image. */
export const chartCommand: CommandDefinition = {
  ...base,
  name: "chart",
  slash: ["/chart"],
  async run() {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    return { blocks: [{ type: "image", png, caption: "风险趋势 <7天>" }] };
  },
};

/** `/slow`: answers only when the test opens the gate. */
export function slowCommand(gate: Promise<void>): CommandDefinition {
  return {
    ...base,
    name: "slow",
    slash: ["/slow"],
    async run() {
      await gate;
      return textReply("慢回答");
    },
  };
}

export const testCommands = [whoamiCommand, cardCommand, secretCommand, longCommand, chartCommand];
