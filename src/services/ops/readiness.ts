import type { App } from "../../app.js";
import { isStoreCurrent } from "../../store/migrate.js";
import { isPostgresCurrent } from "../../store/postgres/migrate-postgres.js";

/** One readiness check: ok, and a short reason a person can act on. */
export interface Check {
  ok: boolean;
  detail: string;
}

/**
 * What a load balancer asks before sending traffic (/readyz): the store answers, every committed
 * migration is applied, and the knowledge index is loaded (talk tracks and objections need it).
 */
export async function readinessChecks(app: App): Promise<Record<string, Check>> {
  const store = await storeCheck(app);
  const current = store.ok && (await migrationsCurrent(app));
  return {
    store,
    migrations: current
      ? { ok: true, detail: "all migrations applied" }
      : {
          ok: false,
          detail: store.ok ? "migrations pending: run `npm run cli -- setup`" : "unknown: store unreachable",
        },
    knowledge: knowledgeCheck(app.knowledge.status()),
  };
}

function migrationsCurrent(app: App): Promise<boolean> | boolean {
  return app.store.kind === "postgres"
    ? isPostgresCurrent(app.config.DATABASE_URL)
    : isStoreCurrent(app.config.DATABASE_URL);
}

async function storeCheck(app: App): Promise<Check> {
  try {
    await app.store.db.get('SELECT 1 AS "one"');
    return { ok: true, detail: "store reachable" };
  } catch (error) {
    return {
      ok: false,
      detail: `store unreachable: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

function knowledgeCheck(status: ReturnType<App["knowledge"]["status"]>): Check {
  if (status === "ready") return { ok: true, detail: "knowledge index loaded" };
  if (status === "failed") return { ok: false, detail: "knowledge index failed to load (see the log)" };
  return { ok: false, detail: `knowledge index ${status === "loading" ? "loading" : "not loaded yet"}` };
}
