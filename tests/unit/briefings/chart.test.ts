import { describe, expect, it } from "vitest";
import { renderChartPng, renderChartSvg } from "../../../src/briefings/chart.js";
import { sampleBriefingFacts } from "../../fixtures/briefing-facts.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(png: Uint8Array): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(String.fromCharCode(...png.subarray(12, 16))).toBe("IHDR");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe("briefing chart", () => {
  it("is a valid PNG of sensible size whose height grows with the warning types shown", () => {
    const three = sampleBriefingFacts();
    const one = sampleBriefingFacts({ counts: [{ code: "complaint", level: 2, today: 1, yesterday: 0 }] });
    const a = pngSize(renderChartPng(three, "zh"));
    const b = pngSize(renderChartPng(one, "zh"));
    expect(a.width).toBe(800);
    expect(a.height).toBeGreaterThan(300);
    expect(a.height).toBeLessThan(1200);
    expect(a.height - b.height).toBe(60); // two more rows of 30 px
  }, 60_000); // resvg rendering is CPU-bound: slow on a loaded machine

  it("draws the labels and numbers of its content", () => {
    const svg = renderChartSvg(sampleBriefingFacts(), "zh");
    for (const label of ["今日预警（按类型）", "近7日预警", "协议到期 ①", "投诉", "11-18", "11-24"])
      expect(svg).toContain(label);
    const en = renderChartSvg(sampleBriefingFacts(), "en");
    expect(en).toContain("Contract expiring");
  });

  it("renders text as glyphs: more labels mean more ink", () => {
    const plain = renderChartPng(sampleBriefingFacts({ counts: [] }), "zh");
    const full = renderChartPng(sampleBriefingFacts(), "zh");
    expect(full.byteLength).toBeGreaterThan(plain.byteLength);
  }, 60_000); // resvg rendering is CPU-bound: slow on a loaded machine
});
