/**
 * What worked for a team: retention rates by signal × method × segment over a period, and the
 * cells that describe customers like one about to be called. Only the asker's team is ever read.
 */
import { addDays } from "../../domain/dates.js";
import { isRetentionMethod } from "../../domain/retention-methods.js";
import {
  ALL_SIGNALS,
  type MethodOutcome,
  type RateCell,
  type RateTable,
  retentionRates,
} from "../../domain/what-works.js";
import { methodOutcomesOfTeam } from "../../store/method-outcomes.js";
import type { SqlHandle } from "../../store/sql-handle.js";

/** The window /track and /team look back over. */
export const WHAT_WORKS_DAYS = 90;

/** Every cell of one team's outcomes logged from `from` to `to`. */
export async function teamRetentionRates(
  db: SqlHandle,
  teamId: string,
  from: string,
  to: string,
  minCases: number,
): Promise<RateTable> {
  const outcomes: MethodOutcome[] = (await methodOutcomesOfTeam(db, teamId, from, to)).flatMap((r) =>
    isRetentionMethod(r.method)
      ? [
          {
            retained: r.kind === "retained",
            method: r.method,
            signals: r.signals ? r.signals.split(",") : [],
            vipLevel: r.vipLevel,
            sensitivity: r.sensitivity,
            stage: r.stage,
          },
        ]
      : [],
  );
  return retentionRates(outcomes, minCases);
}

/** The team's rates over the WHAT_WORKS_DAYS days ending on `day` (what /team and the export show). */
export async function recentTeamRates(
  db: SqlHandle,
  teamId: string,
  day: string,
  minCases: number,
): Promise<{ from: string; table: RateTable }> {
  const from = addDays(day, -(WHAT_WORKS_DAYS - 1));
  return { from, table: await teamRetentionRates(db, teamId, from, day, minCases) };
}

export interface SimilarCustomers {
  /** The signal code (or `*`) and segment the cells share. */
  signal: string;
  segment: string;
  days: number;
  cells: RateCell[];
  hiddenCells: number;
}

/**
 * The methods' rates among customers like this one over the last `days` days, most specific
 * first: same top signal and sensitivity, same signal, same sensitivity; null when none has a
 * cell with enough outcomes.
 */
export async function similarCustomerRates(
  db: SqlHandle,
  query: {
    teamId: string;
    asOf: string;
    signal: string | null;
    sensitivity: string | null;
    minCases: number;
  },
  days = WHAT_WORKS_DAYS,
): Promise<SimilarCustomers | null> {
  const table = await teamRetentionRates(
    db,
    query.teamId,
    addDays(query.asOf, -(days - 1)),
    query.asOf,
    query.minCases,
  );
  const bySensitivity = query.sensitivity ? `sensitivity:${query.sensitivity}` : null;
  const tries: [string | null, string | null][] = [
    [query.signal, bySensitivity],
    [query.signal, "all"],
    [ALL_SIGNALS, bySensitivity],
  ];
  for (const [signal, segment] of tries) {
    if (!signal || !segment) continue;
    const cells = table.cells.filter((c) => c.signal === signal && c.segment === segment);
    if (cells.length > 0) return { signal, segment, days, cells, hiddenCells: table.hiddenCells };
  }
  return null;
}
