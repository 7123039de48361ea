import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runCli } from "../../setup/run-cli.js";

let root: string;
let env: Record<string, string>;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "retainbot-search-cli-"));
  // The index is saved next to the store; no embeddings endpoint, so search is lexical.
  env = {
    DATABASE_URL: `file:${join(root, "retainbot.db")}`,
    OPENAI_EMBEDDING_MODEL: "",
    KNOWLEDGE_DIR: "./knowledge",
  };
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A CLI run starts tsx and the whole program: generous under a loaded CI machine. */
const CLI_TIMEOUT = 60_000;

it(
  "`knowledge ingest` ingests the shipped knowledge base and saves the index under the data directory",
  async () => {
    const run = await runCli(["knowledge", "ingest"], { env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/ingested\s+objections\/price-too-high\.md/);
    expect(run.stdout).toMatch(/index saved/);
    expect(existsSync(join(root, "knowledge-index.json"))).toBe(true);
  },
  CLI_TIMEOUT,
);

it(
  "`search --json` prints passages with source file, heading and score",
  async () => {
    const run = await runCli(["search", "客户说资费太贵", "--k", "3", "--json"], { env });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      mode: string;
      passages: { id: string; sourceFile: string; heading: string; score: number }[];
    };
    expect(out.mode).toBe("lexical");
    expect(out.passages).toHaveLength(3);
    expect(out.passages[0]).toMatchObject({
      sourceFile: "objections/price-too-high.md",
      heading: expect.any(String),
    });
    expect(out.passages[0]!.score).toBeGreaterThan(out.passages[2]!.score);
  },
  CLI_TIMEOUT,
);

it(
  "rejects a bad --k with a message and exit code 1",
  async () => {
    const run = await runCli(["search", "资费", "--k", "zero"], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--k must be a positive whole number/);
  },
  CLI_TIMEOUT,
);
