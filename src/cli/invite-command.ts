import type { Command } from "commander";
import { type GlobalOptions, UsageError } from "../create-app.js";
import { DEFAULT_BIND_CODE_HOURS, formatBindCode, issueBindCode } from "../services/identity/bind-codes.js";
import { createLiveApp } from "./live-store.js";

/** `invite <manager_id>`: a one-time code the manager sends to the bot with /bind. */
export function registerInviteCommand(program: Command): void {
  program
    .command("invite")
    .description("issue a one-time code a manager uses to bind their chat account (/bind)")
    .argument("<manager_id>", "the manager's employee id (工号)")
    .option("--hours <n>", "how long the code is valid", String(DEFAULT_BIND_CODE_HOURS))
    .action(async (managerId: string, options: { hours: string }) => {
      const hours = Number(options.hours);
      if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30)
        throw new UsageError(`--hours must be a number of hours up to 720 (got "${options.hours}")`);
      const app = createLiveApp(program.opts<GlobalOptions>());
      try {
        const issued = await issueBindCode(app.store.db, managerId, app.clock.now(), hours);
        if (!issued.ok)
          throw new UsageError(`${issued.error.message}. List managers with the import or demo data.`);
        const { code, expiresAt, managerName } = issued.value;
        const zone = app.config.RETAINBOT_TIME_ZONE;
        const local = expiresAt.toLocaleString("sv-SE", { timeZone: zone, hour12: false }).slice(0, 16);
        process.stdout.write(
          [
            `Bind code for ${managerId} (${managerName}): ${formatBindCode(code)}`,
            `Expires: ${local} ${zone} (${expiresAt.toISOString()})`,
            `The manager sends this to the bot in a private chat: /bind ${managerId} ${formatBindCode(code)}`,
            "",
          ].join("\n"),
        );
      } finally {
        await app.store.close();
      }
    });
}
