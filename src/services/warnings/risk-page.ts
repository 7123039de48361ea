/**
 * One page of the risk list, the way `/risk` shows it: the first N open customers by priority and
 * how many there are, read from the daily job's ranked rows (`WarningRank`) with the index on
 * (day, manager, do-not-chase, priority), so a manager with 10,000 customers at risk costs about as
 * much as one with ten: the total is the counts stored with the ranks (decision 027). Only the few
 * customers `RiskRecheck` names are looked at: those with an outcome that may hide them (handled
 * today, snoozed, lost) are judged in memory, and those no longer the manager's are left off the
 * page and the total. Days without ranked rows (computed on the fly, or stored before ranks
 * existed) fall back to the whole list.
 */
import { byPriority } from "../../domain/priority.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import type { KnownScores } from "../../store/day-scores.js";
import { listDayFacts, listDayFactsWithRechecks } from "../../store/list-day.js";
import { rankedCountsAndPage, rankedIds } from "../../store/ranked-rows.js";
import { rankedRechecks } from "../../store/risk-recheck.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import { attachChurn, type ChurnRanking, modelOnlyAssessments, rankingOf } from "../churn/churn-ranking.js";
import { heldOutOf } from "../control-group/held-out.js";
import { type StoredList, storedListOfCustomersOn } from "./read-materialised.js";
import {
  entriesOf,
  listSource,
  openEntries,
  type RiskEntry,
  type RiskList,
  riskList,
  type WarningDeps,
} from "./risk-list.js";

export interface RiskPage {
  day: string;
  source: RiskList["source"];
  listDay: string;
  /** Open customers at risk (with the do-not-chase ones when asked). */
  total: number;
  /** The page, most urgent first. */
  entries: RiskEntry[];
  hidden: { handledToday: number; snoozed: number; doNotChase: number };
  /** Whether the order includes the churn model's scores, or is by rules only and why. */
  ranking: ChurnRanking;
}

export interface RiskPageOptions {
  limit: number;
  offset?: number;
  includeDoNotChase?: boolean;
}

/** One page of these managers' open customers at risk on day D, with the total and what is hidden. */
export async function riskPage(
  deps: WarningDeps,
  managerIds: readonly string[],
  day: string,
  options: RiskPageOptions,
): Promise<RiskPage> {
  const { db, config } = deps;
  const offset = options.offset ?? 0;
  // One statement says whether D is complete and ranked, scored, and whether control groups exist,
  // with the rechecks a page listed from D looks at.
  const first = await listDayFactsWithRechecks(db, day, managerIds);
  let facts = first.facts;
  const { source, listDay } = facts.complete
    ? ({ source: "materialised", listDay: day } as const)
    : await listSource(db, day);
  if (source === "computed") return fromWholeList(deps, managerIds, day, options);
  if (listDay !== day) facts = await listDayFacts(db, listDay);
  if (!facts.ranked) return fromWholeList(deps, managerIds, day, options);
  // The few ranked customers to look at (risk-recheck.ts): those no longer theirs are left off; those
  // with an outcome that may hide them today are judged in full, to know who is not open today.
  const rechecks = listDay === day ? first.rechecks : await rankedRechecks(db, listDay, managerIds, day);
  const theirs = rechecks.filter((k) => k.managerId === k.rankedManagerId).map((k) => k.customerId);
  const followed = theirs.length === 0 ? [] : (await rankedEntries(deps, listDay, day, theirs)).entries;
  // The team's control group (if any) is left off the page, the total and the hidden counts (issue 16 item 5).
  const held = facts.controlGroup
    ? await heldOutOf(db, await rankedIds(db, listDay, managerIds))
    : new Set<string>();
  const notOpen = followed.filter((e) => e.followUp.state !== "open" && !held.has(e.customer.id));
  const leftOff = [
    ...new Set([
      ...rechecks.filter((k) => k.managerId !== k.rankedManagerId).map((k) => k.customerId),
      ...notOpen.map((e) => e.customer.id),
      ...held,
    ]),
  ];
  // The stored counts minus the few left off; the page's ids in the same round trip.
  const includeDoNotChase = options.includeDoNotChase ?? false;
  const { counts, ids: pageIds } = await rankedCountsAndPage(db, listDay, managerIds, {
    leftOff,
    includeDoNotChase,
    limit: options.limit,
    offset,
  });
  const total = counts.chase + (includeDoNotChase ? counts.doNotChase : 0);
  const doNotChase = includeDoNotChase ? 0 : counts.doNotChase;
  // The stored rank keys chose the page; the same formula in memory orders it (churn-priority.ts).
  // A scored day's page reads its scores with its rows (only the model's additions apart).
  const ranking = await rankingOf(db, facts.modelVersion, config);
  const { entries, scores } =
    pageIds.length === 0
      ? { entries: [], scores: null }
      : await rankedEntries(deps, listDay, day, pageIds, { withScores: ranking.scored });
  await attachChurn(db, listDay, entries, ranking, config, scores);
  entries.sort(byPriority);
  return {
    day,
    source,
    listDay,
    total,
    entries,
    hidden: {
      handledToday: notOpen.filter((e) => e.followUp.state === "handled_today").length,
      snoozed: notOpen.filter((e) => e.followUp.state === "snoozed").length,
      doNotChase,
    },
    ranking,
  };
}

/** The entries of these ranked customers (before churn is attached), and their scores when asked. */
async function rankedEntries(
  deps: WarningDeps,
  listDay: string,
  day: string,
  customerIds: readonly string[],
  options: { withScores?: boolean } = {},
): Promise<{ entries: RiskEntry[]; scores: KnownScores | null }> {
  const ranked = await assessRanked(deps.db, listDay, day, customerIds, deps.config, options);
  return {
    entries: await entriesOf(deps, ranked.assessed, day, listDay, ranked.facts),
    scores: ranked.scores,
  };
}

/**
 * Ranked customers of the list day: from their stored warnings, with their follow-up facts in the
 * same statement, or (no rule caught them) assessed as the model's additions.
 */
async function assessRanked(
  db: SqlHandle,
  listDay: string,
  day: string,
  customerIds: readonly string[],
  config: RulesConfig,
  options: { withScores?: boolean },
): Promise<StoredList> {
  const stored = await storedListOfCustomersOn(db, listDay, day, customerIds, config, options);
  if (stored.facts.customers.size === customerIds.length) return stored;
  const missing = customerIds.filter((id) => !stored.facts.customers.has(id));
  const added = await modelOnlyAssessments(db, listDay, missing, config);
  return { ...stored, assessed: [...stored.assessed, ...added] };
}

/** The page cut from the whole list (days without ranked rows). */
async function fromWholeList(
  deps: WarningDeps,
  managerIds: readonly string[],
  day: string,
  options: RiskPageOptions,
): Promise<RiskPage> {
  const list = await riskList(deps, managerIds, day);
  const open = openEntries(list, { includeDoNotChase: options.includeDoNotChase });
  const offset = options.offset ?? 0;
  return {
    ranking: list.ranking,
    day,
    source: list.source,
    listDay: list.listDay,
    total: open.length,
    entries: open.slice(offset, offset + options.limit),
    hidden: {
      handledToday: list.entries.filter((e) => e.followUp.state === "handled_today").length,
      snoozed: list.entries.filter((e) => e.followUp.state === "snoozed").length,
      doNotChase: options.includeDoNotChase
        ? 0
        : openEntries(list, { includeDoNotChase: true }).length - open.length,
    },
  };
}
