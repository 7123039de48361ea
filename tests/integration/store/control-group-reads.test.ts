import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { heldOutOf } from "../../../src/services/control-group/held-out.js";
import {
  activeControlSettings,
  anyControlGroup,
  teamsOfCustomers,
  warnedOn,
} from "../../../src/store/control-group.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";
import { seedPeople } from "../../setup/store-seed.js";

describe.each(eachStore)("control group reads on $name", (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
    const { db } = store;
    await seedPeople(db, {
      teams: [
        ["T1", "one"],
        ["T2", "two"],
      ],
      managers: [
        ["M1", "m", "T1"],
        ["M2", "n", "T2"],
      ],
      customers: [
        ["C02", "M1"],
        ["C03", "M1"],
        ["C06", "M1"],
        ["C07", "M2"],
      ],
    });
    await db.run(
      `INSERT INTO "Warning" ("day", "customerId", "code", "level", "evidence") VALUES ('2026-06-27', 'C06', 'spend_drop', 1, ''), ('2026-06-27', 'C06', 'complaint', 1, '')`,
    );
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  const setShare = (teamId: string, sharePercent: number, since: string | null) =>
    store.db.run(
      `INSERT INTO "ControlGroup" ("teamId", "sharePercent", "salt", "since", "updatedBy", "updatedAt")
       VALUES (?, ?, 'fixture-salt', ?, 'L1', ?)`,
      [teamId, sharePercent, since, new Date("2026-06-28T01:00:00Z")],
    );

  it("reads the settings, teams and warned customers the draw needs", async () => {
    expect(await anyControlGroup(store.db)).toBe(false);
    await setShare("T1", 10, "2026-06-28");
    await setShare("T2", 0, null);
    expect(await anyControlGroup(store.db)).toBe(true);
    expect(await activeControlSettings(store.db, ["T1", "T2"])).toEqual([
      { teamId: "T1", sharePercent: 10, salt: "fixture-salt", since: "2026-06-28" },
    ]);
    expect(await teamsOfCustomers(store.db, ["C03", "C07", "C99"])).toEqual(
      new Map([
        ["C03", "T1"],
        ["C07", "T2"],
      ]),
    );
    expect(await warnedOn(store.db, ["C03", "C06"], "2026-06-27")).toEqual(new Set(["C06"]));
    expect(await warnedOn(store.db, [], "2026-06-27")).toEqual(new Set());
  });

  it("holds out the drawn customers not warned the day before the control group began", async () => {
    expect(await heldOutOf(store.db, ["C02", "C03", "C06", "C07"])).toEqual(new Set());
    await setShare("T1", 10, "2026-06-28");
    // With this salt C03 and C06 are drawn at 10 % (control-group.test.ts); C06 was warned on the 27th.
    expect(await heldOutOf(store.db, ["C02", "C03", "C06", "C07"])).toEqual(new Set(["C03"]));
  });
});
