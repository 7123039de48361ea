import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import * as echarts from "echarts";
import type { Locale } from "../i18n/index.js";
import type { BriefingFacts } from "./facts.js";
import { briefingMessages } from "./messages.js";

/**
 * Noto Sans SC (OFL) from the @embedpdf/fonts-sc package: resvg draws text only with fonts it is
 * given, and system fonts are not assumed, so Chinese labels render the same on every machine.
 */
const FONT_FILE = createRequire(import.meta.url)
  .resolve("@embedpdf/fonts-sc")
  .replace(/dist[\\/]index\.c?js$/, "fonts/NotoSansHans-Regular.otf");
const FONT_FAMILY = "Noto Sans SC";

const WIDTH = 800;
const ROW_HEIGHT = 30;
const TREND_HEIGHT = 280;

/** Chart layout: the bar chart grows with the number of warning types shown. */
function layout(rows: number) {
  const barsTop = 50;
  const barsHeight = Math.max(1, rows) * ROW_HEIGHT;
  const trendTop = barsTop + barsHeight + 90;
  return { barsTop, barsHeight, trendTop, height: trendTop + TREND_HEIGHT - 40 };
}

/** The ECharts option for the two panels: warnings by type (today vs yesterday) and the 7-day trend. */
export function chartOption(facts: BriefingFacts, locale: Locale) {
  const m = briefingMessages(locale);
  const rows = facts.counts
    .filter((c) => c.today > 0 || c.yesterday > 0)
    .sort((a, b) => a.today - b.today || b.code.localeCompare(a.code)); // largest at the top
  const { barsTop, barsHeight, trendTop, height } = layout(rows.length);
  const labels = rows.map((c) => `${m.signal(c.code)}${c.level === 1 ? " ①" : ""}`);
  const option = {
    animation: false,
    backgroundColor: "#ffffff",
    textStyle: { fontFamily: FONT_FAMILY },
    title: [
      { text: m.chartTitleByType, left: 16, top: 12, textStyle: { fontSize: 16 } },
      { text: m.chartTitleTrend, left: 16, top: trendTop - 50, textStyle: { fontSize: 16 } },
    ],
    legend: [
      { data: [m.today, m.yesterday], right: 16, top: 12 },
      { data: [m.level1, m.level2], right: 16, top: trendTop - 50 },
    ],
    grid: [
      { left: 150, right: 40, top: barsTop, height: barsHeight },
      { left: 60, right: 40, top: trendTop, height: TREND_HEIGHT - 90 },
    ],
    xAxis: [
      { gridIndex: 0, type: "value", minInterval: 1 },
      { gridIndex: 1, type: "category", data: facts.trend.map((p) => p.day.slice(5)) },
    ],
    yAxis: [
      { gridIndex: 0, type: "category", data: labels },
      { gridIndex: 1, type: "value", minInterval: 1 },
    ],
    series: [
      {
        name: m.today,
        type: "bar",
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: rows.map((c) => c.today),
        label: { show: true, position: "right" },
        color: "#d9480f",
      },
      {
        name: m.yesterday,
        type: "bar",
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: rows.map((c) => c.yesterday),
        color: "#adb5bd",
      },
      {
        name: m.level1,
        type: "line",
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: facts.trend.map((p) => p.level1),
        color: "#c92a2a",
        label: { show: true },
      },
      {
        name: m.level2,
        type: "line",
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: facts.trend.map((p) => p.level2),
        color: "#1c7ed6",
        label: { show: true },
      },
    ],
  };
  return { option, width: WIDTH, height };
}

/** Renders the briefing chart to SVG on the server (ECharts SSR, no DOM, no canvas). */
export function renderChartSvg(facts: BriefingFacts, locale: Locale): string {
  const { option, width, height } = chartOption(facts, locale);
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The briefing chart as a PNG (SVG rasterised by resvg with the bundled CJK font). */
export function renderChartPng(facts: BriefingFacts, locale: Locale): Uint8Array {
  const svg = renderChartSvg(facts, locale);
  const resvg = new Resvg(svg, {
    background: "#ffffff",
    font: {
      fontFiles: [FONT_FILE],
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
  });
  return new Uint8Array(resvg.render().asPng());
}
