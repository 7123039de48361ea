import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLlmClient } from "../../../src/llm/client.js";
import { createEmbedder } from "../../../src/llm/embedder.js";
import type { ChatMessage } from "../../../src/llm/llm-types.js";
import { createLogger } from "../../../src/logger.js";
import { expectedFakeEmbedding, type FakeOpenAi, startFakeOpenAi } from "../../fakes/openai-api.js";
import { testConfig } from "../../setup/test-app.js";

let fake: FakeOpenAi;
const logger = createLogger("silent");
const messages: ChatMessage[] = [
  { role: "system", content: "rules" },
  { role: "user", content: "question" },
];
const options = { maxTokens: 300, purpose: "test" };

const client = (env: Record<string, string> = {}) =>
  createLlmClient(
    testConfig({
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_MODEL: "fake-chat",
      OPENAI_TIMEOUT_MS: "5000",
      ...env,
    }),
    logger,
  );

beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.setDefault({ type: "answer", text: "好的。[1]" });
});

describe("createLlmClient", () => {
  it("is disabled without a model and fails at once with not_configured", async () => {
    const llm = createLlmClient(testConfig(), logger);
    expect(llm.configured).toBe(false);
    const result = await llm.complete(messages, options);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: "not_configured" }) });
    expect(fake.requests).toHaveLength(0);
  });

  it("completes against the endpoint, bounded by max_tokens, and reports usage", async () => {
    fake.enqueue({
      type: "answer",
      text: "先问原因。[1]",
      usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
    });
    const result = await client().complete(messages, { ...options, maxTokens: 99_999 });
    expect(result.ok && result.value.text).toBe("先问原因。[1]");
    expect(result.ok && result.value.usage).toEqual({
      promptTokens: 11,
      completionTokens: 7,
      totalTokens: 18,
    });
    const sent = fake.chatRequests()[0]!.body!;
    expect(sent.model).toBe("fake-chat");
    expect(sent.max_tokens).toBe(1500);
    expect(sent.messages).toEqual(messages);
  });

  it("streams deltas over SSE and settles with the whole text and usage", async () => {
    fake.enqueue({ type: "answer", text: "", chunks: ["开场", "白：", "您好[1]"] });
    const stream = client().stream(messages, options);
    const seen: string[] = [];
    for await (const d of stream.deltas) seen.push(d);
    const result = await stream.result;
    expect(seen).toEqual(["开场", "白：", "您好[1]"]);
    expect(result.ok && result.value.text).toBe("开场白：您好[1]");
    expect(result.ok && result.value.usage?.totalTokens).toBe(160);
    expect(fake.chatRequests()[0]!.body!.stream).toBe(true);
  });

  it("settles a stream nobody reads", async () => {
    fake.enqueue({ type: "answer", text: "", chunks: ["a", "b"] });
    const result = await client().stream(messages, options).result;
    expect(result.ok && result.value.text).toBe("ab");
  });

  it.each([
    [429, "rate_limited"],
    [500, "server_error"],
    [503, "server_error"],
    [401, "auth"],
  ])("turns HTTP %i into a %s failure at once, without retrying", async (status, code) => {
    fake.enqueue({ type: "status", status });
    const started = Date.now();
    const result = await client().complete(messages, options);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe(code);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(fake.chatRequests()).toHaveLength(1);
  });

  it("gives up at the deadline when the endpoint hangs", async () => {
    fake.enqueue({ type: "hang" });
    const started = Date.now();
    const result = await client({ OPENAI_TIMEOUT_MS: "300" }).complete(messages, options);
    const elapsed = Date.now() - started;
    expect(!result.ok && result.error.code).toBe("timeout");
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2500);
  });

  it("gives up at the deadline when a stream stalls halfway", async () => {
    fake.enqueue({ type: "answer", text: "", chunks: ["一", "二", "三"], chunkDelayMs: 1000 });
    const started = Date.now();
    const stream = client({ OPENAI_TIMEOUT_MS: "300" }).stream(messages, options);
    const result = await stream.result;
    expect(!result.ok && result.error.code).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2500);
    const seen: string[] = [];
    for await (const d of stream.deltas) seen.push(d);
    expect(seen.join("")).toBe("一");
  });

  it("reports a cut stream as a failure", async () => {
    fake.enqueue({ type: "cut", chunks: ["半句"] });
    const result = await client().stream(messages, options).result;
    expect(result.ok).toBe(false);
  });

  it("reports a refused connection as a connection failure", async () => {
    const llm = createLlmClient(
      testConfig({ OPENAI_BASE_URL: "http://127.0.0.1:9/v1", OPENAI_MODEL: "m", OPENAI_TIMEOUT_MS: "2000" }),
      logger,
    );
    const result = await llm.complete(messages, options);
    expect(!result.ok && result.error.code).toBe("connection");
  });
});

describe("createEmbedder", () => {
  it("embeds in input order through the endpoint (base64 float32)", async () => {
    const embedder = createEmbedder(
      testConfig({ OPENAI_BASE_URL: fake.baseURL, OPENAI_EMBEDDING_MODEL: "fake-embed" }),
      logger,
    );
    const texts = Array.from({ length: 12 }, (_, i) => `资费 ${i}`);
    const result = await embedder.embed(texts);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toHaveLength(12);
    expect(Array.from(result.value[11]!)).toEqual(expectedFakeEmbedding("资费 11"));
    expect(fake.requests.filter((r) => r.path.endsWith("/embeddings"))).toHaveLength(2);
  });

  it("is disabled without an embeddings model", async () => {
    const result = await createEmbedder(testConfig(), logger).embed(["x"]);
    expect(!result.ok && result.error.code).toBe("not_configured");
  });
});
