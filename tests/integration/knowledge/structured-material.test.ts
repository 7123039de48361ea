/**
 * Operators' Word and PDF material keeps its structure. The files are made by real writer
 * libraries (`docx`, `pdfkit`), as an editor or a PDF export would make them, not hand-built XML.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { createKnowledgeIndex, ingestFile } from "../../../src/knowledge/index.js";
import { markPdfHeadings } from "../../../src/knowledge/outline.js";

const dir = mkdtempSync(join(tmpdir(), "structured-"));
// The CJK font the briefing charts use, so the PDF's Chinese text is real text, not shapes.
const FONT = createRequire(import.meta.url)
  .resolve("@embedpdf/fonts-sc")
  .replace(/dist[\\/]index\.c?js$/, "fonts/NotoSansHans-Regular.otf");

async function makeDocx(path: string): Promise<void> {
  const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });
  const cell = (text: string) => new TableCell({ children: [p(text)] });
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: "客户维系培训手册", heading: HeadingLevel.TITLE }),
          new Paragraph({ text: "第一章 资费异议", heading: HeadingLevel.HEADING_1 }),
          p("客户说太贵时，先问清楚是哪一部分让他觉得贵，再对照实际用量讲价值。"),
          new Paragraph({ text: "先问后答", heading: HeadingLevel.HEADING_2 }),
          p("时间线、具体项目、比较对象，三个问题把“贵”拆开。"),
          p("（一）不急着降价"),
          p("没弄清真实原因之前不要急着开条件，否则客户会觉得是在硬推销。"),
          p("1.2 跟进回访"),
          p("约好回访时间，按时回电。"),
          new Table({
            rows: [
              new TableRow({ children: [cell("项目"), cell("说明")] }),
              new TableRow({ children: [cell("月租"), cell("以系统现行政策为准")] }),
              new TableRow({ children: [cell("流量包"), cell("按实际用量推荐")] }),
            ],
          }),
          new Paragraph({ text: "第二章 服务投诉", heading: HeadingLevel.HEADING_1 }),
          p("先处理情绪，再处理事情；倾听、确认、澄清、记录。"),
        ],
      },
    ],
  });
  writeFileSync(path, await Packer.toBuffer(doc));
}

async function makePdf(path: string): Promise<void> {
  const doc = new PDFDocument({ size: "A4" });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));
  doc.font(FONT).fontSize(12);
  doc.text("维系挽留课程讲义");
  doc.outline.addItem("资费异议处理");
  doc.text("资费异议处理");
  doc.text("客户说太贵时先问清原因，再对照用量讲价值，不抢着降价。");
  doc.outline.addItem("服务投诉处理");
  doc.text("服务投诉处理");
  doc.text("先处理情绪再处理事情，按时回电告知进展。");
  doc.text("二、跟进执行");
  doc.text("兑现承诺，按约定时间回访客户。");
  doc.end();
  await done;
  writeFileSync(path, Buffer.concat(chunks));
}

/** A PDF as a plain export makes it: no bookmarks, no numbering; headings only set larger. */
async function makeStyledPdf(path: string): Promise<void> {
  const doc = new PDFDocument({ size: "A4" });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));
  const body = (text: string) => doc.fontSize(11).text(text);
  doc.font(FONT);
  doc.fontSize(20).text("客户维系实战手册");
  doc.fontSize(15).text("资费异议的处理");
  body(
    "客户说太贵时，先问清楚是月租、流量还是某一笔费用让他觉得贵，再对照最近几个月的实际用量讲清钱花在哪里。",
  );
  doc.fontSize(13).text("先问清原因");
  body("不要急着降价，没弄清真实原因之前开条件，客户会觉得是在硬推销。");
  body("注意");
  body("所有优惠以系统现行政策为准。");
  doc.fontSize(15).text("服务投诉的处理");
  body("先处理情绪，再处理事情；按约定时间回电告知进展。");
  doc.end();
  await done;
  writeFileSync(path, Buffer.concat(chunks));
}

