import type { ReplyBlock } from "../chat/reply.js";
import { maskName, maskPhone } from "../domain/masking.js";
import type { Locale } from "../i18n/index.js";
import { outcomeDetailMessages } from "../i18n/outcome-details.js";
import { percentText } from "../i18n/what-works-format.js";
import { lunarDateAndFestivals } from "./calendar-line.js";
import type { BriefingCustomer, BriefingFacts, ManagerBriefing } from "./facts.js";
import { type BriefingMessages, type BriefingNames, briefingMessages } from "./messages.js";

/** How many at-risk customers per manager a group briefing names. */
export const GROUP_TOP_PER_MANAGER = 3;
/** How many care reminders per manager a group briefing names (the rest are counted). */
const GROUP_CARE_PER_MANAGER = 3;

type Show = (c: BriefingCustomer) => string;
const masked: Show = (c) => `${maskName(c.name)}（${maskPhone(c.phone)}）`;
const named: Show = (c) => `${c.name}（${maskPhone(c.phone)}）`;

/** Title and calendar line (date, lunar date, festivals) shared by both versions. */
function header(
  facts: BriefingFacts,
  m: BriefingMessages & BriefingNames,
  locale: Locale,
  title: string,
): ReplyBlock[] {
  const { lunar, festivals } = lunarDateAndFestivals(facts.day, locale);
  return [
    { type: "heading", text: title },
    { type: "text", text: m.lunarLine(lunar, festivals) },
  ];
}

function warningBlocks(facts: BriefingFacts, m: BriefingMessages & BriefingNames): ReplyBlock[] {
  const sum = (level: number, key: "today" | "yesterday") =>
    facts.counts.filter((c) => c.level === level).reduce((n, c) => n + c[key], 0);
  const before = (n: number) => (facts.hasYesterday ? n : null);
  const items = [1, 2].map((level) =>
    m.levelLine(level, sum(level, "today"), before(sum(level, "yesterday"))),
  );
  const byCode = facts.counts
    .filter((c) => c.today > 0 || c.yesterday > 0)
    .sort((a, b) => a.level - b.level || b.today - a.today || a.code.localeCompare(b.code))
    .map((c) => m.codeLine(m.signal(c.code), c.today, before(c.yesterday)));
  if (byCode.length > 0) items.push(byCode.join(" · "));
  return [
    { type: "heading", text: m.warningsTitle },
    { type: "list", items },
  ];
}

function topItem(c: ManagerBriefing["top"][number], m: BriefingMessages & BriefingNames, show: Show): string {
  const reasons = c.codes.length === 0 ? m.modelOnly : c.codes.map((code) => m.signal(code)).join("、");
  return `${show(c)} ${m.vip(c.vipLevel)} · ${reasons}`;
}

/**
 * The group version: counts, masked names and phones, a few customers per manager. Safe to post
 * where the whole team (and only the team) reads.
 */
export function composeGroupBriefing(facts: BriefingFacts, locale: Locale): ReplyBlock[] {
  const m = briefingMessages(locale);
  const blocks = header(facts, m, locale, m.title(facts.teamName, m.weekdayDate(facts.day)));
  blocks.push(...warningBlocks(facts, m));

  const top = facts.managers
    .filter((mg) => mg.top.length > 0)
    .map((mg) =>
      m.topLine(
        mg.name,
        mg.top.slice(0, GROUP_TOP_PER_MANAGER).map((c) => topItem(c, m, masked)),
      ),
    );
  if (top.length > 0) blocks.push({ type: "heading", text: m.topTitle }, { type: "list", items: top });

  const care = facts.managers
    .filter((mg) => mg.care.length > 0)
    .map((mg) => {
      const shown = mg.care
        .slice(0, GROUP_CARE_PER_MANAGER)
        .map((c) => `${m.care(c.code)} ${maskName(c.name)}`);
      const more = mg.care.length - shown.length;
      return m.careLine(mg.name, more > 0 ? [...shown, `+${more}`] : shown);
    });
  blocks.push(
    { type: "heading", text: m.careTitle },
    care.length > 0 ? { type: "list", items: care } : { type: "text", text: m.noCare },
  );

  const overdue = facts.managers
    .filter((mg) => mg.overdue.length > 0)
    .map((mg) => m.overdueLine(mg.name, new Set(mg.overdue.map((o) => o.id)).size, oldest(mg.overdue)));
  blocks.push(
    { type: "heading", text: m.overdueTitle },
    overdue.length > 0 ? { type: "list", items: overdue } : { type: "text", text: m.noOverdue },
  );

  blocks.push(
    { type: "heading", text: m.outcomesTitle },
    { type: "text", text: m.outcomesLine(totalOutcomes(facts)) },
  );
  blocks.push(...whatWorksBlocks(facts, locale));
  blocks.push({ type: "notice", text: m.privateHint });
  return blocks;
}

