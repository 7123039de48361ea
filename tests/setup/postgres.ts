import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach, describe } from "vitest";
import { migratePostgres } from "../../src/store/postgres/migrate-postgres.js";

import { POSTGRES_SKIPPED_LINE, testPostgresUrl } from "./postgres-env.js";

export { testPostgresUrl };

/** A describe block that runs only against a real PostgreSQL server. */
export const describePostgres = describe.skipIf(!testPostgresUrl);

/** The URL of another database on the same server as `url`. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs `work` on a connection of its own to the database at `url`, closed after. */
export async function withPostgresClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  if (!testPostgresUrl) throw new Error(POSTGRES_SKIPPED_LINE);
  return withPostgresClient(testPostgresUrl, work);
}

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface ScratchOptions {
  migrated: boolean;
  /** What follows `CREATE DATABASE name` (a template, a locale); the server's defaults without it. */
  createWith?: string;
}

/** A new database on the test server, empty or migrated, dropped (with its connections) by `drop`. */
export async function scratchPostgres(options: ScratchOptions): Promise<ScratchDatabase> {
  const name = `retainbot_test_${randomBytes(6).toString("hex")}`;
  await onServer((client) => client.query(`CREATE DATABASE ${name} ${options.createWith ?? ""}`));
  const url = databaseUrl(testPostgresUrl as string, name);
  if (options.migrated) {
    const migrated = await migratePostgres(url);
    if (!migrated.ok) throw new Error(migrated.error.message);
  }
  return {
    url,
    drop: () =>
      onServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

/**
 * Scratch databases for the tests of one describe block, each dropped after its test: call once
 * inside a `describePostgres` block, then `await scratch({ migrated })` in a test.
 */
export function scratchDatabases(): (options: { migrated: boolean }) => Promise<ScratchDatabase> {
  const made: ScratchDatabase[] = [];
  afterEach(async () => {
    for (const database of made.splice(0)) await database.drop();
  });
  return async (options) => {
    const database = await scratchPostgres(options);
    made.push(database);
    return database;
  };
}
