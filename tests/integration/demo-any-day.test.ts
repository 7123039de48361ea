import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { loadDemo } from "../../src/demo/load-demo.js";
import { CARE_CODES, SIGNAL_CODES } from "../../src/demo/plan.js";
import { createTestApp } from "../setup/test-app.js";
import { signalQueries } from "./demo-signal-queries.js";

const opened: App[] = [];
afterEach(async () => {
  for (const app of opened.splice(0)) await app.store.close();
});

// Dates are relative to the as-of day, so the demo must be interesting on any day, including the
// awkward ones: a year boundary, a leap day, Spring Festival, the last day of a month.
describe.each(["2027-01-01", "2028-02-29", "2026-02-17", "2026-12-31", "2029-03-01"])(
  "demo as of %s",
  (asOf) => {
    it("plants every signal and care moment so that the data shows them", async () => {
      const app = createTestApp({ asOf });
      opened.push(app);
      const summary = await loadDemo(app.store, { seed: 11, asOf, customers: 200 });
      const queries = signalQueries(app.store.sql, asOf);
      for (const code of [...SIGNAL_CODES, ...CARE_CODES]) {
        const planted = summary.plantedIds[code];
        expect(planted.length, code).toBeGreaterThan(0);
        expect(
          planted.filter((id) => !queries.showing(code).has(id)),
          code,
        ).toEqual([]);
      }
    }, 60_000);
  },
);
