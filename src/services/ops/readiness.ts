import type { App } from "../../app.js";
import { isStoreCurrent } from "../../store/migrate.js";

/** One readiness check: ok, and a short reason a person can act on. */
export interface Check {
  ok: boolean;
  detail: string;
}

/**
 * What a load balancer asks before sending traffic (/readyz): the store answers, every committed
 * migration is applied, and the knowledge index is loaded (talk tracks and objections need it).
 */
export function readinessChecks(app: App): Record<string, Check> {
  return {
    store: storeCheck(app),
    migrations: isStoreCurrent(app.config.DATABASE_URL)
      ? { ok: true, detail: "all migrations applied" }
      : { ok: false, detail: "migrations pending: run `npm run cli -- setup`" },
    knowledge: knowledgeCheck(app.knowledge.status()),
  };
}

function storeCheck(app: App): Check {
  try {
    app.store.sql.prepare("SELECT 1").get();
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
