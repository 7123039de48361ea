import { identityMessages } from "../i18n/identity.js";
import { redeemBindCode, revokeBindCode } from "../services/identity/bind-codes.js";
import type { CommandDefinition } from "./command.js";
import { type Reply, textReply } from "./reply.js";

/**
 * `/bind <工号> <code>`: a chat user proves who they are with a one-time code from an
 * administrator (`retainbot invite`), and their platform id is stored on the manager. Open to
 * people the bot does not know yet; refused in groups, where the code would be public.
 */
export const bindCommand: CommandDefinition = {
  name: "bind",
  slash: ["/bind", "/绑定"],
  usage: "/bind <工号> <code>",
  description: { zh: identityMessages("zh").bindDescription, en: identityMessages("en").bindDescription },
  public: true,
  allowUnboundGroup: true,
  async run(ctx, args): Promise<Reply> {
    const m = identityMessages(ctx.locale);
    // The code may be typed with a space or a hyphen in the middle ("12345 67890").
    const [managerId, ...codeParts] = args.split(/\s+/).filter(Boolean);
    const code = codeParts.join("");
    const now = ctx.app.clock.now();
    if (ctx.inGroup) {
      if (code) await revokeBindCode(ctx.app.store.prisma, code, now);
      return textReply(m.bindInGroup, { errorCode: "bind_in_group" });
    }
    const platform = ctx.message.platform;
    if (platform === "console") return textReply(m.bindConsole, { errorCode: "bind_console" });
    if (!managerId || !/^[\d-]+$/.test(code)) return textReply(m.bindUsage, { errorCode: "usage" });

    const result = await redeemBindCode(ctx.app.store.prisma, {
      managerId,
      code,
      platform,
      platformUserId: ctx.message.userId,
      now,
    });
    if (result.ok) {
      ctx.app.logger.info({ managerId: result.value.managerId, platform }, "chat account bound");
      return textReply(m.bound(result.value.name, result.value.managerId), {
        data: { managerId: result.value.managerId },
      });
    }
    const failure = result.error;
    ctx.app.logger.info({ platform, user: ctx.message.userId, reason: failure.code }, "bind refused");
    const text =
      failure.code === "expired"
        ? m.codeExpired
        : failure.code === "used"
          ? m.codeUsed
          : failure.code === "account_taken"
            ? m.accountTaken(failure.managerId ?? "?")
            : m.codeInvalid;
    return textReply(text, { errorCode: `bind_${failure.code}` });
  },
};
