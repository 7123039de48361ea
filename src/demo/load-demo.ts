/**
 * Loads the demo data set: teams and managers, customers with Chinese names, daily usage, bills
 * and events, with a planted share of customers showing each churn signal of issue 3 and each care
 * moment (see plan.ts). Deterministic from the seed and the as-of day; every date is relative to the
 * as-of day, so the demo is interesting whenever it is loaded. Generation streams per chunk of
 * customers, one transaction each, so a 1M-customer store never sits in memory.
 */
import { isIsoDay } from "../domain/dates.js";
import type { Store } from "../store/database.js";
import { writeBills, writeEvents } from "./bills-events.js";
import { withDeferredIndexes } from "./bulk-load.js";
import { demoCustomer, managerFor } from "./demo-customer.js";
import { writeDemoOutcomes } from "./demo-outcomes.js";
import { BLOCK_SIZE, blockRoles, CARE_CODES, type PlantCode, SIGNAL_CODES } from "./plan.js";
import { mixSeed, mulberry32 } from "./random.js";
import { DEMO_MANAGERS, DEMO_TEAMS } from "./roster.js";
import { demoWriter } from "./sql-writer.js";
import { writeUsage } from "./usage-rows.js";
import { usageWindow } from "./usage-window.js";

export interface DemoOptions {
  seed: number;
  /** The day the data leads up to ("YYYY-MM-DD"): the last usage day. */
  asOf: string;
  customers: number;
  /** Days of usage up to the as-of day (default 120; the planted usage signals need ≥ 120). */
  days?: number;
  /** Called after each chunk of customers is committed. */
  onProgress?: (done: number, total: number) => void;
  /** Drop DailyUsage's date index during the load and rebuild it after (default true: 2–3× faster). */
  deferIndexes?: boolean;
}

export interface DemoSummary {
  seed: number;
  asOf: string;
  days: number;
  /** Rows written per table. */
  tables: {
    Team: number;
    Manager: number;
    Customer: number;
    DailyUsage: number;
    Bill: number;
    Event: number;
    /** Past retained/lost outcomes with method and objection (issue 16). */
    Outcome: number;
  };
  /** Customers planted with each signal or care moment (a customer may carry two). */
  planted: Record<PlantCode, number>;
  /** Their ids, per signal or care moment (group_bulk_anomaly lists the group customers). */
  plantedIds: Record<PlantCode, string[]>;
}

/**
 * Days of history `setup` and `demo` load by default: the rules need 120, and the churn model trains
 * on snapshot days 60–102 days back whose features look up to 120 days further back (issue 10).
 */
export const DEMO_HISTORY_DAYS = 180;

/** Customers per transaction: big enough to amortise the commit, small enough to stay in memory. */
const CHUNK_BLOCKS = 10;

/** Writes the demo into `store` (which should hold no customers; see clearCustomerData). */
export async function loadDemo(store: Pick<Store, "sql">, options: DemoOptions): Promise<DemoSummary> {
  const days = options.days ?? 120;
  if (!isIsoDay(options.asOf)) throw new RangeError(`asOf must be a YYYY-MM-DD day, got "${options.asOf}"`);
  if (!Number.isInteger(options.customers) || options.customers < 1)
    throw new RangeError(`customers must be a positive integer, got ${options.customers}`);
  if (!Number.isInteger(days) || days < 1)
    throw new RangeError(`days must be a positive integer, got ${days}`);
  const seed = options.seed >>> 0;
  const window = usageWindow(options.asOf, days);
  const writer = demoWriter(store.sql);
  const codes = [...SIGNAL_CODES, ...CARE_CODES];
  const plantedIds = Object.fromEntries(codes.map((c) => [c, [] as string[]])) as Record<PlantCode, string[]>;

  const writeBlock = (block: number) => {
    const first = block * BLOCK_SIZE;
    blockRoles(seed, block, Math.min(BLOCK_SIZE, options.customers - first)).forEach((role, position) => {
      const index = first + position;
      const rng = mulberry32(mixSeed(seed, index));
      const customer = demoCustomer(rng, index, seed, options.asOf, role, managerFor(seed, index, role));
      writer.customer(customer.profile, customer.leftDate);
      const totals = writeUsage(rng, customer, window, writer.usage);
      writeBills(rng, customer, window, totals, writer.bill);
      writeEvents(rng, customer, window, writer.event);
      for (const code of customer.plants) plantedIds[code].push(customer.profile.id);
    });
  };

  const load = async () => {
    writer.inTransaction(() => {
      writer.teams(DEMO_TEAMS);
      writer.managers(DEMO_MANAGERS);
    });
    const blocks = Math.ceil(options.customers / BLOCK_SIZE);
    for (let from = 0; from < blocks; from += CHUNK_BLOCKS) {
      const to = Math.min(blocks, from + CHUNK_BLOCKS);
      writer.inTransaction(() => {
        for (let block = from; block < to; block += 1) writeBlock(block);
      });
      options.onProgress?.(Math.min(options.customers, to * BLOCK_SIZE), options.customers);
      // Let timers and log writes run between chunks of a long load.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  // Building the date index once beats keeping it up row by row (see bulk-load.ts).
  if (options.deferIndexes ?? true) await withDeferredIndexes(store.sql, load);
  else await load();
  const planted = new Set(Object.values(plantedIds).flat());
  let outcomes = 0;
  writer.inTransaction(() => {
    outcomes = writeDemoOutcomes(store.sql, { seed, asOf: options.asOf, planted });
  });
  const { counts } = writer;
  return {
    seed,
    asOf: options.asOf,
    days,
    tables: {
      Team: DEMO_TEAMS.length,
      Manager: DEMO_MANAGERS.length,
      Customer: counts.customers,
      DailyUsage: counts.usage,
      Bill: counts.bills,
      Event: counts.events,
      Outcome: outcomes,
    },
    planted: Object.fromEntries(codes.map((c) => [c, plantedIds[c].length])) as Record<PlantCode, number>,
    plantedIds,
  };
}
