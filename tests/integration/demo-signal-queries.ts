/**
 * Issue 3's churn signals and the demo's care moments as plain SQL over the store, written
 * independently of the warning engine: each query returns the ids of every customer (not only the
 * planted ones) that shows the signal on day D. Defaults as in issue 3.
 */
import { createRequire } from "node:module";
import type { SqliteDatabase } from "../../src/store/database.js";

const plus = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Recent = D-29..D, baseline = D-119..D-30 (customers who joined before the baseline began). */
const WINDOWS = `
  SELECT u."customerId" AS id,
    SUM(CASE WHEN u."date" >= :recentFrom THEN u."spend" ELSE 0 END) AS recentSpend,
    SUM(CASE WHEN u."date" < :recentFrom THEN u."spend" ELSE 0 END) AS baseSpend,
    SUM(CASE WHEN u."date" >= :recentFrom THEN u."dataMb" ELSE 0 END) AS recentData,
    SUM(CASE WHEN u."date" < :recentFrom THEN u."dataMb" ELSE 0 END) AS baseData
  FROM "DailyUsage" u JOIN "Customer" c ON c."id" = u."customerId"
  WHERE u."date" BETWEEN :baseFrom AND :d AND c."joinDate" <= :baseFrom
  GROUP BY u."customerId"`;

const QUERIES: Record<string, string> = {
  contract_expiring: `SELECT "id" FROM "Customer" WHERE "contractEnd" BETWEEN :d AND :d60`,
  zero_spend_month: `SELECT w.id FROM (${WINDOWS}) w JOIN "Customer" c ON c."id" = w.id
    WHERE c."status" = 'active' AND w.recentSpend = 0 AND w.baseSpend > 0`,
  // "≤ 60 % of the 30-day average over the 90 days before": the average is baseSpend / 3.
  spend_drop: `SELECT id FROM (${WINDOWS}) WHERE recentSpend > 0 AND recentSpend <= 0.6 * baseSpend / 3`,
  data_drop: `SELECT id FROM (${WINDOWS}) WHERE baseData > 0 AND recentData <= 0.5 * baseData / 3`,
  zero_call_days: `SELECT "customerId" FROM "DailyUsage" WHERE "calls" > 0 AND "date" <= :d
    GROUP BY "customerId" HAVING MAX("date") <= :d7`,
  competitor_hotline: `SELECT DISTINCT "customerId" FROM "DailyUsage"
    WHERE "date" BETWEEN :d6 AND :d AND "competitorHotlineSeconds" > 60`,
  // Gaps and islands: consecutive forwarded days share julianday(date) - row_number.
  call_forwarding: `SELECT DISTINCT "customerId" FROM (
      SELECT "customerId", MAX("date") AS lastDay, COUNT(*) AS days FROM (
        SELECT "customerId", "date",
          julianday("date") - ROW_NUMBER() OVER (PARTITION BY "customerId" ORDER BY "date") AS island
        FROM "DailyUsage" WHERE "forwardedToCompetitor" = 1 AND "date" <= :d)
      GROUP BY "customerId", island)
    WHERE days >= 5 AND lastDay >= :d6`,
  overdue_bill: `SELECT DISTINCT "customerId" FROM "Bill" WHERE "dueDate" < :d AND "paidDate" IS NULL`,
  portability_inquiry: `SELECT DISTINCT "customerId" FROM "Event"
    WHERE "type" = 'portability_inquiry' AND "date" BETWEEN :d29 AND :d`,
  complaint: `SELECT DISTINCT "customerId" FROM "Event" WHERE "type" = 'complaint' AND "date" BETWEEN :d29 AND :d`,
  broadband_fault: `SELECT "customerId" FROM "Event" WHERE "type" = 'broadband_fault' AND "date" BETWEEN :d29 AND :d
    GROUP BY "customerId" HAVING COUNT(*) >= 2`,
  new_customer: `SELECT "id" FROM "Customer" WHERE "joinDate" BETWEEN :d7 AND :d`,
  renewal_90_days: `SELECT "id" FROM "Customer" WHERE "contractEnd" BETWEEN :d88 AND :d93`,
  suspended: `SELECT "id" FROM "Customer" WHERE "status" = 'suspended'`,
};

