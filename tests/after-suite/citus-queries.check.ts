/**
 * After the suite (`npm test` runs this second, with vitest.after-suite.config.ts): every statement
 * PostgreSQL ran during the suite, from pg_stat_statements, must stay co-located if the large
 * tables were distributed by customer with Citus (tests/setup/citus-colocation.ts says what that
 * means; docs/postgresql.md, "Beyond one database server").
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DISTRIBUTED_TABLES } from "../../src/store/postgres/distribution.js";
import { colocationProblems, loadSqlParser } from "../setup/citus-colocation.js";
import { testPostgresUrl } from "../setup/postgres-env.js";
import { withStatementStats } from "../setup/statement-stats.js";

describe.skipIf(!testPostgresUrl)("every statement the suite ran on PostgreSQL", () => {
  beforeAll(loadSqlParser);

  it("joins distributed tables only on the customer (Citus can push it down to one shard each)", async () => {
    const stats = await withStatementStats(testPostgresUrl as string, async (client) => {
      if (!client) return null;
      const info = await client.query<{ dealloc: string }>("SELECT dealloc FROM pg_stat_statements_info");
      const rows = await client.query<{ query: string }>("SELECT DISTINCT query FROM pg_stat_statements");
      return { evicted: Number(info.rows[0]?.dealloc ?? 0), queries: rows.rows.map((r) => r.query) };
    });
    if (!stats) {
      console.log(
        "Citus check skipped: this PostgreSQL server does not preload pg_stat_statements (scripts/test-postgres.sh does).",
      );
      return;
    }
    // Statements were dropped from the record: the check would not see them all.
    expect(stats.evicted, "raise pg_stat_statements.max in scripts/test-postgres.sh").toBe(0);
    const onDistributed = stats.queries.filter((q) => DISTRIBUTED_TABLES.some((t) => q.includes(`"${t}"`)));
    // The suite touched the distributed tables (an empty record would prove nothing).
    expect(onDistributed.length).toBeGreaterThan(50);
    const problems = onDistributed.flatMap((q) =>
      colocationProblems(q).map((p) => `${p}:\n    ${q.replace(/\s+/g, " ").slice(0, 400)}`),
    );
    console.log(
      `Citus check: ${onDistributed.length} statements on distributed tables, ${problems.length} problems`,
    );
    expect(problems).toEqual([]);
  });
});
