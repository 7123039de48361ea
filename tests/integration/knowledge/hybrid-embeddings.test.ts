import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config.js";
import { createKnowledgeIndex, type KnowledgeIndex } from "../../../src/knowledge/index.js";
import { createEmbedder } from "../../../src/llm/embedder.js";
import { createLogger } from "../../../src/logger.js";
import { type ConceptEmbeddings, startConceptEmbeddings } from "../../fakes/concept-embeddings-server.js";

let fake: ConceptEmbeddings;
let root: string;
const warnings: string[] = [];
const logger = { warn: (_: object, msg: string) => warnings.push(msg) };

const files: Record<string, string> = {
  "price.md": "---\nid: price\n---\n## 资费 {#answer}\n客户觉得资费贵,先问是哪一项。\n",
  "signal.md": "---\nid: signal\n---\n## 网络 {#answer}\n信号不好时记下地点和时间,提交网络处理。\n",
  "care.md": "---\nid: care\n---\n## 关怀 {#birthday}\n生日和节日给客户发问候。\n",
};

function embedder(timeoutMs = 2000) {
  const config = parseConfig({
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_API_KEY: "test",
    OPENAI_EMBEDDING_MODEL: "fake-concepts",
    OPENAI_TIMEOUT_MS: String(timeoutMs),
  });
  if (!config.ok) throw new Error(config.error.message);
  return createEmbedder(config.value, createLogger("silent"));
}

async function open(queryTimeoutMs = 1500): Promise<KnowledgeIndex> {
  const built = await createKnowledgeIndex({
    knowledgeDir: join(root, "knowledge"),
    dataDir: join(root, "data"),
    embeddings: { client: embedder(), queryTimeoutMs },
    logger,
  });
  if (!built.ok) throw new Error(built.error.message);
  return built.value;
}

beforeAll(async () => {
  // Concepts: money, network. "wallet" means money to this fake model, as a real one would infer.
  fake = await startConceptEmbeddings([
    ["资费", "贵", "wallet"],
    ["信号", "网络", "reception"],
  ]);
  root = mkdtempSync(join(tmpdir(), "retainbot-hybrid-"));
  mkdirSync(join(root, "knowledge"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, "knowledge", name), text);
});

afterAll(async () => {
  await fake.close();
  rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  fake.setBehaviour({ type: "ok" });
  warnings.length = 0;
});

describe("hybrid retrieval against an OpenAI-compatible embeddings endpoint over HTTP", () => {
  it("finds a passage the query shares no words with, which BM25 alone cannot", async () => {
    const index = await open();
    expect(index.search("wallet pain")).toEqual([]);
    const hybrid = await index.searchHybrid("wallet pain", { k: 1 });
    expect(hybrid.map((p) => p.id)).toEqual(["price#answer"]);
    // Lexical and dense agreement still ranks first.
    expect((await index.searchHybrid("信号差 reception", { k: 1 }))[0]?.id).toBe("signal#answer");
  });

  it("embeds each passage once: vectors are cached by content hash across restarts", async () => {
    await open();
    const before = fake.requests.length;
    const index = await open();
    await index.searchHybrid("wallet");
    // Only the query went out: the three passages came from data/embeddings.json.
    expect(fake.requests.slice(before)).toEqual([["wallet"]]);

    writeFileSync(join(root, "knowledge", "care.md"), files["care.md"]!.replace("节日", "在网周年"));
    const afterEdit = fake.requests.length;
    await open();
    expect(fake.requests.slice(afterEdit)).toEqual([[expect.stringContaining("在网周年")]]);
  });

  it("falls back to BM25 when the endpoint fails (500), and says so in the log", async () => {
    const index = await open();
    fake.setBehaviour({ type: "status", status: 500 });
    const hits = await index.searchHybrid("资费贵", { k: 1 });
    expect(hits.map((p) => p.id)).toEqual(["price#answer"]);
    expect(warnings).toContain("embedding search failed; lexical results only");
  });

  it("falls back to BM25 within the query deadline when the endpoint is slow", async () => {
    const index = await open(300);
    fake.setBehaviour({ type: "slow", delayMs: 3000 });
    const started = performance.now();
    const hits = await index.searchHybrid("信号", { k: 1 });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(hits[0]?.id).toBe("signal#answer");
    // The next search does not wait for the slow endpoint again.
    const requests = fake.requests.length;
    const again = performance.now();
    expect((await index.searchHybrid("信号", { k: 1 }))[0]?.id).toBe("signal#answer");
    expect(performance.now() - again).toBeLessThan(100);
    expect(fake.requests.length).toBe(requests);
  });
});
