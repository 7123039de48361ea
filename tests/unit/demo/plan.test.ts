import { describe, expect, it } from "vitest";
import { BLOCK_SIZE, blockRoles, CARE_CODES, type Role, SIGNAL_CODES } from "../../../src/demo/plan.js";

const plantsOf = (roles: Role[]) => roles.flatMap((r) => (r.kind === "group" ? [] : r.plants));

describe("demo block plan", () => {
  it("lays out two groups with their members, then individuals", () => {
    const roles = blockRoles(42, 3, BLOCK_SIZE);
    expect(roles).toHaveLength(BLOCK_SIZE);
    expect(roles.slice(0, 2).every((r) => r.kind === "group")).toBe(true);
    const members = roles.filter((r) => r.kind === "member");
    expect(members).toHaveLength(24);
    const sizes = [300, 301].map((g) => members.filter((m) => m.groupIndex === g).length);
    expect(sizes[0]! + sizes[1]!).toBe(24);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(8);
    expect(roles.slice(26).every((r) => r.kind === "individual")).toBe(true);
  });

  it("deals every signal and care moment in each full block, and leaves most customers alone", () => {
    for (const block of [0, 1, 2, 7]) {
      const roles = blockRoles(42, block, BLOCK_SIZE);
      const plants = new Set(plantsOf(roles));
      for (const code of [...SIGNAL_CODES, ...CARE_CODES]) {
        if (code !== "group_bulk_anomaly") expect(plants, `${code} in block ${block}`).toContain(code);
      }
      const touched = roles.filter((r) => r.kind !== "group" && r.plants.length > 0).length;
      expect(touched).toBeLessThan(30);
    }
  });

  it("plants a bulk anomaly in every third block: ≥ 20 % of that group's members with a level-1 signal", () => {
    const roles = blockRoles(42, 3, BLOCK_SIZE);
    expect(roles[0]).toEqual({ kind: "group", bulkAnomaly: true });
    expect(roles[1]).toEqual({ kind: "group", bulkAnomaly: false });
    const members = roles.filter((r) => r.kind === "member" && r.groupIndex === 300);
    const flagged = members.filter((m) => m.kind === "member" && m.plants.length > 0);
    expect(flagged.length * 100).toBeGreaterThanOrEqual(20 * members.length);
    expect(roles.filter((r) => r.kind === "member" && r.groupIndex === 301 && r.plants.length > 0)).toEqual(
      [],
    );
    expect(blockRoles(42, 4, BLOCK_SIZE)[0]).toEqual({ kind: "group", bulkAnomaly: false });
  });

  it("handles a short last block and a tiny run", () => {
    expect(blockRoles(42, 5, 40)).toHaveLength(40);
    const tiny = blockRoles(42, 0, 10);
    expect(tiny.every((r) => r.kind === "individual")).toBe(true);
    expect(plantsOf(tiny)).toHaveLength(10);
  });

  it("depends only on seed, block and size", () => {
    expect(blockRoles(1, 4, BLOCK_SIZE)).toEqual(blockRoles(1, 4, BLOCK_SIZE));
    expect(blockRoles(1, 4, BLOCK_SIZE)).not.toEqual(blockRoles(2, 4, BLOCK_SIZE));
  });
});
