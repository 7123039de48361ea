import type { Command } from "commander";
import { setBriefingTime } from "../briefings/subscription.js";
import { type GlobalOptions, UsageError } from "../create-app.js";
import { type ChatPlatform, isChatPlatform } from "../services/identity/chat-platforms.js";
import { bindGroup, chatGroupId } from "../services/identity/group-binding.js";
import { createLiveApp } from "./live-store.js";

const GROUP_FORMS =
  "telegram:<chat id>, slack:<channel id>, wecom:<group robot key>, feishu:<chat_id> or dingtalk:<robot access_token>";

/** "telegram:-100123", "wecom:<robot key>" … → platform and chat id. */
export function parseGroupSpec(spec: string): { platform: ChatPlatform; chatId: string } {
  const at = spec.indexOf(":");
  const platform = spec.slice(0, at);
  const chatId = spec.slice(at + 1);
  if (at < 0 || !isChatPlatform(platform) || chatId === "")
    throw new UsageError(
      `the group must look like ${GROUP_FORMS} (e.g. telegram:-1001234567890; got "${spec}")`,
    );
  return { platform, chatId };
}

/** `bind-group <platform:chat id> --team <team_id>`: an operator binds (or moves) a group. */
export function registerBindGroupCommand(program: Command): void {
  program
    .command("bind-group")
    .description("bind a group chat to a team (replaces an earlier binding)")
    .argument("<group>", GROUP_FORMS)
    .requiredOption("--team <team_id>", "the team whose members may ask in the group")
    .option(
      "--secret <secret>",
      "a DingTalk custom robot's signing secret (SEC…), required for dingtalk robots",
    )
    .option(
      "--brief-time <HH:mm>",
      "post the morning briefing daily at this local time (groups where nobody can type /brief: robots)",
    )
    .action(async (spec: string, options: { team: string; secret?: string; briefTime?: string }) => {
      const group = parseGroupSpec(spec);
      if (options.secret && group.platform !== "dingtalk")
        throw new UsageError("--secret is only for dingtalk:<robot access_token> groups");
      if (options.briefTime && !/^([01]\d|2[0-3]):[0-5]\d$/.test(options.briefTime))
        throw new UsageError("--brief-time must be HH:mm, e.g. 08:30");
      const app = createLiveApp(program.opts<GlobalOptions>());
      try {
        const result = await bindGroup(app.store.db, {
          ...group,
          teamId: options.team,
          now: app.clock.now(),
          replace: true,
          ...(options.secret ? { webhookSecret: options.secret } : {}),
        });
        if (!result.ok) throw new UsageError(`No team with id ${options.team}`);
        const previous =
          result.value.status === "bound" && result.value.previousTeamId
            ? ` (was bound to ${result.value.previousTeamId})`
            : "";
        process.stdout.write(
          `${spec} is bound to team ${options.team} (${result.value.teamName})${previous}.\n`,
        );
        if (options.briefTime) {
          const id = chatGroupId(group.platform, group.chatId);
          const { skippedToday } = await setBriefingTime(
            app.store.db,
            app.clock,
            id,
            options.briefTime,
            "cli",
          );
          process.stdout.write(
            `Briefing daily at ${options.briefTime}${skippedToday ? " (from tomorrow: today's time has passed)" : ""}.\n`,
          );
        }
      } finally {
        await app.store.close();
      }
    });
}
