import { type Reply, textReply } from "../chat/reply.js";
import { identityMessages } from "../i18n/identity.js";
import { securityMessages } from "../i18n/security.js";
import { isWrongCode, redeemBindCode, revokeBindCode } from "../services/identity/bind-codes.js";
import { BIND_WINDOW_MINUTES, throttledBind } from "../services/identity/bind-throttle.js";
import { alertLeadOf } from "../services/identity/lead-alert.js";
import type { CommandContext, CommandDefinition } from "./command.js";
import { bindSpec } from "./specs.js";

/**
 * `/bind <工号> <code>`: a chat user proves who they are with a one-time code from an
 * administrator (`retainbot invite`), and their platform id is stored on the manager. Open to
 * people the bot does not know yet; refused in groups, where the code would be public.
 */
export const bindCommand: CommandDefinition = {
  ...bindSpec,
  async run(ctx, args): Promise<Reply> {
    const m = identityMessages(ctx.locale);
    // The code may be typed with a space or a hyphen in the middle ("12345 67890").
    const words = args.split(/\s+/).filter(Boolean);
    const confirmRebind = words.length > 2 && /^(confirm|确认)$/i.test(words.at(-1) ?? "");
    const [managerId, ...codeParts] = confirmRebind ? words.slice(0, -1) : words;
    const code = codeParts.join("");
    const now = ctx.app.clock.now();
    if (ctx.inGroup) {
      if (code) await revokeBindCode(ctx.app.store.db, code, now);
      return textReply(m.bindInGroup, { errorCode: "bind_in_group" });
    }
    const platform = ctx.message.platform;
    if (platform === "console") return textReply(m.bindConsole, { errorCode: "bind_console" });
    if (!managerId || !/^[\d-]+$/.test(code)) return textReply(m.bindUsage, { errorCode: "usage" });

    const s = securityMessages(ctx.locale);
    const attempt = { platform, platformUserId: ctx.message.userId, managerId };
    const throttled = await throttledBind(ctx.app.store.db, attempt, now, async (tx) => {
      const value = await redeemBindCode(tx, {
        managerId,
        code,
        platform,
        platformUserId: ctx.message.userId,
        now,
        confirmRebind,
      });
      return { value, wrongCode: !value.ok && isWrongCode(value.error.code) };
    });
    if (throttled.locked) return textReply(s.bindLocked(BIND_WINDOW_MINUTES), { errorCode: "bind_locked" });
    const result = throttled.value;
    if (result.ok) {
      const { name, rebound } = result.value;
      ctx.app.logger.info({ managerId: result.value.managerId, platform, rebound }, "chat account bound");
      return textReply(
        rebound ? s.rebound(name, result.value.managerId) : m.bound(name, result.value.managerId),
        {
          data: { managerId: result.value.managerId, rebound },
        },
      );
    }
    // The alert goes out after the attempt's transaction, which it must not hold open.
    if (throttled.lockedAt !== null) await alertLockout(ctx, managerId, platform, throttled.lockedAt);
    const failure = result.error;
    if (failure.code === "confirm_rebind")
      return textReply(s.rebindConfirm(failure.managerId ?? managerId, platform), {
        errorCode: "bind_confirm_rebind",
      });
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

/** Tells the team lead of the manager id being guessed that binding it is now paused. */
async function alertLockout(ctx: CommandContext, managerId: string, platform: string, attempts: number) {
  const { app } = ctx;
  const senders = (await app.directSenders?.()) ?? [];
  // The lead reads it in the configured default language.
  const text = securityMessages(app.config.RETAINBOT_LOCALE).bindLockoutAlert(
    managerId.toUpperCase(),
    platform,
    attempts,
    BIND_WINDOW_MINUTES,
  );
  await alertLeadOf({ db: app.store.db, senders, logger: app.logger }, managerId, text).catch(
    (error: unknown) => app.logger.error({ err: error }, "lead alert failed"),
  );
}
