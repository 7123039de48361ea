/**
 * The risk list of some managers' customers for day D: read from the daily job's rows when it ran
 * for D, computed from the store otherwise; then the managers' outcomes are applied (follow-up.ts)
 * and every warning gets its response deadline (deadlines.ts).
 */
import type { CustomerProfile } from "../../domain/customer.js";
import type { DoNotChaseReason } from "../../domain/do-not-chase.js";
import type { LifecycleStage } from "../../domain/lifecycle.js";
import { byPriority, type Priority } from "../../domain/priority.js";
import { atRisk, type RiskAssessment } from "../../domain/risk-assessment.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import type { Signal } from "../../domain/signals/types.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import { warningCodesOf } from "../../store/stored-warnings.js";
import { isDayBeingComputed, isDayComplete, latestCompleteDayBefore } from "../../store/warning-days.js";
import {
  attachChurn,
  type ChurnRanking,
  type ChurnView,
  churnRankingOf,
  modelOnlyAssessments,
  modelOnlyIds,
} from "../churn/churn-ranking.js";
import { heldOutOf } from "../control-group/held-out.js";
import { assessCustomers, assessManagers } from "./assess.js";
import { deadlinesOf, raisedSinceBefore, type WarningDeadline } from "./deadlines.js";
import { type FollowUp, followUpState, latestOutcome, type OutcomeRecord } from "./follow-up.js";
import { outcomesOf } from "./outcomes.js";
import { type FollowUpFacts, storedListOfManagersOn } from "./read-materialised.js";

/** What the warning services need, passed in by the command layer. */
export interface WarningDeps {
  /** The shared SQL handle (either store): the store modules the chat reads through. */
  db: SqlHandle;
  config: RulesConfig;
  now: Date;
  timeZone: string;
}

export interface RiskEntry {
  customer: CustomerProfile;
  stage: LifecycleStage;
  priority: Priority;
  signals: Signal[];
  doNotChase: DoNotChaseReason[];
  followUp: FollowUp;
  lastOutcome: OutcomeRecord | null;
  deadlines: WarningDeadline[];
  /** The churn model's probability, reasons and value at risk on the list day (null: not scored). */
  churn: ChurnView | null;
}

export interface RiskList {
  day: string;
  /**
   * materialised: the daily job's rows of `day`; computed: from the store now (the job has not
   * run for `day`); earlier_day: the job is computing `day` right now, so the list is the latest
   * complete day's (`listDay`), with today's follow-up applied.
   */
  source: "materialised" | "computed" | "earlier_day";
  /** The day whose signals are listed (`day` unless source is earlier_day). */
  listDay: string;
  /**
   * Every customer with a signal (and those the churn model adds), most urgent first by the ranked
   * priority, whatever their follow-up state.
   */
  entries: RiskEntry[];
  /** Whether the order includes the churn model's scores, or is by rules only and why. */
  ranking: ChurnRanking;
}

const NO_OUTCOMES: readonly OutcomeRecord[] = [];

/** The risk list of these managers' customers on day D. */
export async function riskList(
  deps: WarningDeps,
  managerIds: readonly string[],
  day: string,
): Promise<RiskList> {
  const { db, config } = deps;
  const { source, listDay } = await listSource(db, day);
  // From the job's rows, their follow-up facts come in the same statement.
  const stored =
    source === "computed" ? null : await storedListOfManagersOn(db, listDay, day, managerIds, config);
  const assessed =
    stored?.assessed ??
    atRisk(await assessManagers(db, managerIds, day, config), { includeDoNotChase: true });
  const ranking = await churnRankingOf(db, listDay, config);
  const caught = new Set(assessed.map((a) => a.customer.id));
  const added = await modelOnlyIds(db, listDay, managerIds, caught, ranking, config);
  const all =
    added.length === 0
      ? assessed
      : [...assessed, ...(await modelOnlyAssessments(db, listDay, added, config))];
  // The team's control group (if any) is left off every list read from here (issue 16 item 5).
  const held = await heldOutOf(
    db,
    all.map((a) => a.customer.id),
  );
  const listed = held.size === 0 ? all : all.filter((a) => !held.has(a.customer.id));
  const entries = await entriesOf(deps, listed, day, listDay, stored?.facts);
  await attachChurn(db, listDay, entries, ranking, config);
  return { day, source, listDay, entries: entries.sort(byPriority), ranking };
}

/** A run whose heartbeat is older than this was killed (runs beat after every page; warning-runs.ts). */
const STALE_MS = 10 * 60_000;

/**
 * Where day D's list comes from: the job's rows of D when complete; while the job is computing D,
 * the latest complete day before it (computing D here too would compete with the job for minutes
 * on a large store); otherwise computed for the asker's customers. A run whose heartbeat stopped
 * (wall-clock time, as the job writes it) was killed midway.
 */
