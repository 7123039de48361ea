/**
 * The daily warnings job on the SQL handle: the PostgreSQL store's path (decision 016). The same
 * rows as the SQLite job (materialise.ts) for a day — `Warning` rows with stage, do-not-chase and
 * evidence, one `WarningRank` row per customer at risk ranked with the day's churn scores when
 * there are any (as rank-day.ts ranks them), and the `WarningRun` record — from the same rules.
 *
 * On PostgreSQL the usage aggregates are kept in the store (decision 022, aggregates-on-handle.ts):
 * a full run builds every customer's in one parallel SQL pass over the usage (decision 024); an
 * incremental run moves them from the last run's day in SQL and recomputes the customers it cannot
 * move; then every customer is judged from them (read on the run's transaction: they are its own
 * writes). SQLite's own job is materialise.ts; on a SQLite handle this path keeps nothing and reads
 * every row, a page at a time.
 *
 * The run is recorded (running, its heartbeat beaten after every page) before one transaction
 * deletes the day's rows, inserts the new ones page by page and marks the run complete: readers see
 * the day's previous rows until the commit, and a run that fails midway leaves them as they were.
 * Inside it the store is read a page of customers at a time, in id order: the page's customers,
 * their usage aggregates (stored, or on SQLite aggregated over the rule windows in one statement),
 * their open bills and their events. When the pool can spare a connection the second half's
 * customers, bills and events are read on a reader in the run's snapshot (decision 020), so the
 * server reads two pages at once; otherwise everything runs on the transaction's one connection
 * (the heartbeat aside, sent on the pool without waiting for it). The rules judge a page in chunks
 * that yield to the event loop, so the chats keep answering.
 */
import { rankedPriority } from "../../domain/churn-priority.js";
import type { CustomerProfile } from "../../domain/customer.js";
import type { LifecycleStage } from "../../domain/lifecycle.js";
import { priorityOf } from "../../domain/priority.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import { evaluateSignals, ruleWindows } from "../../domain/signals/index.js";
import { currentCustomersAfter, middleCustomerId } from "../../store/customers.js";
import {
  dayScoresOf,
  meanProbability,
  scoredModelVersion,
  unrankedScoresFrom,
} from "../../store/day-scores.js";
import { countRankedDay } from "../../store/ranked-counts.js";
import {
  billsUnpaidInRange,
  eventsInRange,
  type IdRange,
  type UsageWindowBounds,
  usageAggregatesInRange,
} from "../../store/signal-inputs.js";
import { readerInSnapshotOf } from "../../store/snapshot-reader.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import {
  aggregatesInRange,
  clearAggregates,
  saveAggregateState,
  waitForUsageWriters,
} from "../../store/usage-aggregates-postgres.js";
import {
  allowPageMemory,
  beatDayRun,
  beginDayRun,
  clearDayRows,
  completeDayRun,
  type DayRankRow,
  type DayWarningRow,
  failDayRun,
  insertDayRanks,
  insertDayWarnings,
} from "../../store/warning-day-writes.js";
import { relinkSinceDays } from "../../store/warning-since-day.js";
import { modelOnlyAssessments, thresholdOf } from "../churn/churn-ranking.js";
import type { FullReason } from "./aggregate-state.js";
import { buildAggregatesOn, type HandlePlan, moveAggregates, planOnHandle } from "./aggregates-on-handle.js";
import { finishGroups, judge, type RangeResult } from "./judge-range.js";
import { eventsFrom, usageWindowBounds } from "./load-inputs.js";
import { canonical, toSummary } from "./rolling-aggregates.js";
import { byCustomer, judgedProfileOf } from "./store-rows.js";
import type { StagedJudgement } from "./warning-runs.js";

export interface DayOnHandleOptions {
  /** Customers read per page (default 5,000). */
  pageSize?: number;
  /** Customers judged between two yields to the event loop (default 500). */
  chunkSize?: number;
  /** Called after each page is written, with the customers done so far (a throw fails the run). */
  onPage?: (customersDone: number) => void;
  /** PostgreSQL: recompute the usage aggregates from every row even when they could be moved. */
  rebuild?: boolean;
}