/** The customers the group version names, for the audit log: the same slices it shows. */
export function groupBriefingCustomerIds(facts: BriefingFacts): string[] {
  const shown = facts.managers.flatMap((mg) => [
    ...mg.top.slice(0, GROUP_TOP_PER_MANAGER),
    ...mg.care.slice(0, GROUP_CARE_PER_MANAGER),
  ]);
  return [...new Set(shown.map((c) => c.id))];
}

/** The customers one manager's full version names, for the audit log. */
export function personalBriefingCustomerIds(facts: BriefingFacts, managerId: string): string[] {
  const mine = facts.managers.find((mg) => mg.managerId === managerId);
  if (!mine) return [];
  return [...new Set([...mine.top, ...mine.care, ...mine.overdue].map((c) => c.id))];
}

/** Mondays: which retention methods worked for the team (aggregates only, nothing personal). */
function whatWorksBlocks(facts: BriefingFacts, locale: Locale): ReplyBlock[] {
  if (!facts.whatWorks || facts.whatWorks.length === 0) return [];
  const m = outcomeDetailMessages(locale);
  return [
    { type: "heading", text: m.whatWorks.weeklyTitle },
    {
      type: "list",
      items: facts.whatWorks.map((c) =>
        m.whatWorks.weeklyRow(
          m.methods[c.method],
          c.retained,
          c.cases,
          percentText(c.low),
          percentText(c.high),
        ),
      ),
    },
  ];
}

/** The full version for one manager, for a private chat: every customer, names unmasked. */
export function composePersonalBriefing(
  facts: BriefingFacts,
  managerId: string,
  locale: Locale,
): ReplyBlock[] {
  const m = briefingMessages(locale);
  const mine = facts.managers.find((mg) => mg.managerId === managerId);
  const name = mine?.name ?? managerId;
  const blocks = header(facts, m, locale, `${m.personalTitle(name)} · ${m.weekdayDate(facts.day)}`);
  blocks.push(...warningBlocks(facts, m));
  if (!mine) return blocks;
  if (mine.top.length > 0)
    blocks.push(
      { type: "heading", text: m.topTitle },
      { type: "list", items: mine.top.map((c) => topItem(c, m, named)) },
    );
  blocks.push(
    { type: "heading", text: m.careTitle },
    mine.care.length > 0
      ? { type: "list", items: mine.care.map((c) => `${m.care(c.code)} · ${named(c)}`) }
      : { type: "text", text: m.noCare },
  );
  blocks.push(
    { type: "heading", text: m.overdueTitle },
    mine.overdue.length > 0
      ? {
          type: "list",
          items: mine.overdue.map((o) => m.overdueItem(named(o), m.signal(o.code), o.since)),
        }
      : { type: "text", text: m.noOverdue },
  );
  blocks.push(
    { type: "heading", text: m.outcomesTitle },
    { type: "text", text: m.outcomesLine(mine.outcomes) },
  );
  return blocks;
}

function oldest(items: { since: string }[]): string {
  return items.map((o) => o.since).sort()[0] ?? "";
}

function totalOutcomes(facts: BriefingFacts) {
  return facts.managers.reduce(
    (t, mg) => ({
      retained: t.retained + mg.outcomes.retained,
      lost: t.lost + mg.outcomes.lost,
      contacted: t.contacted + mg.outcomes.contacted,
    }),
    { retained: 0, lost: 0, contacted: 0 },
  );
}