const LEVEL1 = [
  "contract_expiring",
  "zero_spend_month",
  "spend_drop",
  "competitor_hotline",
  "call_forwarding",
  "portability_inquiry",
];

/** `showing(code)`: ids of every customer that shows `code` on day `d` (each query runs once). */
export function signalQueries(db: SqliteDatabase, d: string): { showing(code: string): Set<string> } {
  const memo = new Map<string, Set<string>>();
  const showing = (code: string): Set<string> => {
    if (!memo.has(code)) memo.set(code, customersShowing(db, code, d, showing));
    return memo.get(code)!;
  };
  return { showing };
}

function customersShowing(
  db: SqliteDatabase,
  code: string,
  d: string,
  showing: (code: string) => Set<string>,
) {
  if (code === "group_bulk_anomaly") return groupsWithBulkAnomaly(db, showing);
  if (code === "birthday_soon" || code === "lunar_birthday_soon") return birthdaysSoon(db, d, code);
  const sql = QUERIES[code];
  if (!sql) throw new Error(`no query for ${code}`);
  const params = {
    d,
    d6: plus(d, -6),
    d7: plus(d, -7),
    d29: plus(d, -29),
    d60: plus(d, 60),
    d88: plus(d, 88),
    d93: plus(d, 93),
    recentFrom: plus(d, -29),
    baseFrom: plus(d, -119),
  };
  const used = Object.fromEntries(Object.entries(params).filter(([k]) => sql.includes(`:${k}`)));
  return new Set(db.prepare(sql).pluck().all(used) as string[]);
}

/** Group customers (≥ 5 members not left) with ≥ 20 % of their members showing a level-1 signal. */
function groupsWithBulkAnomaly(db: SqliteDatabase, showing: (code: string) => Set<string>): Set<string> {
  const flagged = new Set(LEVEL1.flatMap((code) => [...showing(code)]));
  const members = db
    .prepare(`SELECT m."id", m."groupId" FROM "Customer" m JOIN "Customer" g ON g."id" = m."groupId"
      WHERE g."segment" = 'group' AND m."status" != 'left'`)
    .all() as { id: string; groupId: string }[];
  const byGroup = new Map<string, { all: number; flagged: number }>();
  for (const m of members) {
    const g = byGroup.get(m.groupId) ?? { all: 0, flagged: 0 };
    g.all += 1;
    if (flagged.has(m.id)) g.flagged += 1;
    byGroup.set(m.groupId, g);
  }
  return new Set(
    [...byGroup].filter(([, g]) => g.all >= 5 && g.flagged * 100 >= 20 * g.all).map(([id]) => id),
  );
}

interface Lunar {
  Solar: {
    fromYmd(y: number, m: number, d: number): { getLunar(): { getMonth(): number; getDay(): number } };
  };
}
const { Solar } = createRequire(import.meta.url)("lunar-javascript") as Lunar;

/** Solar (or lunar, when kept so) birthdays falling on D+1..D+3. */
function birthdaysSoon(db: SqliteDatabase, d: string, code: string): Set<string> {
  const lunar = code === "lunar_birthday_soon";
  const monthDays = [1, 2, 3].map((k) => {
    const [y, m, day] = plus(d, k).split("-").map(Number) as [number, number, number];
    if (!lunar) return `${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    const l = Solar.fromYmd(y, m, day).getLunar();
    return `${String(Math.abs(l.getMonth())).padStart(2, "0")}-${String(l.getDay()).padStart(2, "0")}`;
  });
  const rows = db
    .prepare(`SELECT "id", substr("birthday", 6) AS md FROM "Customer" WHERE "lunarBirthday" = ?`)
    .all(lunar ? 1 : 0) as { id: string; md: string }[];
  return new Set(rows.filter((r) => monthDays.includes(r.md)).map((r) => r.id));
}
