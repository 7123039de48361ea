import { describe, expect, it } from "vitest";
import {
  DEFAULT_RULES_CONFIG,
  parseRulesConfig,
  safeParseRulesConfig,
} from "../../../src/domain/rules-config.js";

describe("rules config", () => {
  it("has the defaults of issue 3", () => {
    const c = DEFAULT_RULES_CONFIG;
    expect(c.signals.contractExpiring).toEqual({ enabled: true, level: 1, withinDays: 60 });
    expect(c.signals.spendDrop.maxPercent).toBe(60);
    expect(c.signals.dataDrop).toMatchObject({ level: 2, maxPercent: 50 });
    expect(c.signals.competitorHotline).toMatchObject({ level: 1, moreThanSeconds: 60, withinDays: 7 });
    expect(c.signals.callForwarding).toMatchObject({ minConsecutiveDays: 5, endedWithinDays: 7 });
    expect(c.signals.groupBulkAnomaly.minSharePercent).toBe(20);
    expect(c.responseDeadlineHours).toEqual({ level1: 24, level2: 72 });
    expect(c.care.lookaheadDays).toBe(3);
    expect(c.windows).toEqual({ recentDays: 30, baselineDays: 90, minBaselineTenureDays: 30 });
  });

  it("lets an operator file override one value and keeps every other default", () => {
    const c = parseRulesConfig({ signals: { spendDrop: { maxPercent: 50 } }, care: { lookaheadDays: 7 } });
    expect(c.signals.spendDrop).toEqual({ enabled: true, level: 1, maxPercent: 50 });
    expect(c.signals.dataDrop.maxPercent).toBe(50);
    expect(c.care.lookaheadDays).toBe(7);
    expect(c.care.renewalDaysBefore).toBe(90);
    expect(c.priority.vipPoints.diamond).toBe(25);
  });

  it("names each invalid setting", () => {
    const r = safeParseRulesConfig({ signals: { complaint: { level: 3 } }, windows: { recentDays: -1 } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("rules_config_invalid");
      expect(r.error.message).toContain("signals.complaint.level");
      expect(r.error.message).toContain("windows.recentDays");
    }
  });
});
