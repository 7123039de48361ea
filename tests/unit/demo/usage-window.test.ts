import { describe, expect, it } from "vitest";
import { usageWindow } from "../../../src/demo/usage-window.js";

describe("demo usage window", () => {
  it("lists the days up to the as-of day with weekends and months", () => {
    const w = usageWindow("2026-11-23", 120);
    expect(w.dates).toHaveLength(120);
    expect(w.dates[0]).toBe("2026-07-27");
    expect(w.dates.at(-1)).toBe("2026-11-23");
    expect(w.weekend.at(-1)).toBe(false); // a Monday
    expect(w.weekend.at(-2)).toBe(true);
    expect(w.months.map((m) => m.month)).toEqual(["2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]);
    expect(w.months[0]).toEqual({ month: "2026-07", daysInWindow: 5, daysInMonth: 31 });
    expect(w.monthOf[5]).toBe(1);
  });

  it("bills each month issued by the as-of day, due on the 15th of the next month", () => {
    const w = usageWindow("2026-11-23", 120);
    expect(w.bills.map((b) => [b.month, b.dueDate])).toEqual([
      ["2026-07", "2026-08-15"],
      ["2026-08", "2026-09-15"],
      ["2026-09", "2026-10-15"],
      ["2026-10", "2026-11-15"],
    ]);
    const newYear = usageWindow("2027-01-01", 40);
    expect(newYear.bills.at(-1)).toEqual({
      month: "2026-12",
      issueDate: "2027-01-01",
      dueDate: "2027-01-15",
    });
  });

  it("crosses a leap day", () => {
    const w = usageWindow("2028-03-01", 3);
    expect(w.dates).toEqual(["2028-02-28", "2028-02-29", "2028-03-01"]);
  });
});
