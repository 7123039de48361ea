/**
 * Knowledge ingest off the event loop: the bot ingests the knowledge directory in a worker thread
 * (src/jobs) and this thread only loads the saved index; a chat message is answered while a
 * (slowed) ingest runs, and searches asked meanwhile wait for the same build.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { seedRiskFixture } from "../../setup/risk-seed.js";
import { createTestApp } from "../../setup/test-app.js";
import { ask, replyText } from "../talk-tracks/helpers.js";

let app: App;

beforeAll(async () => {
  app = createTestApp({ asOf: "2026-06-30" });
  await seedRiskFixture(app);
}, 120_000);
afterAll(async () => {
  await app.store.close();
});

describe("knowledge ingest in a worker thread", { timeout: 120_000 }, () => {
  it("answers a chat message while the ingest runs, then loads the index the worker saved", async () => {
    let built = false;
    const building = app.knowledge.indexFromWorker({ pauseMs: 1_500 }).then((r) => {
      built = true;
      return r;
    });
    const searching = app.knowledge.search("客户说资费太贵要转网");
    const { reply } = await ask(app, "M001", "今天谁有风险");
    expect(built).toBe(false); // answered while the worker was still ingesting
    expect(replyText(reply).length).toBeGreaterThan(0);
    const index = await building;
    expect(index.ok).toBe(true);
    if (!index.ok) return;
    // The worker ingested and saved; this thread only loaded the saved index.
    expect(index.value.report.rebuilt).toBe(false);
    expect(index.value.report.chunks).toBeGreaterThan(20);
    expect((await searching).length).toBeGreaterThan(0);
    expect(await app.knowledge.index()).toBe(index);
  });
});
