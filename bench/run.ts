/**
 * `npm run bench`: runs every benchmark listed here, one after the other. Each prints its own
 * numbers next to a reference measured in the same run. Add yours with one line.
 */
import { benchBriefings } from "./briefings.js";
import { benchImport } from "./import.js";
import { benchWarnings } from "./warnings.js";

const benches: [name: string, run: () => Promise<unknown>][] = [
  ["import", () => benchImport()],
  ["briefings", () => benchBriefings()],
  ["warnings", () => benchWarnings()],
];

for (const [name, run] of benches) {
  console.log(`\n== ${name} ==`);
  await run();
}
