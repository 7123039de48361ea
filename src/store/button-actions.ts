import type { SqlHandle } from "./sql-handle.js";

/** How long a stored button action stays valid: buttons older than this answer "ask again". */
const KEEP_DAYS = 30;

/**
 * Long Telegram button actions in the store (ButtonAction), shared by every instance. Old rows
 * are pruned now and then as new ones are saved.
 */
export function storedButtonActions(
  db: SqlHandle,
  now: () => Date = () => new Date(),
): { save(key: string, action: string): Promise<void>; load(key: string): Promise<string | null> } {
  let saved = 0;
  return {
    async save(key, action) {
      const at = now();
      await db.run(
        'INSERT INTO "ButtonAction" ("key", "action", "createdAt") VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
        [key, action, at],
      );
      if (++saved % 1_000 === 0)
        await db.run('DELETE FROM "ButtonAction" WHERE "createdAt" < ?', [
          new Date(at.getTime() - KEEP_DAYS * 86_400_000),
        ]);
    },
    async load(key) {
      const row = await db.get<{ action: string }>('SELECT "action" FROM "ButtonAction" WHERE "key" = ?', [
        key,
      ]);
      return row?.action ?? null;
    },
  };
}
