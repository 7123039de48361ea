import { afterAll, beforeAll } from "vitest";
import type { SqliteApp } from "../../src/app.js";
import { type DemoOptions, loadDemo } from "../../src/demo/load-demo.js";
import { createTestApp } from "./test-app.js";

/**
 * One demo store for a whole test file: loaded before its tests (then `prepare`, e.g. a first run
 * of the daily job), closed after them. The returned function gives the app once the tests run.
 */
export function demoAppPerFile(
  demo: DemoOptions & { asOf: string },
  prepare?: (app: SqliteApp) => void,
): () => SqliteApp {
  let app: SqliteApp | undefined;
  beforeAll(async () => {
    app = createTestApp({ asOf: demo.asOf });
    await loadDemo(app.store, demo);
    prepare?.(app);
  }, 120_000);
  afterAll(async () => {
    await app?.store.close();
  });
  return () => {
    if (!app) throw new Error("the demo app is read inside a test, after beforeAll");
    return app;
  };
}
