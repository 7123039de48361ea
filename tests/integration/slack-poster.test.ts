import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSlackPoster } from "../../src/adapters/slack/slack-poster.js";
import type { GroupPoster } from "../../src/briefings/poster.js";
import { createLogger } from "../../src/logger.js";
import { type FakeSlack, startFakeSlack } from "../fakes/slack-api.js";

let fake: FakeSlack;
let poster: GroupPoster;
beforeEach(async () => {
  fake = await startFakeSlack();
  poster = createSlackPoster({ token: "xoxb-poster", apiUrl: fake.apiUrl, logger: createLogger("silent") });
});
afterEach(async () => {
  await fake.close();
});

describe("Slack briefing poster", () => {
  it("posts briefing blocks to the channel as Block Kit", async () => {
    const result = await poster.postBlocks("C_BOUND", [
      { type: "heading", text: "早安简报 11月23日" },
      { type: "list", items: ["高风险 3 位", "今日生日 1 位：王_*[小]"] },
    ]);
    expect(result.ok).toBe(true);
    const [post] = fake.callsTo("chat.postMessage");
    expect(post?.token).toBe("xoxb-poster");
    expect(post?.params.channel).toBe("C_BOUND");
    const blocks = (post?.params.blocks ?? []) as { type: string }[];
    expect(blocks.map((b) => b.type)).toEqual(["header", "section"]);
  });

  it("uploads the chart PNG to the channel with its caption", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
    const result = await poster.postImage("C_BOUND", png, "风险趋势 11月23日");
    expect(result.ok).toBe(true);
    expect(fake.uploads).toEqual([{ fileId: expect.stringMatching(/^F/), bytes: 8 }]);
    const [complete] = fake.callsTo("files.completeUploadExternal");
    expect(complete?.params).toMatchObject({ channel_id: "C_BOUND", initial_comment: "风险趋势 11月23日" });
  });

  it("reports a 429 as rate_limited with Slack's Retry-After, without retrying itself", async () => {
    fake.failNext("chat.postMessage", { retryAfterSeconds: 7 });
    const result = await poster.postBlocks("C_BOUND", [{ type: "text", text: "x" }]);
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ code: "rate_limited", retryAfterMs: 7000 }),
    });
    expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it("reports a channel the bot is not in as a failure not worth retrying", async () => {
    fake.failNext("chat.postMessage", { error: "not_in_channel" });
    const result = await poster.postBlocks("C_GONE", [{ type: "text", text: "x" }]);
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ code: "failed", retryable: false }),
    });
  });

  it("reports an unreachable Slack as a failure worth retrying", async () => {
    await fake.close();
    const result = await poster.postBlocks("C_BOUND", [{ type: "text", text: "x" }]);
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ code: "failed", retryable: true }),
    });
    fake = await startFakeSlack(); // for afterEach
  });
});
