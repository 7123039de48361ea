/**
 * One demo customer: its profile (the Customer row) and the traits its usage is drawn from, made
 * from the seed, its index, its role in the block plan and the as-of day.
 */
import { type CustomerProfile, PERSONALITIES, SENSITIVITIES } from "../domain/customer.js";
import { addDays } from "../domain/dates.js";
import { companyName, mobileNumber, personName } from "./chinese-names.js";
import { lunarMonthDay } from "./lunar-day.js";
import type { PlantCode, Role } from "./plan.js";
import { between, chance, intBetween, pick, type Rng, weighted } from "./random.js";
import { DEMO_MANAGERS } from "./roster.js";

/** How a customer uses the line; the usage generator adds the weekly pattern and the noise. */
export interface UsageTraits {
  callsPerDay: number;
  minutesPerCall: number;
  dataMbPerDay: number;
  spendPerDay: number;
  /** Relative change from the first to the last day of the window (−0.08 … +0.08). */
  trend: number;
  /** Days before the as-of day since which the line is suspended (usage stops), or null. */
  suspendedDaysAgo: number | null;
  /** Days before the as-of day since which the customer has left (no more rows), or null. */
  leftDaysAgo: number | null;
  /** How a leaver behaved before leaving (null: not a leaver). */
  leaving: LeavingStory | null;
}

/**
 * A leaver's run-up, deliberately noisy (issue 10): some leave without warning, the rest drift over
 * weeks with a mix of weaker spend and calls, competitor hotline calls, call forwarding and events.
 * Many stayers show the same things (the planted signals), so the model has to weigh, not match.
 */
export interface LeavingStory {
  /** Days before leaving over which the behaviour bends (0: leaves without warning). */
  warningDays: number;
  /** Spend and calls on the leaving day as a share of normal (the bend ramps in linearly). */
  spendFactor: number;
  callFactor: number;
  /** Chance per warning day (at full ramp) of a competitor hotline call over 60 s. */
  hotlineChance: number;
  /** Days before leaving with calls forwarded to a competitor (0: none). */
  forwardDays: number;
  portabilityInquiry: boolean;
  complaint: boolean;
}

export interface DemoCustomer {
  profile: CustomerProfile;
  /** The day a leaver left (离网), or null. */
  leftDate: string | null;
  plants: PlantCode[];
  traits: UsageTraits;
}

/**
 * Share of plain individuals (no planted story, tenure ≥ 200 days) who left within the 100 days up
 * to the as-of day: about 2 % of all customers a month, a realistic mobile churn rate, which gives
 * the 2,000-customer demo enough leavers to train the churn model on.
 */
const LEAVE_SHARE = 0.15;

function leavingStory(rng: Rng): LeavingStory {
  if (chance(rng, 0.3)) {
    return {
      warningDays: 0,
      spendFactor: 1,
      callFactor: 1,
      hotlineChance: 0,
      forwardDays: 0,
      portabilityInquiry: false,
      complaint: false,
    };
  }
  return {
    warningDays: intBetween(rng, 35, 90),
    spendFactor: between(rng, 0.35, 1),
    callFactor: between(rng, 0.3, 1),
    hotlineChance: chance(rng, 0.5) ? between(rng, 0.03, 0.15) : 0,
    forwardDays: chance(rng, 0.25) ? intBetween(rng, 3, 10) : 0,
    portabilityInquiry: chance(rng, 0.35),
    complaint: chance(rng, 0.25),
  };
}

/** C0000001, C0000002, … (seven digits cover the 1M benchmark store). */
export function customerId(index: number): string {
  return `C${String(index + 1).padStart(7, "0")}`;
}

const ARPU: Record<string, [number, number]> = {
  diamond: [300, 800],
  gold: [150, 300],
  silver: [80, 150],
  standard: [8, 80],
};
const DATA_MB: Record<string, [number, number]> = {
  diamond: [600, 3000],
  gold: [400, 2000],
  silver: [200, 1200],
  standard: [60, 700],
};
const LEAP_YEARS = [1952, 1956, 1960, 1964, 1968, 1972, 1976, 1980, 1984, 1988, 1992, 1996, 2000, 2004];

/** A birthday whose month and day are `monthDay`; a leap birth year when that is 02-29 or lunar. */
function birthdayOn(rng: Rng, monthDay: string, forceLeap: boolean): string {
  const year = forceLeap || monthDay === "02-29" ? pick(rng, LEAP_YEARS) : intBetween(rng, 1955, 2004);
  return `${year}-${monthDay}`;
}

/** A lunar birthday 1–3 days after D (a day that is not in a leap month and is ≤ 29 if possible). */
function lunarBirthdaySoon(rng: Rng, asOf: string): string {
  const candidates = [1, 2, 3].map((k) => lunarMonthDay(addDays(asOf, k)));
  const good = candidates.find((c) => !c.leap && c.day <= 29) ?? candidates[0]!;
  const md = `${String(good.month).padStart(2, "0")}-${String(Math.min(good.day, 29)).padStart(2, "0")}`;
  return birthdayOn(rng, md, true);
}