export interface DayOnHandleStats {
  day: string;
  /** Current customers judged. */
  customers: number;
  customersAtRisk: number;
  warnings: number;
  /** Customers the churn model added to the day's list (no rule caught them). */
  modelOnly: number;
  /** Connections the pages were read on: 2 with a snapshot reader, 1 on the run's transaction alone. */
  readers: number;
  /**
   * PostgreSQL: how the usage aggregates were had (decision 022). `full`: read from every row (and
   * why); `incremental`: moved in SQL from `from`, `recomputed` customers from their rows. SQLite
   * (the handle's path is PostgreSQL's; SQLite's own job is materialise.ts): always `full`.
   */
  aggregates:
    | { mode: "full"; reason: FullReason | "not_kept" }
    | { mode: "incremental"; from: string; folded: number; unmoved: number; recomputed: number };
  ms: number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** How the day's list is ranked: the churn scores of the day when there are any, else rules only. */
export interface DayRanking {
  mode: RulesConfig["ranking"]["mode"];
  scored: boolean;
}

/** Runs the daily warnings job for day D over the whole store on the SQL handle (a full recompute). */
export async function materialiseDayOn(
  db: SqlHandle,
  day: string,
  config: RulesConfig,
  options: DayOnHandleOptions = {},
): Promise<DayOnHandleStats> {
  const started = performance.now();
  const runId = await beginDayRun(db, day);
  const keep = db.dialect === "postgres";
  try {
    // The day is recorded as being computed: from now on writers name rows dated up to it (the
    // triggers), and those still writing before it are waited for, so the run's snapshot has them.
    if (keep) await waitForUsageWriters(db);
    const scored = (await scoredModelVersion(db, day)) !== null;
    const ranking: DayRanking = { mode: scored ? config.ranking.mode : "rules", scored };
    const counts = await db.transaction(async (tx) => {
      await allowPageMemory(tx);
      const plan = keep ? await planOnHandle(tx, day, config, { rebuild: options.rebuild }) : null;
      let aggregates: DayOnHandleStats["aggregates"] = { mode: "full", reason: "not_kept" };
      if (plan?.mode === "full") {
        await clearAggregates(tx);
        await buildAggregatesOn(tx, day, config);
        aggregates = { mode: "full", reason: plan.reason };
      } else if (plan?.mode === "incremental")
        aggregates = {
          mode: "incremental",
          from: plan.from,
          ...(await moveAggregates(tx, plan.from, day, config)),
        };
      await clearDayRows(tx, day);
      const judged = await judgeStore(db, tx, day, config, ranking, heartbeat(db, runId, day), plan, options);
      const modelOnly = ranking.mode === "rules" ? 0 : await addModelOnly(tx, day, config, ranking);
      await countRankedDay(tx, day);
      await relinkSinceDays(tx, day);
      if (plan) await saveAggregateState(tx, day, plan.rulesKey, runId);
      await completeDayRun(tx, runId, day, judged);
      return { ...judged, modelOnly, aggregates };
    });
    return {
      day,
      customers: counts.customers,
      customersAtRisk: counts.atRisk,
      warnings: counts.warnings,
      modelOnly: counts.modelOnly,
      readers: counts.readers,
      aggregates: counts.aggregates,
      ms: Math.round(performance.now() - started),
    };
  } catch (error) {
    await failDayRun(db, runId).catch(() => undefined);
    throw error;
  }
}

/**
 * The run's heartbeat: `beat()` sends one on the pool without waiting for it (a pool of one
 * connection, held by the run's transaction, sends it after the commit, where it changes nothing);
 * a beat that finds the run superseded by a later one makes the next `beat()` throw.
 */
function heartbeat(db: SqlHandle, runId: number, day: string) {
  let superseded = false;
  return {
    beat() {
      if (superseded)
        throw new Error(`warnings run ${runId} of ${day} was superseded by a later run: stopped`);
      beatDayRun(db, runId).then(
        (running) => {
          superseded ||= !running;
        },
        () => undefined,
      );
    },
  };
}

/** A run of pages read on one connection: ids after `after`, up to `upTo` (null: to the end). */
interface PageChain {
  db: SqlHandle;
  /** Where the page's usage aggregates come from: computed from the rows on `db`, or stored (on the run's transaction). */
  usage: UsageSource;
  upTo: string | null;
  next: Promise<Page | null> | null;
}

/** The page's usage: computed from the rows (on the chain's connection) or the aggregates stored on the run's transaction. */
type UsageSource = { rows: SqlHandle } | { stored: SqlHandle };

type Page = NonNullable<Awaited<ReturnType<typeof readPage>>>;

/**
 * Judges every current customer page by page (inputs read and rows written in the run's
 * transaction), then the group customers from the tally of all their members; returns the totals.
 *
 * With a snapshot reader (a second connection in the run's snapshot, decision 020) the customers
 * are cut in two halves by id: the first half's pages are read on the run's transaction, the
 * second's on the reader, and the pages are judged in turn from each, so the server reads two pages
 * at once (its work on two cores). Without one (SQLite, a pool of one or two), one chain of pages.
 * Each chain reads its next page while the one taken from it is judged: memory holds up to four pages.
 */
async function judgeStore(
  db: SqlHandle,
  tx: SqlHandle,
  day: string,
  config: RulesConfig,
  ranking: DayRanking,
  run: ReturnType<typeof heartbeat>,
  plan: HandlePlan | null,
  options: DayOnHandleOptions,
) {
  const pageSize = options.pageSize ?? 5_000;
  const chunkSize = options.chunkSize ?? 500;
  const totals = { customers: 0, atRisk: 0, warnings: 0, readers: 1 };
  const groups: RangeResult["groups"] = [];
  const tally = new Map<string, { members: number; flagged: number }>();
  const write = async (
    judgements: readonly StagedJudgement[],
    profiles: ReadonlyMap<string, CustomerProfile>,
  ) => {
    const { warnings, ranks } = await rowsOf(tx, day, judgements, profiles, config, ranking);
    await insertDayWarnings(tx, day, warnings);
    await insertDayRanks(tx, day, ranks);
    totals.atRisk += judgements.length;
    totals.warnings += warnings.length;
  };
  const w = ruleWindows(day, config);
  const bounds = usageWindowBounds(day, config);
  // On PostgreSQL every run judges from the stored aggregates, its own writes: read on its
  // transaction (a reader would not see them); a reader takes the second half's customers, bills
  // and events.
  const stored = plan !== null;
  const reader = await readerInSnapshotOf(db, tx);
  const usage = (on: SqlHandle): UsageSource => (stored ? { stored: tx } : { rows: on });
  try {
    const middle = reader === null ? null : await middleCustomerId(tx);
    const start = (chain: PageChain, after: string) => {
      chain.next = readPage(chain.db, chain.usage, after, chain.upTo, pageSize, day, config, bounds);
      // A run that stops before awaiting it must not leave a rejection unhandled (it rolls back anyway).
      chain.next.catch(() => undefined);
    };
    const chains: PageChain[] = [];
    if (reader !== null && middle !== null) {
      totals.readers = 2;
      chains.push(
        { db: tx, usage: usage(tx), upTo: middle, next: null },
        { db: reader.db, usage: usage(reader.db), upTo: null, next: null },
      );
      start(chains[0]!, "");
      start(chains[1]!, middle);
    } else {
      chains.push({ db: tx, usage: usage(tx), upTo: null, next: null });
      start(chains[0]!, "");
    }
    // The chains in turn; a chain whose page comes back short (or empty) is done.
    for (let turn = 0; chains.some((c) => c.next !== null); turn++) {
      const chain = chains[turn % chains.length]!;
      if (chain.next === null) continue;
      const page = await chain.next;
      chain.next = null;
      if (page === null) continue;
      if (page.customers.length === pageSize) start(chain, page.last);
      const pending = judgePage(page, day, config, w, chunkSize, tally, groups);
      await write(await pending, new Map(page.customers.map((c) => [c.id, c])));
      totals.customers += page.customers.length;
      run.beat();
      options.onPage?.(totals.customers);
    }
  } finally {
    await reader?.end();
  }
  await write(finishGroups(groups, tally, config), new Map(groups.map((g) => [g.customer.id, g.customer])));
  return totals;
}

/**
 * The rules over one page: the judged customers to write now; group customers wait in `groups`
 * for every member's signals (`tally`).
 */
async function judgePage(
  page: Page,
  day: string,
  config: RulesConfig,
  w: ReturnType<typeof ruleWindows>,
  chunkSize: number,
  tally: Map<string, { members: number; flagged: number }>,
  groups: RangeResult["groups"],
): Promise<StagedJudgement[]> {
  const { customers, usageOf, billsOf, eventsOf } = page;
  const pending: StagedJudgement[] = [];
  for (const [j, customer] of customers.entries()) {
    if (j > 0 && j % chunkSize === 0) await nextTurn();
    const input = {
      customer,
      usage: toSummary(canonical(usageOf.get(customer.id)), customer.joinDate, w),
      bills: billsOf.get(customer.id) ?? [],
      events: eventsOf.get(customer.id) ?? [],
    };
    const signals = evaluateSignals(input, day, config);
    if (customer.groupId !== null) {
      const t = tally.get(customer.groupId) ?? { members: 0, flagged: 0 };
      t.members += 1;
      if (signals.some((s) => s.level === 1)) t.flagged += 1;
      tally.set(customer.groupId, t);
    }
    const isGroup = customer.segment === "group";
    if (signals.length === 0 && !isGroup) continue;
    const judged = judge(input, signals, day, config);
    // Group customers wait for every member's signals (the tally); everyone else is written now.
    if (isGroup) groups.push({ customer, judged });
    else {
      judged.priority = priorityOf(customer, signals, judged.stage as LifecycleStage, config).score;
      pending.push(judged);
    }
  }
  return pending;
}

/**
 * One page: up to `pageSize` current customers after `after` (up to `upTo` when set) and what the
 * rules read of them (by customer, over their id range); null when there are none.
 */
async function readPage(
  tx: SqlHandle,
  source: UsageSource,
  after: string,
  upTo: string | null,
  pageSize: number,
  day: string,
  config: RulesConfig,
  bounds: UsageWindowBounds,
) {
  const customers = await currentCustomersAfter(tx, after, pageSize, upTo);
  if (customers.length === 0) return null;
  const range: IdRange = { after, last: customers.at(-1)!.id };
  const usage =
    "stored" in source
      ? await aggregatesInRange(source.stored, range)
      : await usageAggregatesInRange(source.rows, range, bounds);
  const bills = await billsUnpaidInRange(tx, range, day);
  const events = await eventsInRange(tx, range, eventsFrom(day, config), day);
  return {
    customers: customers.map(judgedProfileOf),
    last: range.last,
    usageOf: new Map(usage.map((u) => [u.customerId, u])),
    billsOf: byCustomer(bills),
    eventsOf: byCustomer(events),
  };
}

/** The warning and ranked rows of some judged customers, ranked with the day's churn scores. */
async function rowsOf(
  db: SqlHandle,
  day: string,
  judgements: readonly StagedJudgement[],
  profiles: ReadonlyMap<string, CustomerProfile>,
  config: RulesConfig,
  ranking: DayRanking,
): Promise<{ warnings: DayWarningRow[]; ranks: DayRankRow[] }> {
  const ids = judgements.map((j) => j.customerId);
  const scores = ranking.scored
    ? new Map((await dayScoresOf(db, day, ids)).map((s) => [s.customerId, s.probability]))
    : new Map<string, number>();
  const warnings: DayWarningRow[] = [];
  const ranks: DayRankRow[] = [];
  for (const j of judgements) {
    const customer = profiles.get(j.customerId)!;
    for (const s of j.signals)
      warnings.push({
        customerId: j.customerId,
        code: s.code,
        level: s.level,
        evidence: JSON.stringify(s.evidence),
        stage: j.stage,
        doNotChase: j.doNotChase,
      });
    const probability = scores.get(j.customerId) ?? null;
    ranks.push({
      customerId: j.customerId,
      managerId: customer.managerId,
      priority: rankedPriority(
        { score: j.priority, parts: [] },
        probability,
        customer.arpu,
        ranking.mode,
        config.ranking,
      ).score,
      rulesPriority: j.priority,
      doNotChase: j.doNotChase !== "[]",
      churnProbability: probability,
      modelOnly: false,
    });
  }
  return { warnings, ranks };
}

/**
 * Ranked rows for the customers no rule caught whose churn probability reaches the day's threshold
 * (`ranking.addFromBaseRateTimes` × the day's mean), inside the run's transaction after the rules'
 * rows; returns how many.
 */
export async function addModelOnly(
  tx: SqlHandle,
  day: string,
  config: RulesConfig,
  ranking: DayRanking,
): Promise<number> {
  const candidates = await unrankedScoresFrom(tx, day, thresholdOf(await meanProbability(tx, day), config));
  let added = 0;
  for (let i = 0; i < candidates.length; i += 1_000) {
    const chunk = candidates.slice(i, i + 1_000);
    const probability = new Map(chunk.map((c) => [c.customerId, c.probability]));
    const assessed = await modelOnlyAssessments(
      tx,
      day,
      chunk.map((c) => c.customerId),
      config,
    );
    await insertDayRanks(
      tx,
      day,
      assessed.map((a) => {
        const p = probability.get(a.customer.id)!;
        return {
          customerId: a.customer.id,
          managerId: a.customer.managerId,
          priority: rankedPriority(a.priority, p, a.customer.arpu, ranking.mode, config.ranking).score,
          rulesPriority: a.priority.score,
          doNotChase: a.doNotChase.length > 0,
          churnProbability: p,
          modelOnly: true,
        };
      }),
    );
    added += assessed.length;
    await nextTurn();
  }
  return added;
}
