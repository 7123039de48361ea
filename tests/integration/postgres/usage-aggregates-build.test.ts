/**
 * The PostgreSQL full run's aggregates built in SQL (usage-aggregates-build.ts, `buildAggregatesOn`):
 * every current customer's `UsageAggregate` row equals what the per-customer read (`usageAggregatesOf`, the path
 * incremental runs recompute with) and `canonical` make of its rows — the forwarded days carried as
 * bits and decoded, the hotline days from the later of the two windows' starts, the customers who
 * joined inside the history window (recomputed from their rows), customers without rows and
 * customers who left.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { DEFAULT_RULES_CONFIG, type RulesConfig } from "../../../src/domain/rules-config.js";
import { buildAggregatesOn, storedOf } from "../../../src/services/warnings/aggregates-on-handle.js";
import { usageWindowBounds } from "../../../src/services/warnings/load-inputs.js";
import { usageAggregatesOf } from "../../../src/store/signal-inputs.js";
import type { SqlHandle } from "../../../src/store/sql-handle.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";
import { describePostgres } from "../../setup/postgres.js";
import { insertUsage, seedPeople, setJoinDate, TEAM_T1, type UsageRow } from "../../setup/store-seed.js";

const postgres = eachStore.find((k) => k.name === "postgres")!;

/** The default windows of D: history from 03-03 (120 days), recent from 06-01, hotline from 06-24 (over 60 s). */
const D = "2026-06-30";

const IDS = ["C0", "C1", "C2", "C3", "C4", "C5", "C6", "C7"];

