import pg from "pg";
import { redactedStoreUrl } from "../../config.js";
import { isPostgresCurrent } from "./migrate-postgres.js";

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
    return [
      {
        ok: true,
        name: "store",
        detail: `PostgreSQL ${version.rows[0]?.v} at ${where}${customers === null ? "" : ` (${customers} customers)`}`,
      },
      current
        ? { ok: true, name: "migrations", detail: "all applied" }
        : { ok: false, name: "migrations", detail: "pending: run `npm run cli -- setup`" },
    ];
  } catch (error) {
    return [{ ok: false, name: "store", detail: `${where}: ${(error as Error).message}` }];
  } finally {
    await client.end().catch(() => undefined);
  }
}
