/**
 * The retained and lost outcomes of a team that name a retention method: what "what works" counts,
 * on the SQL handle (either store).
 */
import type { SqlHandle } from "./sql-handle.js";

export interface MethodOutcomeRow {
  kind: "retained" | "lost";
  method: string;
  signals: string | null;
  stage: string | null;
  vipLevel: string;
  sensitivity: string | null;
}

/**
 * Outcomes logged from `from` to `to` (inclusive) by the managers of one team — the only numbers a
 * team's people may see. A customer's latest outcome of the day counts, so a manager who corrects
 * 流失 to 已挽留 the same day is counted once.
 */
export function methodOutcomesOfTeam(
  db: SqlHandle,
  teamId: string,
  from: string,
  to: string,
): Promise<MethodOutcomeRow[]> {
  return db.all<MethodOutcomeRow>(
    `SELECT o."kind", o."method", o."signals", o."stage", c."vipLevel", c."sensitivity"
     FROM "Outcome" o
     JOIN "Manager" m ON m."id" = o."managerId"
     JOIN "Customer" c ON c."id" = o."customerId"
     WHERE m."teamId" = ? AND o."day" BETWEEN ? AND ?
       AND o."kind" IN ('retained', 'lost') AND o."method" IS NOT NULL
       AND o."id" = (SELECT max(o2."id") FROM "Outcome" o2
                     WHERE o2."customerId" = o."customerId" AND o2."day" = o."day"
                       AND o2."kind" IN ('retained', 'lost'))
     ORDER BY o."id"`,
    [teamId, from, to],
  );
}
