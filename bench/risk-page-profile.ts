/**
 * Where a `/risk` page's time goes, statement by statement (issue #12): the warnings bench's store
 * (its cached file, with the day's rows; BENCH_CUSTOMERS / BENCH_DAYS as there), one manager's first
 * page and the page at offset 1000, each statement's median wall time over the runs and the rest
 * (the JavaScript between them) beside the whole page's. Read-only. Whether the day has churn scores
 * and a model is printed: the figures differ with them.
 *
 * Run alone: `npx tsx bench/risk-page-profile.ts` (not part of `npm run bench`).
 */
import { loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import { DEFAULT_RULES_CONFIG as config } from "../src/domain/rules-config.js";
import { riskPage } from "../src/services/warnings/risk-page.js";
import { openStore } from "../src/store/database.js";
import type { SqlHandle, SqlParam } from "../src/store/sql-handle.js";
import { benchStorePath } from "./warnings-store.js";

const AS_OF = "2026-06-30";
const MANAGER = "M002";

/** A handle that times each statement it runs under a short label (its first words). */
function timedHandle(db: SqlHandle, current: { page: Map<string, { ms: number; calls: number }> }) {
  const label = (text: string) => text.replace(/\s+/g, " ").trim().slice(0, 90);
  const time =
    <R>(run: (text: string, params?: readonly SqlParam[]) => Promise<R>) =>
    async (text: string, params?: readonly SqlParam[]): Promise<R> => {
      const started = performance.now();
      try {
        return await run(text, params);
      } finally {
        const key = label(text);
        const seen = current.page.get(key) ?? { ms: 0, calls: 0 };
        current.page.set(key, { ms: seen.ms + performance.now() - started, calls: seen.calls + 1 });
      }
    };
  const handle: SqlHandle = {
    dialect: db.dialect,
    all: time((t, p) => db.all(t, p)),
    get: time((t, p) => db.get(t, p)),
    values: time((t, p) => db.values(t, p)),
    run: time((t, p) => db.run(t, p)),
    transaction: (work) => db.transaction(work),
  };
  return handle;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? 0;
};

export async function profileRiskPage(runs = 30): Promise<void> {
  const customers = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
  const days = Number(process.env.BENCH_DAYS ?? 120);
  const path = benchStorePath({ seed: 7, asOf: AS_OF, customers, days });
  const store = openStore(`file:${path}`);
  try {
    const sql = store.sql;
    const scores = sql.prepare(`SELECT COUNT(*) FROM ChurnScore WHERE day = ?`).pluck().get(AS_OF) as number;
    const model = sql
      .prepare(`SELECT version, length(model) FROM ChurnModel ORDER BY id DESC LIMIT 1`)
      .raw()
      .get() as [string, number | null] | undefined;
    console.log(
      `risk page profile: ${path}; ${scores.toLocaleString("en")} churn scores on ${AS_OF}; newest model ${model ? `${model[0]} (${model[1] ?? 0} chars)` : "none"}; load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
    );
    for (const offset of [0, 1000]) {
      const current = { page: new Map<string, { ms: number; calls: number }>() };
      const perStatement = new Map<string, { ms: number[]; calls: number }>();
      const totals: number[] = [];
      const statementsMs: number[] = [];
      const db = timedHandle(store.db, current);
      const deps = { db, config, now: new Date(`${AS_OF}T09:00:00+08:00`), timeZone: "Asia/Shanghai" };
      let modelOnly = 0;
      for (let i = -3; i < runs; i++) {
        current.page = new Map();
        const started = performance.now();
        const page = await riskPage(deps, [MANAGER], AS_OF, { limit: 10, offset });
        const total = performance.now() - started;
        if (i < 0) continue;
        modelOnly = page.entries.filter((e) => e.churn?.modelOnly).length;
        totals.push(total);
        let inStatements = 0;
        for (const [key, { ms, calls }] of current.page) {
          const seen = perStatement.get(key) ?? { ms: [], calls };
          seen.ms.push(ms);
          perStatement.set(key, seen);
          inStatements += ms;
        }
        statementsMs.push(inStatements);
      }
      console.log(
        `  page at offset ${offset}: p50 ${median(totals).toFixed(2)} ms, of which statements ${median(statementsMs).toFixed(2)} ms, ` +
          `${perStatement.size} distinct statements; ${modelOnly} model-only entries on the page`,
      );
      for (const [key, { ms, calls }] of [...perStatement].sort((a, b) => median(b[1].ms) - median(a[1].ms)))
        console.log(`    ${median(ms).toFixed(3).padStart(7)} ms  ×${calls}  ${key}`);
    }
  } finally {
    await store.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await profileRiskPage();
}
