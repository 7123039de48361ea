/**
 * The demo store the warnings benchmark runs on, built once and cached in the OS temp directory.
 * The cache key is the seed, as-of day, customers and days. Neither the schema nor the generator's
 * source is in it (a migration or a refactor would throw away a 30-minute 1M build): a cached store
 * is migrated forward when it is opened, and after a change to what the demo generates, delete the
 * cached files (retainbot-bench-warnings-*). A build goes to a temporary name and is renamed when
 * complete, so a broken build is never reused.
 */
import { createHash } from "node:crypto";
import { existsSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDemo } from "../src/demo/load-demo.js";
import { openStore } from "../src/store/database.js";
import { migrateStore } from "../src/store/migrate.js";

export interface BenchStoreSpec {
  seed: number;
  asOf: string;
  customers: number;
  days: number;
}

/** The cache file for a spec (it may not exist yet). */
export function benchStorePath(spec: BenchStoreSpec): string {
  const key = createHash("sha256").update(JSON.stringify(spec)).digest("hex").slice(0, 16);
  return join(tmpdir(), `retainbot-bench-warnings-${spec.customers}x${spec.days}-${key}.db`);
}

/** The cached store for a spec, built first when missing; says how long a build took. */
export async function benchStore(spec: BenchStoreSpec): Promise<{ path: string; builtMs: number | null }> {
  const path = benchStorePath(spec);
  if (existsSync(path)) {
    const migrated = migrateStore(`file:${path}`);
    if (!migrated.ok) throw new Error(migrated.error.message);
    return { path, builtMs: null };
  }
  const building = `${path}.building-${process.pid}`;
  const started = performance.now();
  const migrated = migrateStore(`file:${building}`);
  if (!migrated.ok) throw new Error(migrated.error.message);
  const store = openStore(`file:${building}`);
  let lastReport = 0;
  try {
    await loadDemo(store, {
      ...spec,
      onProgress(done, total) {
        if (performance.now() - lastReport < 15_000 && done < total) return;
        lastReport = performance.now();
        const s = ((performance.now() - started) / 1000).toFixed(0);
        console.log(
          `  building demo store: ${done.toLocaleString("en")}/${total.toLocaleString("en")} (${s} s)`,
        );
      },
    });
    store.sql.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    await store.close();
  }
  for (const suffix of ["-wal", "-shm"]) rmSync(`${building}${suffix}`, { force: true });
  renameSync(building, path);
  return { path, builtMs: performance.now() - started };
}
