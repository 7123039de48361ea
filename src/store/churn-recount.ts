/**
 * The churn features' usage recount (issue 10), one text per dialect: every customer's sums over the
 * windows of @day read from the rows of `DailyUsage`, in WINDOW_COLUMNS order, with `@name`
 * parameters (@day, @recentFrom, @baselineFrom). SQLite's connection (churn-usage-window.ts) and
 * the SQL handle of either store (churn-rows-on-handle.ts) read the same integers from it.
 * PostgreSQL has no TOTAL, its booleans are not 1/0, and its ROUND of a double rounds half to
 * even, so SQLite's ROUND (half away from zero) is spelt out there.
 */
import type { SqlHandle } from "./sql-handle.js";

type Dialect = SqlHandle["dialect"];

/** SQLite's ROUND(x) for a double x: half away from zero (PostgreSQL's rounds half to even). */
const ROUND: Record<Dialect, (x: string) => string> = {
  sqlite: (x) => `ROUND(${x})`,
  postgres: (x) => `trunc((${x}) + sign(${x}) * 0.5::float8)`,
};
/** A sum that is 0 over no rows (SQLite's TOTAL). */
const TOTAL: Record<Dialect, (x: string, filter: string) => string> = {
  sqlite: (x, filter) => `TOTAL(${x}) FILTER (WHERE ${filter})`,
  postgres: (x, filter) => `COALESCE(SUM(${x}) FILTER (WHERE ${filter}), 0)`,
};
const FORWARDED: Record<Dialect, string> = {
  sqlite: `"forwardedToCompetitor" = 1`,
  postgres: `"forwardedToCompetitor"`,
};

/** The select list of a recount: "customerId" and the sums of its rows, in WINDOW_COLUMNS order. */
export function recountColumns(dialect: Dialect): string {
  const round = ROUND[dialect];
  const total = TOTAL[dialect];
  const recent = `"date" >= @recentFrom`;
  const baseline = `"date" < @recentFrom`;
  return `"customerId",
    COUNT(*) FILTER (WHERE ${recent}), COUNT(*) FILTER (WHERE ${baseline}),
    ${total(round(`"spend" * 100`), recent)}, ${total(round(`"spend" * 100`), baseline)},
    ${total(`"calls"`, recent)}, ${total(`"calls"`, baseline)},
    ${total(round(`"dataMb" * 100`), recent)}, ${total(round(`"dataMb" * 100`), baseline)},
    COUNT(*) FILTER (WHERE ${recent} AND "calls" = 0),
    COUNT(*) FILTER (WHERE ${recent} AND "competitorHotlineSeconds" > 60),
    ${total(`"competitorHotlineSeconds"`, recent)},
    COUNT(*) FILTER (WHERE ${recent} AND ${FORWARDED[dialect]})`;
}

/**
 * The date as the window's bounds compare it. SQLite: `+"date"` keeps the planner off the date
 * index, so it walks the (customerId, date) key, which groups as it goes (the date index would need
 * a temporary B-tree). PostgreSQL has no unary plus for text and plans its own way.
 */
const DATE: Record<Dialect, string> = { sqlite: `+"date"`, postgres: `"date"` };

/** Every customer's recount over the windows of @day. */
export const recountAll = (dialect: Dialect): string =>
  `SELECT ${recountColumns(dialect)} FROM "DailyUsage"
  WHERE ${DATE[dialect]} >= @baselineFrom AND ${DATE[dialect]} <= @day GROUP BY "customerId"`;
