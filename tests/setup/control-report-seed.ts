import type { SqlHandle } from "../../src/store/sql-handle.js";

/**
 * The control-group report's fixture, on either store (window 2026-06-01 … 06-30; what each
 * customer counts as is told in tests/integration/outcomes/control-group.test.ts): team T1 (lead L1,
 * manager M1, customers K01–K12), team T2 (lead L2, customer X01); warnings, outcomes and the
 * customers who left. `holdOutInT1` then starts T1's control group: 25 % since 06-10.
 */
export async function seedControlReport(db: SqlHandle): Promise<void> {
  const teams: [string, string][] = [
    ["T1", "城东一组"],
    ["T2", "城西二组"],
  ];
  for (const [id, name] of teams) await db.run(`INSERT INTO "Team" ("id", "name") VALUES (?, ?)`, [id, name]);
  const managers: [string, string, string, string][] = [
    ["L1", "黄团长", "T1", "lead"],
    ["M1", "吴经理", "T1", "manager"],
    ["L2", "冯组长", "T2", "lead"],
  ];
  for (const [id, name, teamId, role] of managers)
    await db.run(`INSERT INTO "Manager" ("id", "name", "teamId", "role") VALUES (?, ?, ?, ?)`, [
      id,
      name,
      teamId,
      role,
    ]);
  const left: Record<string, string> = {
    K02: "2026-06-20",
    K05: "2026-06-25",
    K06: "2026-06-20",
    K07: "2026-06-22",
    K11: "2026-06-29",
    X01: "2026-06-20",
  };
  const ids = ["K01", "K02", "K03", "K04", "K05", "K06", "K07", "K08", "K09", "K10", "K11", "K12", "X01"];
  for (const [i, id] of ids.entries())
    await db.run(
      `INSERT INTO "Customer" ("id", "name", "phone", "managerId", "joinDate", "status", "leftDate")
       VALUES (?, ?, ?, ?, '2020-01-01', ?, ?)`,
      [
        id,
        `客户${id}`,
        `1390000${String(i).padStart(4, "0")}`,
        id === "X01" ? "L2" : "M1",
        left[id] ? "left" : "active",
        left[id] ?? null,
      ],
    );
  const warned: [string, string][] = [
    ["K01", "2026-06-09"],
    ["K01", "2026-06-12"],
    ["K02", "2026-06-12"],
    ["K12", "2026-06-15"],
    ["K03", "2026-06-11"],
    ["K04", "2026-06-11"],
    ["K05", "2026-06-12"],
    ["K06", "2026-06-13"],
    ["K07", "2026-06-13"],
    ["K08", "2026-06-14"],
    ["K09", "2026-06-05"],
    ["K10", "2026-06-16"],
    ["K11", "2026-06-16"],
    ["X01", "2026-06-12"],
  ];
  for (const [id, day] of warned)
    await db.run(
      `INSERT INTO "Warning" ("day", "customerId", "code", "level", "evidence") VALUES (?, ?, 'spend_drop', 2, '{}')`,
      [day, id],
    );
  const outcomes: [string, string, string][] = [
    ["K03", "contacted", "2026-06-13"],
    ["K04", "retained", "2026-06-14"],
    ["K05", "contacted", "2026-06-12"],
    ["K10", "snoozed", "2026-06-17"],
    ["K11", "contacted", "2026-06-10"],
  ];
  for (const [id, kind, day] of outcomes)
    await db.run(`INSERT INTO "Outcome" ("customerId", "managerId", "kind", "day") VALUES (?, 'M1', ?, ?)`, [
      id,
      kind,
      day,
    ]);
}

/** T1 holds 25 % out since 2026-06-10, with the salt whose draws the fixture's counts assume. */
export function holdOutInT1(db: SqlHandle): Promise<number> {
  return db.run(
    `INSERT INTO "ControlGroup" ("teamId", "sharePercent", "salt", "since", "updatedBy", "updatedAt")
     VALUES ('T1', 25, 'fixture-salt', '2026-06-10', 'L1', ?)`,
    [new Date("2026-06-10T00:00:00Z")],
  );
}

/**
 * The ranked rows the daily job writes with the fixture's warnings (`WarningRank`, under each
 * customer's manager), and one the churn model alone added: K12 on 06-05, before its warning.
 */
export async function rankWarnedDays(db: SqlHandle): Promise<void> {
  await db.run(
    `INSERT INTO "WarningRank" ("day", "customerId", "managerId", "priority", "doNotChase")
     SELECT DISTINCT w."day", w."customerId", c."managerId", 1, false FROM "Warning" w JOIN "Customer" c ON c."id" = w."customerId"`,
  );
  await db.run(
    `INSERT INTO "WarningRank" ("day", "customerId", "managerId", "priority", "doNotChase", "modelOnly")
     VALUES ('2026-06-05', 'K12', 'M1', 1, false, true)`,
  );
}
