import { describe, expect, it } from "vitest";
import { churnReasonsEn } from "../../../src/i18n/churn-reasons.en.js";
import { importMessages } from "../../../src/import/messages.js";

describe("English counts", () => {
  it("agree with their number in churn reasons, never '(s)'", () => {
    expect(churnReasonsEn.complaints_90(1)).toBe("1 complaint in the last 90 days");
    expect(churnReasonsEn.complaints_90(3)).toBe("3 complaints in the last 90 days");
    expect(churnReasonsEn.overdue_bills(1)).toBe("1 overdue bill");
    expect(churnReasonsEn.zero_call_days_30(1)).toBe("1 day without calls in the last 30");
    expect(churnReasonsEn.portability_inquiries_90(2)).toBe("asked about number porting 2 times in 90 days");
    for (const [name, reason] of Object.entries(churnReasonsEn))
      for (const v of [0, 1, 2]) expect((reason as (v: number) => string)(v), name).not.toContain("(s)");
  });

  it("agree with their number in the import's summary and progress", () => {
    const en = importMessages("en");
    const counts = { rows: 1, inserted: 1, updated: 0, unchanged: 0, rejected: 0 };
    expect(en.summary(counts)).toMatch(/^1 row read: 1 inserted/);
    expect(en.summary({ ...counts, rows: 2 })).toMatch(/^2 rows read/);
    expect(en.progress(1, null)).toBe("1 row processed");
    expect(en.teamsCreated(1)).toBe("1 team created");
  });
});
