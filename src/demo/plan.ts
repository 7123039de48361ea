/**
 * Who gets which planted story. Customers come in blocks of 100: positions 0 and 1 are group
 * customers, the next 24 their members (split between the two groups), the rest individuals. In each
 * block a fixed list of stories is dealt to shuffled individuals, so every block of 100 holds each
 * churn signal of issue 3 and each care moment, and most customers stay healthy. One group in every
 * third block has a bulk anomaly planted in its members. The layout depends only on the seed, the
 * block and the block's size, so chunked generation gives the same data as one pass.
 */

/** The churn signals of issue 3, as reason codes. */
import { SIGNAL_CODES, type SignalCode } from "../domain/signals/types.js";
import { intBetween, mixSeed, mulberry32, pick, shuffle } from "./random.js";

export { SIGNAL_CODES, type SignalCode };

/** Care moments planted for the reminders (issue 3, "Care reminders"). */
export const CARE_CODES = [
  "birthday_soon",
  "lunar_birthday_soon",
  "new_customer",
  "renewal_90_days",
  "suspended",
] as const;
export type CareCode = (typeof CARE_CODES)[number];

export type PlantCode = SignalCode | CareCode;

/** Level-1 signals a member can carry so its group shows a bulk anomaly (issue 3's level column). */
const MEMBER_LEVEL1: readonly SignalCode[] = [
  "contract_expiring",
  "zero_spend_month",
  "spend_drop",
  "competitor_hotline",
  "call_forwarding",
  "portability_inquiry",
];

/** The stories dealt to individuals in each block, in dealing order (a few carry two signals). */
const INDIVIDUAL_STORIES: readonly (readonly PlantCode[])[] = [
  ["contract_expiring"],
  ["zero_spend_month"],
  ["spend_drop"],
  ["data_drop"],
  ["zero_call_days"],
  ["competitor_hotline"],
  ["call_forwarding"],
  ["overdue_bill"],
  ["portability_inquiry"],
  ["complaint"],
  ["broadband_fault"],
  ["spend_drop", "competitor_hotline"],
  ["contract_expiring", "complaint"],
  ["birthday_soon"],
  ["lunar_birthday_soon"],
  ["new_customer"],
  ["renewal_90_days"],
  ["suspended"],
];

export const BLOCK_SIZE = 100;
const GROUPS_PER_BLOCK = 2;
const MEMBER_SLOTS = 24;
const FIRST_INDIVIDUAL = GROUPS_PER_BLOCK + MEMBER_SLOTS;

export type Role =
  | { kind: "group"; bulkAnomaly: boolean }
  | { kind: "member"; groupIndex: number; plants: PlantCode[] }
  | { kind: "individual"; plants: PlantCode[] };

/** The role of every customer of one block: `size` is the block's length (the last may be short). */
export function blockRoles(seed: number, block: number, size: number): Role[] {
  const rng = mulberry32(mixSeed(seed, 0xb10c, block));
  const first = block * BLOCK_SIZE;
  const roles: Role[] = [];
  const hasGroups = size >= FIRST_INDIVIDUAL + 1;
  if (hasGroups) {
    const firstGroupMembers = intBetween(rng, 8, MEMBER_SLOTS - 8);
    const anomalous = block % 3 === 0 ? 0 : -1;
    for (let g = 0; g < GROUPS_PER_BLOCK; g += 1) roles.push({ kind: "group", bulkAnomaly: g === anomalous });
    const members: Role[] = [];
    for (let m = 0; m < MEMBER_SLOTS; m += 1) {
      const g = m < firstGroupMembers ? 0 : 1;
      members.push({ kind: "member", groupIndex: first + g, plants: [] });
    }
    if (anomalous === 0) {
      // 3 or 4 of 8..16 members: at least 20 % however the members were split.
      const flagged = Math.max(3, Math.ceil(firstGroupMembers * 0.25));
      const order = shuffle(rng, [...Array(firstGroupMembers).keys()]);
      for (const m of order.slice(0, flagged)) {
        const role = members[m] as Extract<Role, { kind: "member" }>;
        role.plants.push(pick(rng, MEMBER_LEVEL1));
      }
    }
    roles.push(...members);
  }
  const individuals = size - roles.length;
  const stories = shuffle(rng, [...Array(individuals).keys()]);
  const dealt: PlantCode[][] = Array.from({ length: individuals }, () => []);
  INDIVIDUAL_STORIES.forEach((story, i) => {
    if (i < individuals) dealt[stories[i]!]!.push(...story);
  });
  for (const plants of dealt) roles.push({ kind: "individual", plants });
  return roles;
}
