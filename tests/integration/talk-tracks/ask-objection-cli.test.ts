import { describe, expect, it } from "vitest";
import { openStore } from "../../../src/store/database.js";
import { runCli } from "../../setup/run-cli.js";
import { createTestDb } from "../../setup/test-app.js";

const NO_LLM = { OPENAI_API_KEY: "", OPENAI_BASE_URL: "", OPENAI_MODEL: "", OPENAI_EMBEDDING_MODEL: "" };

describe("retainbot ask /objection (no LLM configured)", () => {
  it("answers from the shipped knowledge base with citations", async () => {
    const db = createTestDb();
    const store = openStore(db.url);
    await store.prisma.team.create({ data: { id: "T1", name: "一组" } });
    await store.prisma.manager.create({ data: { id: "M100", name: "陈志强", teamId: "T1" } });
    await store.close();

    const run = await runCli(
      ["--db", db.path, "ask", "/objection 客户说资费太贵要转网", "--user", "console:M100"],
      {
        env: NO_LLM,
      },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("【如何回应：客户说资费太贵要转网】");
    expect(run.stdout).toMatch(/• \[1\] objections\/price-too-high\.md › .+/);
    expect(run.stdout).toMatch(/\[1\]\n/);
    expect(run.stdout).toContain("未经大模型生成");
  }, 90_000);
});
