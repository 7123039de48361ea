/**
 * `npm run bench [-- name …]`: runs every benchmark listed here (or the named ones), one after the
 * other. Each prints its own numbers next to a reference measured in the same run. Add yours with
 * one line. The warnings bench builds a 1M-customer store on first use (about 20 minutes here).
 */
import { benchBriefings } from "./briefings.js";
import { benchBriefingInstances } from "./briefings-instances.js";
import { benchWecomRobotBriefings } from "./briefings-wecom.js";
import { benchChurn } from "./churn.js";
import { benchImport } from "./import.js";
import { benchImportPostgres } from "./import-postgres.js";
import { benchObjections } from "./objections.js";
import { benchObjectionsCv } from "./objections-cv.js";
import { formatPeak, withPeakRss } from "./peak-memory.js";
import { benchRetrieval } from "./retrieval.js";
import { benchStartup } from "./startup.js";
import { benchWarnings } from "./warnings.js";
import { benchWarningsPostgres } from "./warnings-postgres.js";
import { benchWarningsJobPostgres } from "./warnings-postgres-job.js";

const benches: [name: string, run: () => Promise<unknown>][] = [
  ["startup", () => benchStartup()],
  ["retrieval", async () => console.log(await benchRetrieval())],
  ["objections", () => benchObjections()],
  ["objections-cv", () => benchObjectionsCv()],
  [
    "import",
    async () => {
      await benchImport();
      await benchImportPostgres();
    },
  ],
  [
    "briefings",
    async () => {
      await benchBriefings();
      await benchWecomRobotBriefings();
      await benchBriefingInstances();
    },
  ],
  [
    "warnings",
    async () => {
      await benchWarnings();
      await benchWarningsPostgres();
      // The daily job on PostgreSQL against SQLite's full rebuild (50k: a 1M copy needs ~30 GB more disk).
      await benchWarningsJobPostgres();
    },
  ],
  ["churn", () => benchChurn()],
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !benches.some(([known]) => known === name));
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(", ")} (known: ${benches.map(([n]) => n).join(", ")})`);
  process.exit(2);
}
for (const [name, run] of benches) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n== ${name} ==`);
  const { peak } = await withPeakRss(run);
  console.log(`  peak RSS of the ${name} bench (this process): ${formatPeak(peak)}`);
}
