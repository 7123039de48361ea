import { expect, it } from "vitest";
import { controlReportLines } from "../../../src/commands/control-blocks.js";
import type { ControlReport } from "../../../src/services/control-group/control-report.js";

const none = { customers: 0, churned: 0, rate: 0, low: 0, high: 1 };

it("says a group without customers has nothing to measure instead of a 0% churn rate", () => {
  const report: ControlReport = {
    teamId: "T1",
    from: "2026-09-05",
    to: "2026-12-03",
    sharePercent: 0,
    since: null,
    contacted: none,
    notContacted: { customers: 89, churned: 0, rate: 0, low: 0, high: 0.0414 },
    control: none,
  };
  expect(controlReportLines(report, "zh")).toEqual([
    "已联系：这段时间没有客户，无从计算",
    "未联系：流失 0/89（0%，0%–4%）",
  ]);
  expect(controlReportLines(report, "en")[0]).toBe(
    "Contacted: no customers in the period, nothing to measure",
  );
});
