/**
 * The PostgreSQL daily job's per-customer usage aggregates (decision 022): how a run moves them
 * (a full recompute, or incremental from the day they stand at) and the incremental move itself,
 * all inside the run's transaction. A full run writes every page's aggregates as it reads them
 * (day-on-handle.ts); an incremental run moves the sums in SQL (the days entering and leaving the
 * windows) and recomputes from their rows the customers it cannot move: late, corrected or deleted
 * rows (named in `UsageChange` by triggers), new customers, a changed join date.
 */
import { daysBetween } from "../../domain/dates.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import { type UsageWindowBounds, usageAggregatesOf } from "../../store/signal-inputs.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import { buildAggregates } from "../../store/usage-aggregates-build.js";
import {
  currentJoinDates,
  dropAggregatesOf,
  foldAggregates,
  insertAggregates,
  lockedAggregateState,
  type StoredAggregate,
  takeUsageChanges,
  unfoldableCustomers,
} from "../../store/usage-aggregates-postgres.js";
import { type FullReason, MAX_INCREMENTAL_GAP_DAYS, rulesKeyOf } from "./aggregate-state.js";
import { usageWindowBounds } from "./load-inputs.js";
import { canonical } from "./rolling-aggregates.js";

/** How a run on PostgreSQL moves the aggregates. */
export type HandlePlan = { rulesKey: string } & (
  | { mode: "full"; reason: FullReason }
  | { mode: "incremental"; from: string }
);

/** Decides (inside the run's transaction, which then holds the aggregates' lock) how day D moves them. */
export async function planOnHandle(
  tx: SqlHandle,
  day: string,
  config: RulesConfig,
  options: { rebuild?: boolean } = {},
): Promise<HandlePlan> {
  const rulesKey = rulesKeyOf(config);
  const state = await lockedAggregateState(tx);
  const full = (reason: FullReason): HandlePlan => ({ rulesKey, mode: "full", reason });
  if (options.rebuild) return full("requested");
  // A state copied from SQLite (migrate-store) is not one this job kept.
  if (!state?.keptHere) return full("no_aggregates");
  if (state.rulesKey !== rulesKey) return full("rules_changed");
  if (day < state.asOf) return full("earlier_day");
  if (daysBetween(state.asOf, day) > MAX_INCREMENTAL_GAP_DAYS) return full("gap_too_long");
  return { rulesKey, mode: "incremental", from: state.asOf };
}

/** What an incremental move did. */
export interface MoveStats {
  /** Aggregates moved in SQL with rows on the moved days, and without. */
  folded: number;
  unmoved: number;
  /** Customers recomputed from their rows. */
  recomputed: number;
}

/** Customers recomputed per statement. */
const RECOMPUTE_CHUNK = 5_000;

/** Moves the aggregates from day P to day D (P ≤ D) inside the run's transaction. */
export async function moveAggregates(
  tx: SqlHandle,
  from: string,
  day: string,
  config: RulesConfig,
): Promise<MoveStats> {
  const changed = await takeUsageChanges(tx);
  const unfoldable = await unfoldableCustomers(tx, from);
  const recompute = [...new Set([...changed, ...unfoldable])];
  await dropAggregatesOf(tx, recompute);
  const d = usageWindowBounds(day, config);
  const moved =
    from === day ? { customers: 0, rest: 0 } : await foldAggregates(tx, usageWindowBounds(from, config), d);
  let recomputed = 0;
  for (let i = 0; i < recompute.length; i += RECOMPUTE_CHUNK)
    recomputed += await recomputeAggregates(tx, recompute.slice(i, i + RECOMPUTE_CHUNK), day, d);
  return { folded: moved.customers, unmoved: moved.rest, recomputed };
}

/**
 * A full run's aggregates: every current customer's at day D, built in SQL from all the rows
 * (usage-aggregates-build.ts), counting every row of the window; the customers with rows dated
 * before their join date then recomputed from their rows; returns how many customers.
 */
export async function buildAggregatesOn(tx: SqlHandle, day: string, config: RulesConfig): Promise<number> {
  const bounds = usageWindowBounds(day, config);
  const { written, stale } = await buildAggregates(tx, bounds);
  await dropAggregatesOf(tx, stale);
  for (let i = 0; i < stale.length; i += RECOMPUTE_CHUNK)
    await recomputeAggregates(tx, stale.slice(i, i + RECOMPUTE_CHUNK), day, bounds);
  return written;
}

/** These customers' aggregates at day D from their rows (the current ones; returns how many). */
async function recomputeAggregates(
  tx: SqlHandle,
  ids: readonly string[],
  day: string,
  bounds: UsageWindowBounds,
): Promise<number> {
  const customers = await currentJoinDates(tx, ids);
  if (customers.length === 0) return 0;
  const usage = new Map(
    (
      await usageAggregatesOf(
        tx,
        customers.map((c) => c.id),
        bounds,
      )
    ).map((u) => [u.customerId, u]),
  );
  await insertAggregates(
    tx,
    day,
    customers.map((c) => storedOf(c.id, c.joinDate, usage.get(c.id))),
  );
  return customers.length;
}

/** The row stored for a customer: the aggregates read from its rows, lists sorted. */
export function storedOf(
  customerId: string,
  joinDate: string,
  usage: Parameters<typeof canonical>[0],
): StoredAggregate {
  return { customerId, joinDate, ...canonical(usage) };
}