describePostgres("a full run's usage aggregates built in SQL", () => {
  let store: TestStore;
  beforeEach(async () => {
    store = await postgres.open();
    await seedPeople(store.db, { ...TEAM_T1, customers: IDS.map((id) => [id, "M1"] as const) });
    await store.db.run(`UPDATE "Customer" SET "joinDate" = '2020-01-01'`);
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  const usage = (customerId: string, rows: readonly UsageRow[]) => insertUsage(store.db, customerId, rows);
  const joined = (id: string, day: string) => setJoinDate(store.db, id, day);

  /** The table after a full run's build of D, and what the per-customer read makes of the same rows. */
  const builtAndExpected = async (config: RulesConfig) => {
    const w = usageWindowBounds(D, config);
    const { built, expected } = await store.db.transaction(async (tx) => {
      await tx.run(`TRUNCATE "UsageAggregate"`);
      const written = await buildAggregatesOn(tx, D, config);
      const built = await tx.all<Record<string, unknown>>(
        `SELECT "customerId", "asOf", "joinDate", "recentSpendFen", "baselineSpendFen", "recentDataCenti",
           "baselineDataCenti", "lastCallDay", "hotlineDays", "forwardedDays"
         FROM "UsageAggregate" ORDER BY "customerId"`,
      );
      expect(written).toBe(built.length);
      const current = await tx.all<{ id: string; joinDate: string }>(
        `SELECT "id", "joinDate" FROM "Customer" WHERE "status" != 'left' ORDER BY "id"`,
      );
      const read = new Map(
        (
          await usageAggregatesOf(
            tx,
            current.map((c) => c.id),
            w,
          )
        ).map((u) => [u.customerId, u]),
      );
      const expected = current.map((c) => ({ ...storedOf(c.id, c.joinDate, read.get(c.id)), asOf: w.asOf }));
      return { built, expected };
    });
    return { built, expected };
  };

  it("equals the per-customer read for every current customer: sums, last call, both lists, tenure", async () => {
    await usage("C1", [
      ["2026-03-02", 1, 100, 100, 0, true], // before the history window
      ["2026-03-03", 2, 20.25, 10.5, 0, true], // its first day: bit 0
      ["2026-04-15", 0, 1, 1, 0, true],
      ["2026-06-02", 0, 1.5, 3.33, 120, false], // over the limit, before the hotline window
      ["2026-06-25", 3, 0, 1, 61, true],
      ["2026-06-26", 0, 0, 0, 60, false], // at the limit: not over it
      ["2026-06-28", 0, 0, 2, 300, false],
      ["2026-06-30", 0, 0.01, 0.01, 61, true], // the day itself: the last bit
      ["2026-07-01", 5, 0, 50, 300, true], // after the day
    ]);
    // Joined inside the history window: the rows before the join date are not the customer's.
    await joined("C2", "2026-05-15");
    await usage("C2", [
      ["2026-04-01", 1, 0, 9, 200, true],
      ["2026-05-14", 1, 0, 9, 0, false],
      ["2026-05-15", 1, 2, 4, 0, true],
      ["2026-06-29", 0, 0.75, 1.25, 90, false],
    ]);
    // Joined after its only rows (one a hotline day): zeros, no lists.
    await joined("C4", "2026-06-28");
    await usage("C4", [
      ["2026-06-10", 1, 1, 1, 100, true],
      ["2026-06-25", 1, 1, 1, 100, true],
    ]);
    // Joined inside the history window, no rows before: counted by the build as everyone else.
    await joined("C3", "2026-06-01");
    await usage("C3", [["2026-06-10", 0, 3, 7, 0, false]]);
    // Left: no aggregate.
    await usage("C5", [["2026-06-25", 1, 1, 1, 100, true]]);
    await store.db.run(`UPDATE "Customer" SET "status" = 'left' WHERE "id" = 'C5'`);
    // C0, C6, C7: no usage at all.

    const { built, expected } = await builtAndExpected(DEFAULT_RULES_CONFIG);
    expect(built).toEqual(expected);
    expect(built.map((r) => r.customerId)).toEqual(["C0", "C1", "C2", "C3", "C4", "C6", "C7"]);
    // Nothing above agreed by being empty.
    expect(built.find((r) => r.customerId === "C1")).toMatchObject({
      recentSpendFen: 634,
      baselineSpendFen: 1150,
      lastCallDay: "2026-06-25",
      hotlineDays: "2026-06-25:61,2026-06-28:300,2026-06-30:61",
      forwardedDays: "2026-03-03,2026-04-15,2026-06-25,2026-06-30",
    });
    expect(built.find((r) => r.customerId === "C2")).toMatchObject({
      forwardedDays: "2026-05-15",
      hotlineDays: "2026-06-29:90",
      baselineSpendFen: 400,
    });
    expect(built.find((r) => r.customerId === "C4")).toMatchObject({
      recentSpendFen: 0,
      hotlineDays: null,
      forwardedDays: null,
    });
  }, 60_000);

  it("takes other window lengths: a history of 200 days and a hotline window reaching before it", async () => {
    // Recent from 05-01, history from 2025-12-13, hotline from 2025-12-01 over 10 s.
    const config = structuredClone(DEFAULT_RULES_CONFIG);
    config.windows.recentDays = 61;
    config.windows.baselineDays = 139;
    config.signals.competitorHotline.withinDays = 212;
    config.signals.competitorHotline.moreThanSeconds = 10;
    await usage("C1", [
      ["2025-12-12", 1, 1, 1, 50, true], // before both windows' shared start
      ["2025-12-13", 1, 1, 1, 50, true],
      ["2026-02-20", 0, 2, 2, 0, true], // beyond 64 days: the second word of bits
      ["2026-06-30", 1, 3, 3, 11, true],
    ]);
    await usage("C2", [["2026-05-01", 1, 1, 1, 10, false]]);
    const { built, expected } = await builtAndExpected(config);
    expect(built).toEqual(expected);
    expect(built.find((r) => r.customerId === "C1")).toMatchObject({
      forwardedDays: "2025-12-13,2026-02-20,2026-06-30",
      hotlineDays: "2025-12-13:50,2026-06-30:11",
      lastCallDay: "2026-06-30",
    });
  }, 60_000);

  it("reads every row under an hour's statement timeout, then gives the run its own back", async () => {
    await usage("C1", [["2026-06-25", 1, 1, 1, 100, true]]);
    const seen: string[] = [];
    await store.db.transaction(async (tx) => {
      // What the pass runs under, asked just before it is sent.
      const watched: SqlHandle = {
        ...tx,
        async run(text, params) {
          if (text.startsWith("CREATE TEMP TABLE"))
            seen.push((await tx.get<{ t: string }>(`SELECT current_setting('statement_timeout') AS t`))!.t);
          return tx.run(text, params);
        },
      };
      await tx.run(`TRUNCATE "UsageAggregate"`);
      await buildAggregatesOn(watched, D, DEFAULT_RULES_CONFIG);
      seen.push((await tx.get<{ t: string }>(`SELECT current_setting('statement_timeout') AS t`))!.t);
    });
    // The test store's pool: a 30 s statement timeout.
    expect(seen).toEqual(["1h", "30s"]);
  }, 60_000);
});
