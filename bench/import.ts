/**
 * Import benchmark: a generated 1M-row usage CSV through `importFile` (validation, references,
 * upsert into the real DailyUsage table with its indexes, one transaction), next to Debian's
 * `sqlite3` CLI loading the same file with `.import --csv --skip 1` in the same run: into a table
 * with DailyUsage's primary key and (covering) date index (the fair reference: the same work minus
 * validation; goal: at least half its rows/s), and into a plain empty table. Without the CLI
 * (`apt-get install -y sqlite3`) it says the reference is missing and prints no ratio.
 *
 * The import measured is the shipped one, the compiled code in dist/ that `retainbot import` runs
 * (built first when a source file is newer): from the TypeScript sources its parser thread would
 * spend a second registering tsx. BENCH_IMPORT_ROWS sets the size (default 1,000,000). CPU seconds
 * are printed beside the wall times (the import's include its parser thread): on a busy machine
 * they say more than the wall time.
 *
 * Run alone: `npx tsx bench/import.ts [rows]`; `npm run bench` runs it with the others.
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { formatPeak, type PeakRss, withPeakRss } from "./peak-memory.js";

const root = resolve(import.meta.dirname, "..");
const TIME = existsSync("/usr/bin/time") ? ["/usr/bin/time", "-f", "CPU_S=%U+%S"] : [];

/** The compiled importer and store (dist/), built first when any source file is newer. */
export async function shippedImporter() {
  const built = join(root, "dist/import/index.js");
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
      ),
    );
  // tsc leaves unchanged outputs alone, so compare the newest output with the newest source.
  if (!existsSync(built) || newest(join(root, "dist")) < newest(join(root, "src"))) {
    console.log("import: building dist/ (npm run build) so the shipped code is measured");
    const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) throw new Error("npm run build failed");
  }
  const load = <T>(path: string) => import(pathToFileURL(join(root, "dist", path)).href) as Promise<T>;
  const { importFile, importFileToPostgres } =
    await load<typeof import("../src/import/index.js")>("import/index.js");
  const { openStore } = await load<typeof import("../src/store/database.js")>("store/database.js");
  const { migrateStore } = await load<typeof import("../src/store/migrate.js")>("store/migrate.js");
  return { importFile, importFileToPostgres, openStore, migrateStore };
}

