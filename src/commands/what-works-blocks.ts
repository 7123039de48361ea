/** The "what works" section of /team: the team's retention rates by signal and method. */
import type { ReplyBlock } from "../chat/reply.js";
import { outcomeDetailMessages } from "../i18n/outcome-details.js";
import { rateRow } from "../i18n/what-works-format.js";
import { recentTeamRates } from "../services/outcomes/what-works.js";
import type { CommandContext } from "./command.js";

/** Lines shown in chat; the full table is in `npm run cli -- report`. */
const MAX_ROWS = 12;

/** The team's rates over the last 90 days, segment "all customers", best first per signal. */
export async function whatWorksSection(ctx: CommandContext, teamId: string, day: string) {
  const m = outcomeDetailMessages(ctx.locale).whatWorks;
  const { from, table } = await recentTeamRates(
    ctx.app.store.db,
    teamId,
    day,
    ctx.app.config.WHAT_WORKS_MIN_CASES,
  );
  const shown = table.cells.filter((c) => c.segment === "all");
  const blocks: ReplyBlock[] = [{ type: "heading", text: m.teamHeading(from, day) }];
  if (shown.length === 0) blocks.push({ type: "text", text: m.tooFew(table.minCases) });
  else blocks.push({ type: "list", items: shown.slice(0, MAX_ROWS).map((c) => rateRow(c, ctx.locale)) });
  if (table.hiddenCells > 0)
    blocks.push({ type: "notice", text: m.hidden(table.hiddenCells, table.minCases) });
  return {
    blocks,
    data: { from, to: day, minCases: table.minCases, hiddenCells: table.hiddenCells, cells: table.cells },
  };
}
