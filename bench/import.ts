/**
 * Import benchmark: a generated 1M-row usage CSV through `importFile` (validation, references,
 * upsert into the real DailyUsage table with its indexes, one transaction), next to Debian's
 * `sqlite3` CLI loading the same file with `.import --csv --skip 1` into an empty plain table of a
 * fresh database, in the same run. Goal: at least half of sqlite3's rows/s.
 *
 * Run alone: `npx tsx bench/import.ts [rows]`; `npm run bench` runs it with the others.
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { importFile } from "../src/import/index.js";
import { openStore } from "../src/store/database.js";
import { migrateStore } from "../src/store/migrate.js";

export interface ImportBenchResult {
  rows: number;
  importRowsPerSecond: number;
  sqlite3RowsPerSecond: number | null;
  ratio: number | null;
}

const USAGE_HEADER =
  "customer_id,date,calls,call_minutes,data_mb,spend,competitor_hotline_seconds,forwarded_to_competitor";

/** Writes managers.csv, customers.csv and usage.csv (customers × days = rows) into `dir`. */
export function writeBenchFiles(dir: string, rows: number): { customers: number } {
  const days = 100;
  const customers = Math.ceil(rows / days);
  const id = (c: number) => `C${String(c).padStart(8, "0")}`;
  write(join(dir, "managers.csv"), ["manager_id,name,team_id,role", "B001,基准经理,BENCH,lead"]);
  const customerLines = ["customer_id,name,phone,manager_id,join_date"];
  for (let c = 0; c < customers; c++)
    customerLines.push(`${id(c)},客户${c},139${String(c).padStart(8, "0")},B001,2020-01-01`);
  write(join(dir, "customers.csv"), customerLines);
  const dates = Array.from({ length: days }, (_, d) =>
    new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString().slice(0, 10),
  );
  const fd = openSync(join(dir, "usage.csv"), "w");
  writeSync(fd, `${USAGE_HEADER}\n`);
  let written = 0;
  for (let c = 0; c < customers && written < rows; c++) {
    let chunk = "";
    for (let d = 0; d < days && written < rows; d++, written++) {
      const h = (c * 31 + d * 17) % 1000;
      chunk += `${id(c)},${dates[d]},${h % 23},${(h % 97) * 1.5},${h * 2.25},${(h % 500) / 10},${h % 50 === 0 ? 120 : 0},${h % 333 === 0 ? 1 : 0}\n`;
    }
    writeSync(fd, chunk);
  }
  closeSync(fd);
  return { customers };
}

function write(path: string, lines: string[]): void {
  const fd = openSync(path, "w");
  writeSync(fd, `${lines.join("\n")}\n`);
  closeSync(fd);
}

/** Times `sqlite3 fresh.db .import` of the same file; null when the CLI is not installed. */
function timeSqlite3Import(dir: string, csv: string): number | null {
  if (spawnSync("which", ["sqlite3"]).status !== 0) return null;
  const db = join(dir, "sqlite3-reference.db");
  const create =
    "CREATE TABLE usage (customer_id TEXT, date TEXT, calls INTEGER, call_minutes REAL, data_mb REAL, " +
    "spend REAL, competitor_hotline_seconds INTEGER, forwarded_to_competitor INTEGER);";
  const started = performance.now();
  const run = spawnSync("sqlite3", [db, create, `.import --csv --skip 1 ${csv} usage`], { encoding: "utf8" });
  const ms = performance.now() - started;
  if (run.status !== 0 || run.stderr.trim() !== "") throw new Error(`sqlite3 .import failed: ${run.stderr}`);
  return ms;
}

export async function benchImport(options: { rows?: number } = {}): Promise<ImportBenchResult> {
  const rows = options.rows ?? 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), "retainbot-bench-import-"));
  try {
    const { customers } = writeBenchFiles(dir, rows);
    const url = `file:${join(dir, "store.db")}`;
    const migrated = migrateStore(url);
    if (!migrated.ok) throw new Error(migrated.error.message);
    const store = openStore(url);
    let importMs: number;
    try {
      for (const kind of ["managers", "customers"] as const) {
        const r = await importFile(store, join(dir, `${kind}.csv`), kind);
        if (!r.ok || r.value.rejected > 0) throw new Error(`bench setup: ${kind} import failed`);
      }
      const started = performance.now();
      const result = await importFile(store, join(dir, "usage.csv"), "usage");
      importMs = performance.now() - started;
      if (!result.ok) throw new Error(result.error.message);
      if (result.value.inserted !== rows)
        throw new Error(`expected ${rows} rows, got ${result.value.inserted}`);
    } finally {
      await store.close();
    }
    const importRate = rows / (importMs / 1000);
    const line = (label: string, ms: number) =>
      `  ${label.padEnd(44)} ${(ms / 1000).toFixed(2).padStart(7)} s ${Math.round(rows / (ms / 1000))
        .toLocaleString("en")
        .padStart(11)} rows/s`;
    console.log(
      `import: ${rows.toLocaleString("en")} usage rows (${customers.toLocaleString("en")} customers)`,
    );
    console.log(line("retainbot import (validate + upsert, 1 tx)", importMs));
    const sqliteMs = timeSqlite3Import(dir, join(dir, "usage.csv"));
    if (sqliteMs === null) {
      console.log("  sqlite3 .import: skipped, the sqlite3 CLI is not installed (apt-get install sqlite3)");
      return { rows, importRowsPerSecond: importRate, sqlite3RowsPerSecond: null, ratio: null };
    }
    const sqliteRate = rows / (sqliteMs / 1000);
    const ratio = importRate / sqliteRate;
    console.log(line("sqlite3 .import --csv (empty plain table)", sqliteMs));
    console.log(
      `  ratio: ${ratio.toFixed(2)}× sqlite3 .import (goal ≥ 0.50×) ${ratio >= 0.5 ? "ok" : "BELOW GOAL"}`,
    );
    return { rows, importRowsPerSecond: importRate, sqlite3RowsPerSecond: sqliteRate, ratio };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await benchImport({ rows: process.argv[2] ? Number(process.argv[2]) : undefined });
}
