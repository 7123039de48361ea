/**
 * One page of the risk list, the way `/risk` shows it: the first N open customers by priority and
 * how many there are, read from the daily job's ranked rows (`WarningRank`) with the index on
 * (day, manager, do-not-chase, priority), so a manager with 10,000 customers at risk costs about as
 * much as one with ten. Only the customers with an outcome logged (few) are judged in memory, to
 * take those handled today, snoozed or lost off the page and the total. Days without ranked rows
 * (computed on the fly, or stored before ranks existed) fall back to the whole list.
 */
import { byPriority } from "../../domain/priority.js";
import { cachedStatement } from "../../store/statement-cache.js";
import { assessRanked, attachChurn, type ChurnRanking, churnRankingOf } from "../churn/churn-ranking.js";
import { anyControlGroup, heldOutOf } from "../control-group/held-out.js";
import {
  entriesOf,
  listSource,
  openEntries,
  type RiskEntry,
  type RiskList,
  riskList,
  type WarningDeps,
} from "./risk-list.js";
import { IDS_IN_JSON } from "./store-rows.js";

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

/** The customers at risk on the list day, of these managers (still theirs), ranked. */
const RANKED = `FROM WarningRank r JOIN Customer c ON c.id = r.customerId AND c.managerId = r.managerId
  WHERE r.day = ? AND r.managerId IN ${IDS_IN_JSON}`;

/** One page of these managers' open customers at risk on day D, with the total and what is hidden. */
export function riskPage(
  deps: WarningDeps,
  managerIds: readonly string[],
  day: string,
  options: RiskPageOptions,
): RiskPage {
  const { sql, config } = deps;
  const offset = options.offset ?? 0;
  const { source, listDay } = listSource(sql, day);
  if (source === "computed" || !hasRanks(deps, listDay)) return fromWholeList(deps, managerIds, day, options);
  const managers = JSON.stringify(managerIds);
  // The few customers with an outcome logged: judged in full, to know who is not open today.
  const followedIds = cachedStatement(
    sql,
    `SELECT r.customerId ${RANKED}
     AND EXISTS (SELECT 1 FROM Outcome o WHERE o.customerId = r.customerId AND o.day <= ?)`,
  )
    .pluck()
    .all(listDay, managers, day) as string[];
  const followed =
    followedIds.length === 0
      ? []
      : entriesOf(deps, assessRanked(sql, listDay, followedIds, config), day, listDay);
  // The team's control group (if any) is left off the page, the total and the hidden counts (issue 16 item 5).
  const held = anyControlGroup(sql)
    ? heldOutOf(
        sql,
        cachedStatement(sql, `SELECT r.customerId ${RANKED}`).pluck().all(listDay, managers) as string[],
      )
    : new Set<string>();
  const notOpen = followed.filter((e) => e.followUp.state !== "open" && !held.has(e.customer.id));
  const excluded = JSON.stringify([...notOpen.map((e) => e.customer.id), ...held]);
  const chase = options.includeDoNotChase ? "" : "AND r.doNotChase = 0";
  const where = `${RANKED} AND r.customerId NOT IN ${IDS_IN_JSON}`;
  const total = cachedStatement(sql, `SELECT COUNT(*) ${where} ${chase}`)
    .pluck()
    .get(listDay, managers, excluded) as number;
  const pageIds = cachedStatement(
    sql,
    `SELECT r.customerId ${where} ${chase} ORDER BY r.priority DESC, r.customerId LIMIT ? OFFSET ?`,
  )
    .pluck()
    .all(listDay, managers, excluded, options.limit, offset) as string[];
  const doNotChase = options.includeDoNotChase
    ? 0
    : (cachedStatement(sql, `SELECT COUNT(*) ${where} AND r.doNotChase = 1`)
        .pluck()
        .get(listDay, managers, excluded) as number);
  // The stored rank keys chose the page; the same formula in memory orders it (churn-priority.ts).
  const ranking = churnRankingOf(sql, listDay, config);
  const entries =
    pageIds.length === 0 ? [] : entriesOf(deps, assessRanked(sql, listDay, pageIds, config), day, listDay);
  attachChurn(sql, listDay, entries, ranking, config);
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

function hasRanks(deps: WarningDeps, day: string): boolean {
  return cachedStatement(deps.sql, "SELECT 1 FROM WarningRank WHERE day = ? LIMIT 1").get(day) !== undefined;
}

/** The page cut from the whole list (days without ranked rows). */
function fromWholeList(
  deps: WarningDeps,
  managerIds: readonly string[],
  day: string,
  options: RiskPageOptions,
): RiskPage {
  const list = riskList(deps, managerIds, day);
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
