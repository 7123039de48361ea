import { type SqliteDatabase, sqliteTime } from "./database.js";

/** How long a stored button action stays valid: buttons older than this answer "ask again". */
const KEEP_DAYS = 30;

/**
 * Long Telegram button actions in the store (ButtonAction), shared by every instance. Old rows
 * are pruned now and then as new ones are saved.
 */
export function storedButtonActions(
  sql: SqliteDatabase,
  now: () => Date = () => new Date(),
): { save(key: string, action: string): void; load(key: string): string | null } {
  const insert = sql.prepare(
    'INSERT OR IGNORE INTO "ButtonAction" ("key", "action", "createdAt") VALUES (?, ?, ?)',
  );
  const select = sql.prepare('SELECT "action" FROM "ButtonAction" WHERE "key" = ?').pluck();
  const prune = sql.prepare('DELETE FROM "ButtonAction" WHERE "createdAt" < ?');
  let saved = 0;
  return {
    save(key, action) {
      const at = now();
      insert.run(key, action, sqliteTime(at));
      if (++saved % 1_000 === 0) prune.run(sqliteTime(new Date(at.getTime() - KEEP_DAYS * 86_400_000)));
    },
    load(key) {
      return (select.get(key) as string | undefined) ?? null;
    },
  };
}