describe("structured Word and PDF material", () => {
  it("turns Word heading styles and numbered headings into sections, and tables into readable rows", async () => {
    const path = join(dir, "manual.docx");
    await makeDocx(path);
    const result = await ingestFile(path, "manual.docx");
    if (!result.ok) throw new Error(result.error.message);
    const chunks = result.value.chunks;
    expect(chunks[0]?.docTitle).toBe("客户维系培训手册");
    expect(chunks.map((c) => c.heading)).toEqual([
      "客户维系培训手册",
      "第一章 资费异议",
      "先问后答",
      "（一）不急着降价",
      "1.2 跟进回访",
      "第二章 服务投诉",
    ]);
    const byHeading = (h: string) => chunks.find((c) => c.heading === h)!.text;
    expect(byHeading("先问后答")).toBe("时间线、具体项目、比较对象，三个问题把“贵”拆开。");
    // Headings are boundaries: no heading is flattened into another section's text.
    for (const c of chunks) expect(c.text).not.toMatch(/第二章|先问后答|^#/m);
    expect(byHeading("1.2 跟进回访")).toContain("项目：月租；说明：以系统现行政策为准");
    expect(byHeading("1.2 跟进回访")).toContain("项目：流量包；说明：按实际用量推荐");
  });

  it("turns PDF bookmarks and numbered heading lines into sections", async () => {
    const path = join(dir, "lecture.pdf");
    await makePdf(path);
    const result = await ingestFile(path, "lecture.pdf");
    if (!result.ok) throw new Error(result.error.message);
    const headings = result.value.chunks.map((c) => c.heading);
    expect(headings).toEqual(["维系挽留课程讲义", "资费异议处理", "服务投诉处理", "二、跟进执行"]);
    const service = result.value.chunks.find((c) => c.heading === "服务投诉处理")!;
    expect(service.text).toContain("先处理情绪再处理事情");
    expect(service.text).not.toContain("兑现承诺");
  });

  it("turns PDF lines set larger than the body text into sections (no bookmarks, no numbering)", async () => {
    const path = join(dir, "handbook.pdf");
    await makeStyledPdf(path);
    const result = await ingestFile(path, "handbook.pdf");
    if (!result.ok) throw new Error(result.error.message);
    const chunks = result.value.chunks;
    // The first line, larger than every heading, is the title.
    expect(chunks[0]?.docTitle).toBe("客户维系实战手册");
    expect(chunks.map((c) => c.heading)).toEqual(["资费异议的处理", "先问清原因", "服务投诉的处理"]);
    const byHeading = (h: string) => chunks.find((c) => c.heading === h)!.text;
    // A short body-sized line ("注意") is not a heading; body text that wraps stays in its section.
    expect(byHeading("先问清原因")).toContain("注意");
    expect(byHeading("先问清原因")).toContain("所有优惠以系统现行政策为准");
    expect(byHeading("资费异议的处理")).toContain("再对照最近几个月的实际");
    expect(byHeading("资费异议的处理")).not.toContain("硬推销");
    expect(byHeading("服务投诉的处理")).toContain("先处理情绪");
  });

  it("gives larger PDF headings higher levels and leaves large sentences as text", () => {
    const line = (text: string, size: number) => ({ text, size });
    const body = "按约定时间回电，告知客户处理进展和下一步安排。";
    const marked = markPdfHeadings(
      [
        [line("培训讲义", 24), line("第一部分", 16), line(body, 11), line("小节", 13), line(body, 11)],
        [line("这一句很重要，务必记住。", 16), line(body, 11), line(body, 11)],
      ],
      [],
    );
    expect(marked?.split("\n").filter((l) => l.startsWith("#"))).toEqual([
      "# 培训讲义",
      "## 第一部分",
      "### 小节",
    ]);
    // Text in the body size only: no headings at all.
    expect(markPdfHeadings([[line(body, 11), line("注意", 11)]], [])).toBeNull();
  });

  it("answers searches with the recovered section headings", async () => {
    const knowledgeDir = mkdtempSync(join(tmpdir(), "structured-kb-"));
    await makeDocx(join(knowledgeDir, "manual.docx"));
    const built = await createKnowledgeIndex({ knowledgeDir });
    if (!built.ok) throw new Error(built.error.message);
    const [top] = built.value.search("客户投诉 处理情绪", { k: 1 });
    expect(top?.heading).toBe("第二章 服务投诉");
    expect(top?.sourceFile).toBe("manual.docx");
  });
});
