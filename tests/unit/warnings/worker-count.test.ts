import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config.js";
import { AUTO_MIN_CUSTOMERS, warningsWorkers } from "../../../src/services/warnings/worker-count.js";

const idle = { cores: 2, load: 0.3 };
const busy = { cores: 2, load: 7.5 };

describe("warningsWorkers", () => {
  it("takes a second thread only for a large store on a machine with a core to spare", () => {
    expect(warningsWorkers("auto", 1_000_000, idle)).toBe(2);
    expect(warningsWorkers("auto", 1_000_000, busy)).toBe(1);
    expect(warningsWorkers("auto", AUTO_MIN_CUSTOMERS - 1, idle)).toBe(1);
    expect(warningsWorkers("auto", 0, idle)).toBe(1);
    expect(warningsWorkers("auto", 1_000_000, { cores: 1, load: 0 })).toBe(1);
  });

  it("uses a number as given", () => {
    expect(warningsWorkers(3, 10, busy)).toBe(3);
    expect(warningsWorkers(1, 1_000_000, idle)).toBe(1);
  });

  it("is configured as auto by default, a whole number from 1 to 16, or named as wrong", () => {
    const defaults = parseConfig({});
    expect(defaults.ok && defaults.value.RETAINBOT_WARNINGS_WORKERS).toBe("auto");
    const two = parseConfig({ RETAINBOT_WARNINGS_WORKERS: "2" });
    expect(two.ok && two.value.RETAINBOT_WARNINGS_WORKERS).toBe(2);
    for (const bad of ["0", "17", "1.5", "many"]) {
      const parsed = parseConfig({ RETAINBOT_WARNINGS_WORKERS: bad });
      expect(parsed.ok, bad).toBe(false);
      if (!parsed.ok) expect(parsed.error.lines[0]).toMatch(/^RETAINBOT_WARNINGS_WORKERS: /);
    }
  });
});
