import type { CustomerProfile } from "../customer.js";
import type { RulesConfig } from "../rules-config.js";
import { makeSignal, type Signal } from "./types.js";

/** A member of a group customer with the signals computed for it. */
export interface GroupMember {
  customer: CustomerProfile;
  signals: Signal[];
}

/**
 * group_bulk_anomaly (批量用户出现异动, seed 000's 集团客户关键时刻): at least `minSharePercent` (20 %)
 * of a group customer's members show a level-1 signal. Members are the customers whose `groupId`
 * is the group's id and who have not left; groups with fewer than `minMembers` (5) are not judged.
 * Exactly 20 % counts. The signal belongs to the group customer (segment "group").
 */
export function groupBulkAnomaly(
  group: CustomerProfile,
  members: GroupMember[],
  _asOf: string,
  config: RulesConfig,
): Signal | null {
  const current = members.filter((m) => m.customer.groupId === group.id && m.customer.status !== "left");
  const flagged = current.filter((m) =>
    m.signals.some((s) => s.level === 1 && s.code !== "group_bulk_anomaly"),
  );
  return groupBulkAnomalyFromCounts(group, current.length, flagged.length, config);
}

/** The same rule from counts: current members, and those of them with a level-1 signal. */
export function groupBulkAnomalyFromCounts(
  group: CustomerProfile,
  members: number,
  flaggedMembers: number,
  config: RulesConfig,
): Signal | null {
  const rule = config.signals.groupBulkAnomaly;
  if (!rule.enabled || group.segment !== "group" || group.status === "left") return null;
  if (members < rule.minMembers) return null;
  // Compare in integers so a share of exactly the threshold counts.
  if (flaggedMembers * 100 < rule.minSharePercent * members) return null;
  return makeSignal("group_bulk_anomaly", rule.level, {
    members,
    flaggedMembers,
    sharePercent: Math.round((flaggedMembers / members) * 100),
  });
}
