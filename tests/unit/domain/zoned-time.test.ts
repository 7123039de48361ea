import { describe, expect, it } from "vitest";
import { decideSlots, type SubscribedGroup } from "../../../src/briefings/slots.js";
import { localDayAndTime, parseTimeOfDay, zonedInstant } from "../../../src/domain/zoned-time.js";

describe("local time", () => {
  it("finds the instant of a local wall time in zones with and without DST", () => {
    expect(zonedInstant("2026-11-23", "08:30", "Asia/Shanghai").toISOString()).toBe(
      "2026-11-23T00:30:00.000Z",
    );
    expect(zonedInstant("2026-11-23", "08:30", "America/New_York").toISOString()).toBe(
      "2026-11-23T13:30:00.000Z",
    );
    expect(zonedInstant("2026-07-01", "08:30", "America/New_York").toISOString()).toBe(
      "2026-07-01T12:30:00.000Z",
    );
    // 02:30 does not exist on 2026-03-08 in New York (spring forward): read with the EST offset.
    expect(zonedInstant("2026-03-08", "02:30", "America/New_York").toISOString()).toBe(
      "2026-03-08T07:30:00.000Z",
    );
  });

  it("reads the local day and time of an instant", () => {
    expect(localDayAndTime(new Date("2026-11-23T16:30:00Z"), "Asia/Shanghai")).toEqual({
      day: "2026-11-24",
      time: "00:30",
    });
    expect(localDayAndTime(new Date("2026-11-23T16:30:00Z"), "Europe/London")).toEqual({
      day: "2026-11-23",
      time: "16:30",
    });
  });

  it("parses times of day", () => {
    expect(parseTimeOfDay("8:30")).toBe("08:30");
    expect(parseTimeOfDay("08：05")).toBe("08:05");
    expect(parseTimeOfDay("24:00")).toBeNull();
    expect(parseTimeOfDay("8.30")).toBeNull();
  });
});

describe("decideSlots", () => {
  const group: SubscribedGroup = {
    id: "telegram:-1",
    platform: "telegram",
    chatId: "-1",
    teamId: "T1",
    title: "",
    timeZone: "Asia/Shanghai",
    briefTime: "08:30",
  };
  const grace = 3 * 3_600_000;

  it("sends at the slot, not a second before", () => {
    const before = decideSlots(
      [group],
      new Date("2026-11-23T00:29:59Z"),
      (_g, d) => d === "2026-11-22",
      grace,
    );
    expect(before).toEqual([]);
    const at = decideSlots([group], new Date("2026-11-23T00:30:00Z"), (_g, d) => d === "2026-11-22", grace);
    expect(at.map((d) => [d.day, d.action, d.lateMs])).toEqual([["2026-11-23", "send", 0]]);
  });

  it("sends up to the grace window late and skips beyond it", () => {
    const inside = decideSlots(
      [group],
      new Date("2026-11-23T03:30:00Z"),
      (_g, d) => d === "2026-11-22",
      grace,
    );
    expect(inside.map((d) => d.action)).toEqual(["send"]);
    const outside = decideSlots(
      [group],
      new Date("2026-11-23T03:30:01Z"),
      (_g, d) => d === "2026-11-22",
      grace,
    );
    expect(outside.map((d) => d.action)).toEqual(["skip"]);
  });

  it("looks at yesterday's slot too, so a late-evening slot survives midnight", () => {
    const late = { ...group, briefTime: "23:30" };
    // 00:40 Shanghai on the 24th: the 23rd's 23:30 slot is 70 minutes late.
    const decisions = decideSlots([late], new Date("2026-11-23T16:40:00Z"), () => false, grace);
    expect(decisions.map((d) => [d.day, d.action])).toEqual([["2026-11-23", "send"]]);
  });
});
