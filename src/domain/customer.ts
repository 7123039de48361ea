/**
 * Plain facts about customers, as the rules see them. The store maps its rows onto these types;
 * rules are pure functions of these facts and an as-of day, so they are tested without a database.
 * Calendar dates are local days as "YYYY-MM-DD" strings.
 */

export const VIP_LEVELS = ["diamond", "gold", "silver", "standard"] as const;
export type VipLevel = (typeof VIP_LEVELS)[number];

export const SEGMENTS = ["personal", "group"] as const;
export type Segment = (typeof SEGMENTS)[number];

export const SENSITIVITIES = ["price", "service", "brand", "security"] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export const PERSONALITIES = ["peaceful", "lively", "perfect", "powerful"] as const;
export type Personality = (typeof PERSONALITIES)[number];

export const CUSTOMER_STATUSES = ["active", "suspended", "left"] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const EVENT_TYPES = [
  "complaint",
  "broadband_fault",
  "portability_inquiry",
  "competitor_offer",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const MANAGER_ROLES = ["manager", "lead"] as const;
export type ManagerRole = (typeof MANAGER_ROLES)[number];

export const OUTCOME_KINDS = ["contacted", "retained", "lost", "unreachable", "snoozed"] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export interface CustomerProfile {
  id: string;
  name: string;
  phone: string;
  managerId: string;
  segment: Segment;
  groupId: string | null;
  vipLevel: VipLevel;
  arpu: number;
  joinDate: string;
  contractEnd: string | null;
  birthday: string | null;
  lunarBirthday: boolean;
  sensitivity: Sensitivity | null;
  personality: Personality | null;
  status: CustomerStatus;
  points: number;
}

export interface UsageDay {
  date: string;
  calls: number;
  callMinutes: number;
  dataMb: number;
  spend: number;
  competitorHotlineSeconds: number;
  forwardedToCompetitor: boolean;
}

export interface BillFact {
  month: string; // YYYY-MM
  amount: number;
  dueDate: string;
  paidDate: string | null;
}

export interface EventFact {
  date: string;
  type: EventType;
  note: string;
}

export interface OutcomeFact {
  kind: OutcomeKind;
  day: string;
  snoozeUntil: string | null;
  lostReason: string | null;
  note: string;
  managerId: string;
  createdAt: Date;
}

/** Everything the rules need about one customer. `usage` is sorted by date, oldest first; days may be missing. */
export interface CustomerFacts {
  customer: CustomerProfile;
  usage: UsageDay[];
  bills: BillFact[];
  events: EventFact[];
}
