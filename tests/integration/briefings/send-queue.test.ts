import { afterEach, describe, expect, it } from "vitest";
import { createTelegramGroupPoster } from "../../../src/adapters/telegram/group-poster.js";
import type { PostError } from "../../../src/briefings/poster.js";
import { type SendLimits, SendQueue } from "../../../src/briefings/send-queue.js";
import { err, ok, type Result } from "../../../src/result.js";
import { RateLimitedTelegramFake, type RateLimitRules } from "../../fakes/telegram-rate-limits.js";

const fakes: RateLimitedTelegramFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function startFake(rules: RateLimitRules) {
  const fake = new RateLimitedTelegramFake(rules);
  fakes.push(fake);
  return { fake, root: await fake.listen() };
}

/** One sendMessage over HTTP, mapped to the poster's result shape. */
function sendMessage(root: string, chatId: string, text: string) {
  return async (): Promise<Result<void, PostError>> => {
    const res = await fetch(`${root}/botTEST/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat_id: chatId, text }),
    });
    if (res.ok) return ok(undefined);
    const body = (await res.json()) as { description: string; parameters?: { retry_after?: number } };
    if (res.status === 429)
      return err({
        code: "rate_limited",
        message: body.description,
        retryAfterMs: (body.parameters?.retry_after ?? 1) * 1000,
      });
    return err({ code: "failed", message: body.description, retryable: res.status >= 500 });
  };
}

const rules: RateLimitRules = { globalPerSecond: 10, perChatPerWindow: 3, perChatWindowMs: 1000 };
/** A queue set (wrongly) to no per-chat gap: the server's per-chat limit answers with 429s. */
const NO_CHAT_GAP: SendLimits = {
  globalMinIntervalMs: 0,
  globalWindow: { max: 100, windowMs: 1000 },
  perChatMinIntervalMs: 0,
  maxConcurrent: 4,
  maxRetries: 3,
  globalHoldCapMs: 50,
};

async function sendAll(queue: SendQueue, root: string, chats: number, perChat: number) {
  const jobs: Promise<Result<void, PostError>>[] = [];
  for (let m = 0; m < perChat; m++)
    for (let c = 0; c < chats; c++)
      jobs.push(queue.send(`-${c}`, sendMessage(root, `-${c}`, `chat ${c} message ${m}`)));
  return Promise.all(jobs);
}

describe("send queue", () => {
  it("keeps per-chat and overall rates under the server's limits: no 429, nothing lost or doubled", async () => {
    const { fake, root } = await startFake(rules);
    const limits: SendLimits = {
      globalMinIntervalMs: 130,
      globalWindow: { max: 10, windowMs: 1300 },
      perChatMinIntervalMs: 450,
      maxConcurrent: 4,
      maxRetries: 2,
      globalHoldCapMs: 1000,
    };
    const queue = new SendQueue(limits);
    const started = Date.now();
    const results = await sendAll(queue, root, 4, 5);
    const elapsed = Date.now() - started;
    await queue.stop();

    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.rejected429).toBe(0);
    expect(fake.accepted).toHaveLength(20);
    expect(new Set(fake.accepted.map((a) => a.text)).size).toBe(20);
    expect([...fake.countsByChat().values()]).toEqual([5, 5, 5, 5]);
    // 20 calls 130 ms apart cannot take less than ~2.5 s.
    expect(elapsed).toBeGreaterThanOrEqual(19 * 130 - 20);
    expect(queue.stats).toMatchObject({ sent: 20, rateLimited: 0, failed: 0 });
  });

  it("the sliding window alone holds the overall limit even with no spacing between calls", async () => {
    const { fake, root } = await startFake({
      globalPerSecond: 10,
      perChatPerWindow: 100,
      perChatWindowMs: 1000,
    });
    const queue = new SendQueue({
      globalMinIntervalMs: 0,
      globalWindow: { max: 10, windowMs: 1300 },
      perChatMinIntervalMs: 0,
      maxConcurrent: 10,
      maxRetries: 0,
      globalHoldCapMs: 0,
    });
    const started = Date.now();
    const results = await sendAll(queue, root, 25, 1);
    await queue.stop();
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.rejected429).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 1300);
  });

  it("the fake really enforces the limits: an unthrottled sender is refused", async () => {
    const { fake, root } = await startFake(rules);
    await Promise.all(Array.from({ length: 15 }, (_, i) => sendMessage(root, "-1", `m${i}`)()));
    expect(fake.accepted).toHaveLength(3);
    expect(fake.rejected429).toBe(12);
  });

  it("retries a 429 after retry_after, once per refusal, and delivers each message exactly once", async () => {
    // The server allows one call per chat per second; the queue is set (wrongly) to no per-chat gap.
    const { fake, root } = await startFake({
      globalPerSecond: 100,
      perChatPerWindow: 1,
      perChatWindowMs: 1000,
    });
    const queue = new SendQueue(NO_CHAT_GAP);
    const started = Date.now();
    const results = await sendAll(queue, root, 2, 3);
    const elapsed = Date.now() - started;
    await queue.stop();

    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.accepted).toHaveLength(6);
    expect(new Set(fake.accepted.map((a) => a.text)).size).toBe(6);
    // Each chat's 2nd and 3rd message meet one 429 each: no storm of refusals.
    expect(fake.rejected429).toBe(4);
    expect(queue.stats.rateLimited).toBe(4);
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    // Messages to one chat stay in order.
    const chat0 = fake.accepted.filter((a) => a.chatId === "-0").map((a) => a.text);
    expect(chat0).toEqual(["chat 0 message 0", "chat 0 message 1", "chat 0 message 2"]);
  }, 60_000); // real retry_after waits: ~5 s idle, over 20 s on a loaded machine

  it("ends every hold after a 429 even when the wall clock runs behind the timers", async () => {
    // Timers run on a monotonic clock, Date.now() on the wall clock (NTP slews and steps it). A
    // clock at half speed makes every hold look unfinished when its timer fires: the queue must
    // still resume instead of keeping its reservoir empty for ever.
    const { fake, root } = await startFake({
      globalPerSecond: 100,
      perChatPerWindow: 1,
      perChatWindowMs: 1000,
    });
    const origin = Date.now();
    const queue = new SendQueue(NO_CHAT_GAP, { now: () => origin + (Date.now() - origin) / 2 });
    const results = await sendAll(queue, root, 2, 2);
    await queue.stop();

    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.accepted).toHaveLength(4);
    expect(fake.rejected429).toBeGreaterThan(0);
  }, 20_000);

  it("gives up on a permanent failure without retrying", async () => {
    const queue = new SendQueue({
      globalMinIntervalMs: 0,
      globalWindow: { max: 100, windowMs: 1000 },
      perChatMinIntervalMs: 0,
      maxConcurrent: 1,
      maxRetries: 3,
      globalHoldCapMs: 0,
    });
    let calls = 0;
    const result = await queue.send("-1", async () => {
      calls++;
      return err({ code: "failed", message: "Forbidden: bot was kicked", retryable: false });
    });
    expect(result.ok).toBe(false);
    expect(calls).toBe(1);
    expect(queue.stats.failed).toBe(1);
  });

  it("does not repeat a long text's first message when its second is refused", async () => {
    const { fake, root } = await startFake({
      globalPerSecond: 100,
      perChatPerWindow: 100,
      perChatWindowMs: 1000,
    });
    let calls = 0;
    fake.script = () => (++calls === 2 ? 1 : undefined); // the second message meets a 429
    const poster = createTelegramGroupPoster({ token: "T", apiRoot: root });
    const queue = new SendQueue(NO_CHAT_GAP);
    // Over Telegram's 4,096 characters: posted as two messages.
    const long = Array.from({ length: 1000 }, (_, i) => `第${i}行`).join("\n");
    const result = await queue.send("-1", () => poster.postBlocks("-1", [{ type: "text", text: long }]));
    await queue.stop();

    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.partly).toBe(true);
    expect(queue.stats.retries).toBe(0);
    expect(fake.accepted).toHaveLength(1); // the first message, once; never again on a retry
  });
});
