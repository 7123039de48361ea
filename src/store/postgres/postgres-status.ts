import pg from "pg";
import { redactedStoreUrl } from "../../config.js";
import { isPostgresCurrent } from "./migrate-postgres.js";
import { type UsagePartitions, usagePartitions } from "./usage-partitions.js";

export interface StoreCheck {
  ok: boolean;
  name: string;
  detail: string;
}

/** `doctor`'s store lines for PostgreSQL: reachable (with its customer count) and migrations current. */
export async function postgresStatus(url: string): Promise<StoreCheck[]> {
  const where = redactedStoreUrl(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    const version = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    const table = await client.query<{ found: boolean }>(
      `SELECT to_regclass('"Customer"') IS NOT NULL AS found`,
    );
    const customers = table.rows[0]?.found
      ? Number((await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM "Customer"')).rows[0]?.n)
      : null;
    const current = await isPostgresCurrent(url);
    const partitioned = current ? await usagePartitions(client) : null;
    return [
      {
        ok: true,
        name: "store",
        detail: `PostgreSQL ${version.rows[0]?.v} at ${where}${customers === null ? "" : ` (${customers} customers)`}`,
      },
      current
        ? { ok: true, name: "migrations", detail: "all applied" }
        : { ok: false, name: "migrations", detail: "pending: run `npm run cli -- setup`" },
      ...(partitioned ? [usageLine(partitioned)] : []),
    ];
  } catch (error) {
    return [{ ok: false, name: "store", detail: `${where}: ${(error as Error).message}` }];
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The usage partitions: which months exist, and rows waiting in DEFAULT (moved by `maintain-usage`). */
function usageLine({ months, defaultRows }: UsagePartitions): StoreCheck {
  const span =
    months.length === 0
      ? "no month partitions"
      : `${months.length} month partitions, ${months[0]} to ${months.at(-1)}`;
  return {
    ok: true,
    name: "usage partitions",
    detail:
      defaultRows === 0
        ? span
        : `${span}; ${defaultRows} rows in the default partition: run \`npm run cli -- maintain-usage\``,
  };
}