export interface ImportBenchResult {
  rows: number;
  importRowsPerSecond: number;
  /** Peak RSS while the import ran (MiB). */
  peakRssMiB: number;
  /** sqlite3 .import into a table with DailyUsage's key and index (the fair reference), null without sqlite3. */
  keyedRowsPerSecond: number | null;
  ratio: number | null;
  /** …and into a plain empty table. */
  plainRowsPerSecond: number | null;
  plainRatio: number | null;
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

const PLAIN_TABLE =
  "CREATE TABLE usage (customer_id TEXT, date TEXT, calls INTEGER, call_minutes REAL, data_mb REAL, " +
  "spend REAL, competitor_hotline_seconds INTEGER, forwarded_to_competitor INTEGER);";
/**
 * The same work minus validation: DailyUsage's primary key and its date index (covering the columns
 * read by day, prisma/schema.prisma), kept up as rows go in.
 */
const KEYED_TABLE =
  "CREATE TABLE usage (customer_id TEXT NOT NULL, date TEXT NOT NULL, calls INTEGER, call_minutes REAL, " +
  "data_mb REAL, spend REAL, competitor_hotline_seconds INTEGER, forwarded_to_competitor INTEGER, " +
  "PRIMARY KEY (customer_id, date)); CREATE INDEX usage_date_idx ON usage " +
  "(date, customer_id, calls, spend, data_mb, competitor_hotline_seconds, forwarded_to_competitor);";

const hasSqlite3 = () => spawnSync("sqlite3", ["-version"]).status === 0;

/** Times `sqlite3 fresh.db .import` of the same file into a table made by `create` (wall and CPU ms). */
function timeSqlite3Import(
  dir: string,
  csv: string,
  name: string,
  create: string,
): { ms: number; cpuMs: number | null } {
  const db = join(dir, `sqlite3-${name}.db`);
  const [command, ...args] = [...TIME, "sqlite3", db, create, `.import --csv --skip 1 ${csv} usage`];
  const started = performance.now();
  const run = spawnSync(command!, args, { encoding: "utf8" });
  const ms = performance.now() - started;
  const cpu = /CPU_S=([\d.]+)\+([\d.]+)/.exec(run.stderr);
  const stderr = run.stderr.replace(/CPU_S=\S+\s*/, "").trim();
  if (run.status !== 0 || stderr !== "") throw new Error(`sqlite3 .import failed: ${stderr}`);
  return { ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : null };
}

export async function benchImport(options: { rows?: number } = {}): Promise<ImportBenchResult> {
  const rows = options.rows ?? Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
  const { importFile, openStore, migrateStore } = await shippedImporter();
  const dir = mkdtempSync(join(tmpdir(), "retainbot-bench-import-"));
  try {
    const { customers } = writeBenchFiles(dir, rows);
    const url = `file:${join(dir, "store.db")}`;
    const migrated = migrateStore(url);
    if (!migrated.ok) throw new Error(migrated.error.message);
    const store = openStore(url);
    let importMs: number;
    let importCpuMs: number;
    let importPeak: PeakRss;
    try {
      for (const kind of ["managers", "customers"] as const) {
        const r = await importFile(store, join(dir, `${kind}.csv`), kind);
        if (!r.ok || r.value.rejected > 0) throw new Error(`bench setup: ${kind} import failed`);
      }
      const cpu = process.cpuUsage();
      const started = performance.now();
      const measured = await withPeakRss(() => importFile(store, join(dir, "usage.csv"), "usage"));
      importMs = performance.now() - started;
      const used = process.cpuUsage(cpu);
      importCpuMs = (used.user + used.system) / 1000;
      importPeak = measured.peak;
      const result = measured.value;
      if (!result.ok) throw new Error(result.error.message);
      if (result.value.inserted !== rows)
        throw new Error(`expected ${rows} rows, got ${result.value.inserted}`);
    } finally {
      await store.close();
    }
    const importRate = rows / (importMs / 1000);
    const peakRssMiB = Math.round(importPeak.bytes / (1024 * 1024));
    const line = (label: string, ms: number, cpuMs: number | null) =>
      `  ${label.padEnd(52)} ${(ms / 1000).toFixed(2).padStart(7)} s ${Math.round(rows / (ms / 1000))
        .toLocaleString("en")
        .padStart(11)} rows/s${cpuMs === null ? "" : `  (CPU ${(cpuMs / 1000).toFixed(2)} s)`}`;
    const load = loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
    console.log(
      `import: ${rows.toLocaleString("en")} usage rows (${customers.toLocaleString("en")} customers); load average ${load}`,
    );
    console.log(line("retainbot import (dist/, parser thread + writer, 1 tx)", importMs, importCpuMs));
    console.log(`  peak RSS during the import: ${formatPeak(importPeak)}`);
    const result: ImportBenchResult = {
      rows,
      importRowsPerSecond: importRate,
      peakRssMiB,
      keyedRowsPerSecond: null,
      ratio: null,
      plainRowsPerSecond: null,
      plainRatio: null,
    };
    if (!hasSqlite3()) {
      console.log(
        "  REFERENCE MISSING: the sqlite3 CLI is not installed, so no ratio (apt-get install -y sqlite3)",
      );
      return result;
    }
    const csv = join(dir, "usage.csv");
    const keyed = timeSqlite3Import(dir, csv, "keyed", KEYED_TABLE);
    const plain = timeSqlite3Import(dir, csv, "plain", PLAIN_TABLE);
    const keyedMs = keyed.ms;
    const plainMs = plain.ms;
    result.keyedRowsPerSecond = rows / (keyedMs / 1000);
    result.plainRowsPerSecond = rows / (plainMs / 1000);
    result.ratio = importRate / result.keyedRowsPerSecond;
    result.plainRatio = importRate / result.plainRowsPerSecond;
    console.log(line("sqlite3 .import, DailyUsage's key + date index", keyedMs, keyed.cpuMs));
    console.log(line("sqlite3 .import, plain empty table", plainMs, plain.cpuMs));
    console.log(
      `  ratio: ${result.ratio.toFixed(2)}× sqlite3 .import with the same key and index (goal ≥ 0.50×) ${
        result.ratio >= 0.5 ? "ok" : "BELOW GOAL"
      }; ${result.plainRatio.toFixed(2)}× the plain table`,
    );
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await benchImport({ rows: process.argv[2] ? Number(process.argv[2]) : undefined });
}
