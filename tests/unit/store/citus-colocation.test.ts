import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DISTRIBUTED_TABLES,
  LOCAL_TABLES,
  REFERENCE_TABLES,
} from "../../../src/store/postgres/distribution.js";
import { colocationProblems, loadSqlParser } from "../../setup/citus-colocation.js";

beforeAll(loadSqlParser);

describe("the Citus layout (src/store/postgres/distribution.ts)", () => {
  it("places every model of the schema in exactly one list", () => {
    const models = [...readFileSync("prisma/schema.prisma", "utf8").matchAll(/^model (\w+) \{/gm)].map(
      (m) => m[1],
    );
    const placed = [...DISTRIBUTED_TABLES, ...REFERENCE_TABLES, ...LOCAL_TABLES] as string[];
    expect(placed.length).toBe(new Set(placed).size);
    expect([...placed].sort()).toEqual([...models].sort());
  });
});

describe("colocationProblems: a join between distributed tables must be on the customer", () => {
  it("passes one distributed table, joins with reference tables, and joins on the customer", () => {
    for (const sql of [
      `SELECT COUNT(*) FROM "DailyUsage" WHERE date = $1`,
      `SELECT 1 FROM "Warning" w JOIN "Manager" m ON m.id = w."managerId" WHERE m."teamId" = $1`,
      `SELECT c.id FROM "Customer" c JOIN "Warning" w ON w.day = $1 AND w."customerId" = c.id`,
      // linked through the customer table
      `SELECT 1 FROM "Warning" w JOIN "Customer" c ON c.id = w."customerId" JOIN "Outcome" o ON o."customerId" = c.id`,
      `SELECT 1 FROM "Warning" w, "Bill" b WHERE w."customerId" = b."customerId" AND b."dueDate" < $1`,
      `SELECT 1 FROM "Warning" w JOIN "WarningRank" r USING ("customerId")`,
      `WITH x AS (SELECT "customerId", COUNT(*) AS n FROM "Event" GROUP BY 1)
       UPDATE "UsageAggregate" a SET "recentSpendFen" = x.n FROM x WHERE x."customerId" = a."customerId"`,
      `DELETE FROM "Warning" w USING "WarningStaging" s WHERE s."customerId" = w."customerId"`,
      `INSERT INTO "WarningRank" (day, "customerId") SELECT s.day, s."customerId" FROM "WarningStaging" s JOIN "Customer" c ON c.id = s."customerId"`,
    ])
      expect(colocationProblems(sql), sql).toEqual([]);
  });

  it("names the tables of a join that is not on the customer, in any query block", () => {
    expect(colocationProblems(`SELECT 1 FROM "Warning" w JOIN "WarningRank" r ON r.day = w.day`)).toEqual([
      "joins Warning w, WarningRank r without equal customer columns linking them all",
    ]);
    // only one of three linked
    expect(
      colocationProblems(
        `SELECT 1 FROM "Warning" w JOIN "Customer" c ON c.id = w."customerId" JOIN "Outcome" o ON o."managerId" = c."managerId"`,
      ),
    ).toHaveLength(1);
    // an OR links nothing for sure
    expect(
      colocationProblems(
        `SELECT 1 FROM "Bill" b JOIN "Event" e ON e."customerId" = b."customerId" OR e.date = b."dueDate"`,
      ),
    ).toHaveLength(1);
    // inside a UNION's second branch, a subquery and a CTE
    expect(
      colocationProblems(
        `SELECT 1 FROM "Warning" UNION SELECT 1 FROM "Bill" b JOIN "Event" e ON e.date = b."dueDate"`,
      ),
    ).toHaveLength(1);
    expect(
      colocationProblems(
        `SELECT 1 FROM "Customer" c WHERE EXISTS (SELECT 1 FROM "Bill" b, "Event" e WHERE b."dueDate" = e.date)`,
      ),
    ).toHaveLength(1);
    expect(
      colocationProblems(
        `WITH x AS (SELECT "customerId", day FROM "Warning") SELECT 1 FROM x JOIN "Outcome" o ON o.day = x.day`,
      ),
    ).toEqual(["joins CTE x x, Outcome o without equal customer columns linking them all"]);
  });
});
