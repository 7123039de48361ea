/**
 * The churn model on a PostgreSQL copy of the bench's store (issue #14), in the same run as the
 * SQLite figures: the store copied into a new database (COPY), training from the history through
 * the SQL handle (trainFromHandle) against SQLite's training of the same run (same outcome
 * required), and the daily scoring step (scoreStoreOn: usage sums from the rows, one transaction)
 * against SQLite's daily step (same scores required). Node's CPU is printed beside the wall time;
 * the server's CPU is not in it (it runs in other processes on the same two cores).
 */
import { loadavg } from "node:os";
import { serialiseModel } from "../src/model/gbdt/serialise.js";
import { latestModel } from "../src/services/churn/model-store.js";
import { scoreStoreOn } from "../src/services/churn/score-on-handle.js";
import { type StoreTraining, trainFromHandle } from "../src/services/churn/train-from-store.js";
import { openPostgresStore } from "../src/store/postgres/open-postgres.js";
import { copiedBenchDatabase, postgresServer } from "./postgres-server.js";
import { timedSecondsAsync as timedAsync } from "./timed-seconds.js";

export interface SqliteChurnFigures {
  path: string;
  asOf: string;
  /** SQLite's training of this run and its time (null: the model was reused). */
  training: { outcome: StoreTraining; s: number; cpuS: number } | null;
  /** SQLite's daily step of this run: its time and the scores ("probability reasons" per customer). */
  daily: { s: number; cpuS: number; scores: Map<string, string> };
}

const secs = (t: { s: number; cpuS: number }) =>
  `${t.s.toFixed(1)} s wall / ${t.cpuS.toFixed(1)} s CPU (node)`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

export async function benchChurnPostgres(sqlite: SqliteChurnFigures): Promise<void> {
  const server = postgresServer();
  if (!server) {
    console.log(
      "  PostgreSQL: no server (BENCH_POSTGRES_URL, or the binaries for a throw-away cluster): skipped",
    );
    return;
  }
  try {
    console.log(`  PostgreSQL copy of the store (load ${load()})…`);
    const copy = await copiedBenchDatabase(server.url, "bench_churn", sqlite.path, [
      "ChurnScore",
      "ChurnUsageWindow",
      "ChurnUsageWindowState",
    ]);
    console.log(`  copied ${copy.rows.toLocaleString("en")} rows in ${(copy.copyMs / 1000).toFixed(1)} s`);
    const store = openPostgresStore(copy.url, { poolSize: 2, statementTimeoutMs: 3_600_000 });
    await store.db.run("ANALYZE");
    try {
      if (sqlite.training) {
        const train = await timedAsync(() => trainFromHandle(store.db, { asOf: sqlite.asOf }));
        const { model: a, ...aboutPg } = train.value;
        const { model: b, ...aboutSqlite } = sqlite.training.outcome;
        const same =
          JSON.stringify(aboutPg) === JSON.stringify(aboutSqlite) &&
          JSON.stringify(a && serialiseModel(a)) === JSON.stringify(b && serialiseModel(b));
        console.log(
          `  PostgreSQL train: ${aboutPg.rows.toLocaleString("en")} rows, ${secs(train)} against SQLite's ${sqlite.training.s.toFixed(1)} s wall / ${sqlite.training.cpuS.toFixed(1)} s CPU (${(train.s / sqlite.training.s).toFixed(2)}× the wall); same outcome and trees as SQLite: ${same ? "yes" : "NO"}; load ${load()}`,
        );
      }
      const model = await latestModel(store.db);
      if (!model.ok) throw new Error(model.error.message);
      const score = await timedAsync(() =>
        scoreStoreOn(store.db, sqlite.asOf, model.value.model, model.value.version),
      );
      const rows = await store.db.values(
        `SELECT "customerId", "probability", "reasons" FROM "ChurnScore" WHERE "day" = ?`,
        [sqlite.asOf],
      );
      const pgScores = new Map(rows.map(([id, p, reasons]) => [String(id), `${Number(p)} ${reasons}`]));
      let differing = Math.abs(pgScores.size - sqlite.daily.scores.size);
      for (const [id, s] of sqlite.daily.scores) if (pgScores.get(id) !== s) differing++;
      console.log(
        `  PostgreSQL daily scoring step (usage from the rows, one thread): ${secs(score)} for ${score.value.customers.toLocaleString("en")} customers against SQLite's daily step ${sqlite.daily.s.toFixed(1)} s wall / ${sqlite.daily.cpuS.toFixed(1)} s CPU (${(score.s / sqlite.daily.s).toFixed(2)}× the wall); scores differing from SQLite's: ${differing}; load ${load()}`,
      );
    } finally {
      await store.close();
      await copy.drop();
    }
  } finally {
    server.stop();
  }
}
