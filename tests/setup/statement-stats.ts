import pg from "pg";

/**
 * pg_stat_statements on the test server (scripts/test-postgres.sh preloads it): the suite's
 * statements, normalised, for the Citus check after the suite (tests/after-suite/).
 */
export async function withStatementStats<T>(
  url: string,
  work: (client: pg.Client | null) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const loaded = await client.query(
      "SELECT 1 FROM pg_settings WHERE name = 'shared_preload_libraries' AND setting LIKE '%pg_stat_statements%'",
    );
    if (loaded.rowCount === 0) return await work(null);
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Forgets what earlier runs on this server recorded (called before the suite). */
export async function resetStatementStats(url: string): Promise<void> {
  await withStatementStats(url, async (client) => {
    await client?.query("SELECT pg_stat_statements_reset()");
  });
}
