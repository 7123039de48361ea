import type { CommandDefinition, KnownCommandContext } from "./command.js";
import type { CommandSpec } from "./specs.js";

/**
 * A command table entry that loads its command's module the first time it runs: matching a message
 * and listing help need only the spec, so a message loads the services of the command it asks for
 * and no other (a CLI `ask` starts in a fraction of the time). A failed load is tried again next time.
 */
export function lazyCommand(spec: CommandSpec, load: () => Promise<CommandDefinition>): CommandDefinition {
  let loading: Promise<CommandDefinition> | undefined;
  const command = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
  return {
    ...spec,
    // The command layer checks `public` before it runs a member command, as for any other entry.
    async run(ctx: KnownCommandContext, args: string) {
      return (await command()).run(ctx, args);
    },
  } as CommandDefinition;
}