export async function listSource(db: SqlHandle, day: string): Promise<Pick<RiskList, "source" | "listDay">> {
  if (await isDayComplete(db, day)) return { source: "materialised", listDay: day };
  const staleBefore = new Date(Date.now() - STALE_MS).toISOString();
  const earlier = (await isDayBeingComputed(db, day, staleBefore))
    ? await latestCompleteDayBefore(db, day)
    : null;
  return earlier ? { source: "earlier_day", listDay: earlier } : { source: "computed", listDay: day };
}

/**
 * Risk entries from assessments of `listDay`: today's (D's) follow-up of each customer applied, and
 * the deadlines of their signals. `known`: the follow-up facts already read with the assessments
 * (only the customers it does not cover are read here).
 */
export async function entriesOf(
  deps: WarningDeps,
  assessed: readonly RiskAssessment[],
  day: string,
  listDay: string,
  known?: FollowUpFacts,
): Promise<RiskEntry[]> {
  const { db, config } = deps;
  const ids = assessed.map((a) => a.customer.id);
  const { outcomes, since } = await followUpFacts(db, ids, day, listDay, known);
  const snoozed = await codesOnSnoozeDays(deps, assessed, outcomes, day);
  // One literal of one shape per entry (a list builds thousands).
  return assessed.map((a: RiskAssessment): RiskEntry => {
    const history = outcomes.get(a.customer.id) ?? NO_OUTCOMES;
    return {
      customer: a.customer,
      stage: a.stage,
      priority: a.priority,
      signals: a.signals,
      doNotChase: a.doNotChase,
      // Most customers at risk have no outcome logged: skip building the snooze look-up for them.
      followUp:
        history.length === 0
          ? { state: "open" }
          : followUpState(
              history,
              day,
              a.signals.map((s) => s.code),
              (snoozeDay) => snoozed.get(`${a.customer.id}|${snoozeDay}`) ?? [],
            ),
      lastOutcome: history.length === 0 ? null : latestOutcome(history, day),
      deadlines: deadlinesOf(
        a.signals,
        listDay,
        since.get(a.customer.id),
        history,
        deps.now,
        deps.timeZone,
        config,
      ),
      churn: null,
    };
  });
}

/** The follow-up facts of these customers: those `known` covers, the rest read (two statements). */
async function followUpFacts(
  db: WarningDeps["db"],
  customerIds: readonly string[],
  day: string,
  listDay: string,
  known: FollowUpFacts | undefined,
): Promise<Pick<FollowUpFacts, "outcomes" | "since">> {
  const missing = known ? customerIds.filter((id) => !known.customers.has(id)) : customerIds;
  if (known && missing.length === 0) return known;
  const outcomes = await outcomesOf(db, missing, day);
  const since = await raisedSinceBefore(db, listDay, missing);
  if (!known) return { outcomes, since };
  return {
    outcomes: new Map([...known.outcomes, ...outcomes]),
    since: new Map([...known.since, ...since]),
  };
}

/**
 * The signal codes each snoozed customer had on the day of the snooze, read before the follow-up is
 * judged (followUpState asks for them only for a snooze still running on D), by "customer|day":
 * one look-up per snooze day, whatever the number of customers snoozed on it.
 */
async function codesOnSnoozeDays(
  deps: WarningDeps,
  assessed: readonly RiskAssessment[],
  outcomes: ReadonlyMap<string, readonly OutcomeRecord[]>,
  day: string,
): Promise<Map<string, string[]>> {
  const bySnoozeDay = new Map<string, CustomerProfile[]>();
  for (const a of assessed) {
    const history = outcomes.get(a.customer.id);
    const last = history && history.length > 0 ? latestOutcome(history, day) : null;
    if (last?.kind !== "snoozed" || last.snoozeUntil === null || day >= last.snoozeUntil) continue;
    bySnoozeDay.set(last.day, [...(bySnoozeDay.get(last.day) ?? []), a.customer]);
  }
  const codes = new Map<string, string[]>();
  for (const [snoozeDay, customers] of bySnoozeDay)
    for (const [id, onDay] of await signalCodesOfOn(deps, customers, snoozeDay))
      codes.set(`${id}|${snoozeDay}`, onDay);
  return codes;
}

/** The entries a manager works on today: open follow-up, and not do-not-chase unless asked. */
export function openEntries(list: RiskList, options: { includeDoNotChase?: boolean } = {}): RiskEntry[] {
  return list.entries.filter(
    (e) => e.followUp.state === "open" && (options.includeDoNotChase || e.doNotChase.length === 0),
  );
}

/** The signal codes these customers had on a day, by customer id: stored rows when the job ran that day, else computed. */
async function signalCodesOfOn(
  deps: WarningDeps,
  customers: readonly CustomerProfile[],
  day: string,
): Promise<Map<string, string[]>> {
  if (await isDayComplete(deps.db, day))
    return warningCodesOf(
      deps.db,
      day,
      customers.map((c) => c.id),
    );
  return new Map(
    (await assessCustomers(deps.db, customers, day, deps.config)).map((a) => [
      a.customer.id,
      a.signals.map((s) => s.code),
    ]),
  );
}
