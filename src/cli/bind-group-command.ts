import type { Command } from "commander";
import { bindGroup } from "../services/identity/group-binding.js";
import { type GlobalOptions, UsageError } from "./bootstrap.js";
import { createLiveApp } from "./live-store.js";

/** "telegram:-100123" → platform and chat id. */
export function parseGroupSpec(spec: string): { platform: "telegram" | "slack"; chatId: string } {
  const at = spec.indexOf(":");
  const platform = spec.slice(0, at);
  const chatId = spec.slice(at + 1);
  if (at < 0 || (platform !== "telegram" && platform !== "slack") || chatId === "")
    throw new UsageError(
      `the group must look like telegram:<chat id> (e.g. telegram:-1001234567890) or slack:<channel id> (got "${spec}")`,
    );
  return { platform, chatId };
}

/** `bind-group <platform:chat id> --team <team_id>`: an operator binds (or moves) a group. */
export function registerBindGroupCommand(program: Command): void {
  program
    .command("bind-group")
    .description("bind a group chat to a team (replaces an earlier binding)")
    .argument("<group>", "telegram:<chat id> or slack:<channel id>")
    .requiredOption("--team <team_id>", "the team whose members may ask in the group")
    .action(async (spec: string, options: { team: string }) => {
      const group = parseGroupSpec(spec);
      const app = createLiveApp(program.opts<GlobalOptions>());
      try {
        const result = await bindGroup(app.store.prisma, {
          ...group,
          teamId: options.team,
          now: app.clock.now(),
          replace: true,
        });
        if (!result.ok) throw new UsageError(`No team with id ${options.team}`);
        const previous =
          result.value.status === "bound" && result.value.previousTeamId
            ? ` (was bound to ${result.value.previousTeamId})`
            : "";
        process.stdout.write(
          `${spec} is bound to team ${options.team} (${result.value.teamName})${previous}.\n`,
        );
      } finally {
        await app.store.close();
      }
    });
}
