import { expect, it } from "vitest";
import { writeEvents } from "../../../src/demo/bills-events.js";
import type { DemoCustomer } from "../../../src/demo/demo-customer.js";
import type { UsageWindow } from "../../../src/demo/usage-window.js";

it("writes an event once when two draws land on the same day with the same note", () => {
  // A generator that always draws 0: every chance is taken, every range gives its minimum and
  // every note is the first. A leaver who left 30 days ago complains on the day they leave, and
  // the background's old complaint lands on the same day (the first background day is 30 ago).
  const zero = () => 0;
  const customer = {
    profile: { id: "C1", joinDate: "2020-01-01" },
    leftDate: "2026-05-31",
    plants: [],
    traits: {
      leftDaysAgo: 30,
      leaving: { warningDays: 5, complaint: true, portabilityInquiry: false },
    },
  } as unknown as DemoCustomer;
  const dates = Array.from({ length: 120 }, (_, i) => `d${i}`);
  const window = { asOf: "2026-06-30", dates } as unknown as UsageWindow;
  const written: string[] = [];
  writeEvents(zero, customer, window, (id, date, type, note) =>
    written.push(`${id}|${date}|${type}|${note}`),
  );
  expect(written.filter((e) => e.includes("|complaint|"))).toHaveLength(1);
  expect(new Set(written).size).toBe(written.length);
});
