import { copySqliteToPostgres } from "../../src/store/postgres/copy-sqlite-to-postgres.js";
import { type ScratchDatabase, scratchPostgres } from "./postgres.js";

/**
 * A migrated scratch PostgreSQL database holding every row of this SQLite store (what
 * `migrate-store` copies): the same seeded rows on both stores, for comparing what a command says
 * on each. `createWith`: as scratchPostgres's. Drop it with `drop()`.
 */
export async function postgresCopyOf(sqliteFile: string, createWith?: string): Promise<ScratchDatabase> {
  const database = await scratchPostgres({ migrated: true, createWith });
  const copied = await copySqliteToPostgres(sqliteFile, database.url);
  if (!copied.ok) {
    await database.drop();
    throw new Error(copied.error.message);
  }
  return database;
}
