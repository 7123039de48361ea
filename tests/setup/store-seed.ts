import type { SqlHandle } from "../../src/store/sql-handle.js";

/**
 * The people the store tests' rows hang on, on either store: teams, their managers, and customers
 * (each under a manager, with the columns every customer needs and nothing else set).
 */
export async function seedPeople(
  db: SqlHandle,
  people: {
    teams: readonly (readonly [id: string, name: string])[];
    managers: readonly (readonly [id: string, name: string, teamId: string])[];
    customers: readonly (readonly [id: string, managerId: string])[];
  },
): Promise<void> {
  for (const [id, name] of people.teams)
    await db.run(`INSERT INTO "Team" ("id", "name") VALUES (?, ?)`, [id, name]);
  for (const [id, name, teamId] of people.managers)
    await db.run(`INSERT INTO "Manager" ("id", "name", "teamId") VALUES (?, ?, ?)`, [id, name, teamId]);
  for (const [id, managerId] of people.customers)
    await db.run(
      `INSERT INTO "Customer" ("id", "name", "phone", "managerId", "joinDate") VALUES (?, 'c', '13800000000', ?, '2020-01-01')`,
      [id, managerId],
    );
}

/** Team T1 with managers M1 and M2: what most store tests' customers belong to. */
export const TEAM_T1 = {
  teams: [["T1", "team"]],
  managers: [
    ["M1", "m", "T1"],
    ["M2", "n", "T1"],
  ],
} as const;

/** One DailyUsage row as the usage tests write it. */
export type UsageRow = [
  date: string,
  calls: number,
  dataMb: number,
  spend: number,
  hotline: number,
  forwarded: boolean,
];

/** Writes a customer's usage rows, one statement each (the change triggers see every one). */
export async function insertUsage(
  db: SqlHandle,
  customerId: string,
  rows: readonly UsageRow[],
): Promise<void> {
  for (const [date, calls, dataMb, spend, hotline, forwarded] of rows)
    await db.run(
      `INSERT INTO "DailyUsage" ("customerId", "date", "calls", "dataMb", "spend", "competitorHotlineSeconds", "forwardedToCompetitor")
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [customerId, date, calls, dataMb, spend, hotline, forwarded],
    );
}

export const setJoinDate = (db: SqlHandle, customerId: string, day: string) =>
  db.run(`UPDATE "Customer" SET "joinDate" = ? WHERE "id" = ?`, [day, customerId]);
