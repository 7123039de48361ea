import { bindCommand } from "./bind.js";
import { bindGroupCommand } from "./bindgroup.js";
import { briefCommand } from "./brief.js";
import { careCommand } from "./care.js";
import type { CommandDefinition } from "./command.js";
import { controlCommand } from "./control.js";
import { customerCommand } from "./customer.js";
import { doneCommand } from "./done.js";
import { exportCommand } from "./export.js";
import { feedbackCommand } from "./feedback.js";
import { helpCommand } from "./help.js";
import { objectionCommand } from "./objection.js";
import { riskCommand } from "./risk.js";
import { teamCommand } from "./team.js";
import { trackCommand } from "./track.js";

/**
 * Every command the bot understands, in matching order for plain-language phrasings
 * (put more specific phrasings first). Feature areas add one line each.
 */
export const commands: readonly CommandDefinition[] = [
  helpCommand(() => commands),
  bindCommand,
  bindGroupCommand,
  briefCommand,
  trackCommand,
  riskCommand,
  careCommand,
  customerCommand,
  doneCommand,
  teamCommand,
  exportCommand,
  controlCommand,
  feedbackCommand,
  // Broad "怎么回…" phrasing: keep after commands with more specific phrasings.
  objectionCommand,
];
