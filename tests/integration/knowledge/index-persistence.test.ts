import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createKnowledgeIndex } from "../../../src/knowledge/index.js";
import { makeDocx, makePdf } from "../../fixtures/knowledge/office-files.js";

let root: string;
let knowledgeDir: string;
let dataDir: string;

const md = (id: string, body: string) => `---\nid: ${id}\ntitle: ${id}\n---\n${body}\n`;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "retainbot-knowledge-"));
  knowledgeDir = join(root, "knowledge");
  dataDir = join(root, "data");
  mkdirSync(knowledgeDir);
  writeFileSync(
    join(knowledgeDir, "price.md"),
    md("price", "## 先问 {#probe}\n客户说资费太贵,先问是哪一项贵。"),
  );
  writeFileSync(
    join(knowledgeDir, "signal.md"),
    md("signal", "## 记录 {#record}\n信号不好时记下地点和时间。"),
  );
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const open = async () => {
  const built = await createKnowledgeIndex({ knowledgeDir, dataDir });
  if (!built.ok) throw new Error(built.error.message);
  return built.value;
};
const statuses = (index: Awaited<ReturnType<typeof open>>) =>
  Object.fromEntries(index.report.files.map((f) => [f.sourceFile, f.status]));

describe("the persisted index (data/knowledge-index.json)", () => {
  it("re-ingests only files whose content changed, and drops deleted files", async () => {
    const first = await open();
    expect(statuses(first)).toEqual({ "price.md": "ingested", "signal.md": "ingested" });
    expect(first.report.saved).toBe(true);

    const second = await open();
    expect(statuses(second)).toEqual({ "price.md": "unchanged", "signal.md": "unchanged" });
    expect(second.report.saved).toBe(false);
    expect(second.search("资费太贵")[0]?.id).toBe("price#probe");

    writeFileSync(
      join(knowledgeDir, "price.md"),
      md("price", "## 先问 {#probe}\n客户嫌贵时先问和什么比较。"),
    );
    rmSync(join(knowledgeDir, "signal.md"));
    const third = await open();
    expect(statuses(third)).toEqual({ "price.md": "ingested", "signal.md": "removed" });
    expect(third.get("price#probe")?.text).toContain("和什么比较");
    expect(third.search("信号 地点")).toEqual([]);

    // The incrementally updated index, reloaded, answers like a fresh build.
    const reloaded = await open();
    expect(statuses(reloaded)).toEqual({ "price.md": "unchanged" });
    expect(reloaded.search("比较")[0]?.id).toBe("price#probe");
  });

  it("rebuilds when asked to, and reports a missing knowledge directory as an error value", async () => {
    await open();
    const forced = await createKnowledgeIndex({ knowledgeDir, dataDir, force: true });
    expect(forced.ok && forced.value.report.rebuilt).toBe(true);
    const missing = await createKnowledgeIndex({ knowledgeDir: join(root, "nope") });
    expect(missing).toEqual({ ok: false, error: expect.objectContaining({ code: "knowledge_dir_missing" }) });
  });
});

describe("operator material in other formats", () => {
  it("ingests .txt (UTF-8 and GBK), .docx and .pdf, and skips other files with a reason", async () => {
    writeFileSync(
      join(knowledgeDir, "gbk.txt"),
      iconv.encode("停机保号的客户要定期关怀,了解何时恢复使用。", "gbk"),
    );
    writeFileSync(join(knowledgeDir, "word.docx"), makeDocx(["集团客户批量异动时,先找关键联系人了解原因。"]));
    writeFileSync(
      join(knowledgeDir, "slides.pdf"),
      makePdf(["Win-back: call churned high-value customers every quarter."]),
    );
    writeFileSync(join(knowledgeDir, "photo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const index = await open();
    expect(statuses(index)).toMatchObject({
      "gbk.txt": "ingested",
      "word.docx": "ingested",
      "slides.pdf": "ingested",
      "photo.png": "skipped",
    });
    expect(index.report.files.find((f) => f.sourceFile === "photo.png")?.reason).toMatch(/unsupported/);
    expect(index.search("停机保号")[0]?.sourceFile).toBe("gbk.txt");
    expect(index.search("集团客户 批量异动")[0]?.sourceFile).toBe("word.docx");
    expect(index.search("churned customers win-back")[0]?.sourceFile).toBe("slides.pdf");
  });

  it("gives two files with the same front-matter id distinct passage ids, with a warning", async () => {
    writeFileSync(join(knowledgeDir, "price-copy.md"), md("price", "## 先问 {#probe}\n另一份资费话术。"));
    const index = await open();
    const ids = index.passages().map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(index.report.files.flatMap((f) => f.warnings).join()).toMatch(/duplicate id/);
  });
});
