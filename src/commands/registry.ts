import type { CommandDefinition } from "./command.js";
import { helpCommand } from "./help.js";
import { lazyCommand } from "./lazy-command.js";
import {
  bindGroupSpec,
  bindSpec,
  briefSpec,
  careSpec,
  controlSpec,
  customerSpec,
  doneSpec,
  exportSpec,
  feedbackSpec,
  objectionSpec,
  riskSpec,
  teamSpec,
  trackSpec,
} from "./specs.js";

/**
 * Every command the bot understands, in matching order for plain-language phrasings
 * (put more specific phrasings first). Feature areas add one line each (and their spec in specs.ts):
 * a command's module is loaded the first time it runs (lazy-command.ts).
 */
export const commands: readonly CommandDefinition[] = [
  helpCommand(() => commands),
  lazyCommand(bindSpec, async () => (await import("./bind.js")).bindCommand),
  lazyCommand(bindGroupSpec, async () => (await import("./bindgroup.js")).bindGroupCommand),
  lazyCommand(briefSpec, async () => (await import("./brief.js")).briefCommand),
  lazyCommand(trackSpec, async () => (await import("./track.js")).trackCommand),
  lazyCommand(riskSpec, async () => (await import("./risk.js")).riskCommand),
  lazyCommand(careSpec, async () => (await import("./care.js")).careCommand),
  lazyCommand(customerSpec, async () => (await import("./customer.js")).customerCommand),
  lazyCommand(doneSpec, async () => (await import("./done.js")).doneCommand),
  lazyCommand(teamSpec, async () => (await import("./team.js")).teamCommand),
  lazyCommand(exportSpec, async () => (await import("./export.js")).exportCommand),
  lazyCommand(controlSpec, async () => (await import("./control.js")).controlCommand),
  lazyCommand(feedbackSpec, async () => (await import("./feedback.js")).feedbackCommand),
  // Broad "怎么回…" phrasing: keep after commands with more specific phrasings.
  lazyCommand(objectionSpec, async () => (await import("./objection.js")).objectionCommand),
];