function contractEnd(rng: Rng, asOf: string, plants: PlantCode[], joinDate: string): string | null {
  if (plants.includes("contract_expiring")) return addDays(asOf, intBetween(rng, 3, 58));
  if (plants.includes("renewal_90_days")) return addDays(asOf, intBetween(rng, 90, 92));
  if (plants.includes("new_customer")) return addDays(joinDate, 730);
  const r = rng();
  if (r < 0.35) return null;
  if (r < 0.5) return addDays(asOf, -intBetween(rng, 1, 900));
  return addDays(asOf, intBetween(rng, 125, 1000));
}

/** Planted churn needs a full baseline (joined ≥ 200 days ago); a few healthy ones are new-ish. */
function tenureDays(rng: Rng, plants: PlantCode[], role: Role): number {
  if (plants.includes("new_customer")) return intBetween(rng, 1, 6);
  if (plants.length === 0 && role.kind === "individual" && chance(rng, 0.03)) return intBetween(rng, 8, 120);
  return intBetween(rng, 200, 5000);
}

/** Builds customer `index` of a run from its own random stream, its role and its manager. */
export function demoCustomer(
  rng: Rng,
  index: number,
  seed: number,
  asOf: string,
  role: Role,
  managerId: string,
): DemoCustomer {
  const plants =
    role.kind === "group" ? (role.bulkAnomaly ? ["group_bulk_anomaly" as const] : []) : role.plants;
  const isGroup = role.kind === "group";
  const vipLevel = isGroup
    ? weighted(rng, [
        ["diamond", 25],
        ["gold", 45],
        ["silver", 30],
      ] as const)
    : weighted(rng, [
        ["diamond", 3],
        ["gold", 10],
        ["silver", 22],
        ["standard", 65],
      ] as const);
  const [arpuMin, arpuMax] = isGroup ? [800, 5000] : ARPU[vipLevel]!;
  // Planted customers are worth chasing: keep them above the "very low value" cut.
  const arpu =
    Math.round(between(rng, plants.length > 0 ? Math.max(arpuMin, 30) : arpuMin, arpuMax) * 10) / 10;
  const tenure = tenureDays(rng, plants, role);
  const joinDate = addDays(asOf, -tenure);
  let birthday: string | null = null;
  let lunarBirthday = false;
  if (plants.includes("birthday_soon")) {
    birthday = birthdayOn(rng, addDays(asOf, intBetween(rng, 1, 3)).slice(5), false);
  } else if (plants.includes("lunar_birthday_soon")) {
    birthday = lunarBirthdaySoon(rng, asOf);
    lunarBirthday = true;
  } else if (!isGroup) {
    lunarBirthday = chance(rng, 0.1);
    const month = intBetween(rng, 1, 12);
    const day = lunarBirthday ? intBetween(rng, 1, 29) : intBetween(rng, 1, month === 2 ? 29 : 30);
    birthday = birthdayOn(
      rng,
      `${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
      lunarBirthday,
    );
  }
  const leaves =
    role.kind === "individual" && plants.length === 0 && tenure >= 200 && chance(rng, LEAVE_SHARE);
  const suspended = plants.includes("suspended");
  const profile: CustomerProfile = {
    id: customerId(index),
    name: isGroup ? companyName(rng) : personName(rng),
    phone: mobileNumber(rng, index, seed),
    managerId,
    segment: isGroup ? "group" : "personal",
    groupId: role.kind === "member" ? customerId(role.groupIndex) : null,
    vipLevel,
    arpu,
    joinDate,
    contractEnd: contractEnd(rng, asOf, plants, joinDate),
    birthday,
    lunarBirthday,
    sensitivity: pick(rng, SENSITIVITIES),
    personality: pick(rng, PERSONALITIES),
    status: suspended ? "suspended" : leaves ? "left" : "active",
    points: Math.round(arpu * (tenure / 30.4) * between(rng, 0.05, 0.2)),
  };
  const [dataMin, dataMax] = isGroup ? [2000, 8000] : DATA_MB[vipLevel]!;
  const traits: UsageTraits = {
    // At least two calls a day on average, so seven silent days in a row mean something.
    callsPerDay: isGroup ? between(rng, 20, 60) : between(rng, 2, 7),
    minutesPerCall: between(rng, 1.2, 5),
    dataMbPerDay: between(rng, dataMin, dataMax),
    spendPerDay: arpu / 30,
    trend: between(rng, -0.08, 0.08),
    suspendedDaysAgo: suspended ? intBetween(rng, 15, 60) : null,
    leftDaysAgo: leaves ? intBetween(rng, 1, 100) : null,
    leaving: null,
  };
  let leftDate: string | null = null;
  if (leaves) {
    // Drawn last, so customers who stay are exactly as before leavers had a story.
    traits.leaving = leavingStory(rng);
    leftDate = addDays(asOf, -traits.leftDaysAgo!);
    // Contracts often end around the time people leave.
    if (chance(rng, 0.4)) profile.contractEnd = addDays(leftDate, intBetween(rng, -30, 25));
  }
  return { profile, leftDate, plants, traits };
}

/** The manager of customer `index` in a run: group members follow their group's manager. */
export function managerFor(seed: number, index: number, role: Role): string {
  const owner = role.kind === "member" ? role.groupIndex : index;
  const n = DEMO_MANAGERS.length;
  return DEMO_MANAGERS[(owner * 7 + (seed >>> 0)) % n]!.id;
}
