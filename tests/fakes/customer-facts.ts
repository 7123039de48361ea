/** Builders of plain customer facts for the pure rule tests. */
import type { CustomerFacts, CustomerProfile, UsageDay } from "../../src/domain/customer.js";
import { addDays, daysBetween } from "../../src/domain/dates.js";

export function aCustomer(overrides: Partial<CustomerProfile> = {}): CustomerProfile {
  return {
    id: "C001",
    name: "王建国",
    phone: "13812341234",
    managerId: "M001",
    segment: "personal",
    groupId: null,
    vipLevel: "gold",
    arpu: 186,
    joinDate: "2020-01-01",
    contractEnd: null,
    birthday: null,
    lunarBirthday: false,
    sensitivity: "price",
    personality: "peaceful",
    status: "active",
    points: 0,
    ...overrides,
  };
}

/** A plain day of usage: a few calls, some data and spend, no competitor contact. */
export function aUsageDay(date: string, overrides: Partial<UsageDay> = {}): UsageDay {
  return {
    date,
    calls: 3,
    callMinutes: 10,
    dataMb: 100,
    spend: 6,
    competitorHotlineSeconds: 0,
    forwardedToCompetitor: false,
    ...overrides,
  };
}

/** One usage row per day from `from` to `to` inclusive, shaped by `shape(day)`. */
export function usageDays(
  from: string,
  to: string,
  shape: (day: string) => Partial<UsageDay> = () => ({}),
): UsageDay[] {
  const rows: UsageDay[] = [];
  for (let i = 0; i <= daysBetween(from, to); i += 1) {
    const day = addDays(from, i);
    rows.push(aUsageDay(day, shape(day)));
  }
  return rows;
}

export function someFacts(overrides: Partial<CustomerFacts> = {}): CustomerFacts {
  return { customer: aCustomer(), usage: [], bills: [], events: [], ...overrides };
}
