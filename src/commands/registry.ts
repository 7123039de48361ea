import type { CommandDefinition } from "./command.js";
import { helpCommand } from "./help.js";
import { lazyCommand } from "./lazy-command.js";
import {
  bindGroupSpec,
  bindSpec,
  briefSpec,
  type CommandSpec,
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

type Loader = () => Promise<CommandDefinition>;

/** Each command's spec and how to load its module; the table below keeps this order. */
const LAZY: readonly [CommandSpec, Loader][] = [
  [bindSpec, async () => (await import("./bind.js")).bindCommand],
  [bindGroupSpec, async () => (await import("./bindgroup.js")).bindGroupCommand],
  [briefSpec, async () => (await import("./brief.js")).briefCommand],
  [trackSpec, async () => (await import("./track.js")).trackCommand],
  [riskSpec, async () => (await import("./risk.js")).riskCommand],
  [careSpec, async () => (await import("./care.js")).careCommand],
  [customerSpec, async () => (await import("./customer.js")).customerCommand],
  [doneSpec, async () => (await import("./done.js")).doneCommand],
  [teamSpec, async () => (await import("./team.js")).teamCommand],
  [exportSpec, async () => (await import("./export.js")).exportCommand],
  [controlSpec, async () => (await import("./control.js")).controlCommand],
  [feedbackSpec, async () => (await import("./feedback.js")).feedbackCommand],
  // Broad "怎么回…" phrasing: keep after commands with more specific phrasings.
  [objectionSpec, async () => (await import("./objection.js")).objectionCommand],
];

/**
 * Every command the bot understands, in matching order for plain-language phrasings
 * (put more specific phrasings first). Feature areas add one line to LAZY (and their spec in
 * specs.ts): a command's module is loaded the first time it runs (lazy-command.ts).
 */
export const commands: readonly CommandDefinition[] = [
  helpCommand(() => commands),
  ...LAZY.map(([spec, load]) => lazyCommand(spec, load)),
];

/** Loads every command's module now (a test harness: not while a test waits for a reply). */
export async function loadEveryCommand(): Promise<void> {
  await Promise.all(LAZY.map(([, load]) => load()));
}
