import type { RetentionMethod } from "../domain/retention-methods.js";
/**
 * What a morning briefing says, as plain facts for one team and one local day. Gathered from the
 * store (facts-source.ts); composing text and the chart from them is pure and tested without one.
 */

import type { CareCode } from "../domain/care/types.js";
import type { VipLevel } from "../domain/customer.js";
import type { SignalCode } from "../domain/signals/types.js";

/** A customer as a briefing may show them (names and phones are masked for groups). */
export interface BriefingCustomer {
  id: string;
  name: string;
  phone: string;
  vipLevel: VipLevel;
}

export interface WarningCount {
  code: SignalCode;
  level: number;
  today: number;
  yesterday: number;
}

export interface TrendPoint {
  day: string;
  level1: number;
  level2: number;
}

export interface OutcomeCounts {
  retained: number;
  lost: number;
  contacted: number;
}

/** One manager's part of the briefing. */
export interface ManagerBriefing {
  managerId: string;
  name: string;
  /** Customers at risk, most urgent first, with their signal codes. */
  top: (BriefingCustomer & { score: number; codes: SignalCode[] })[];
  /** Care reminders due on the day (birthday, festival, renewal…), by care code. */
  care: (BriefingCustomer & { code: CareCode })[];
  /** Level-1 warnings past their response deadline with nothing logged since they appeared. */
  overdue: (BriefingCustomer & { code: SignalCode; since: string })[];
  /** What the manager logged the day before. */
  outcomes: OutcomeCounts;
}

export interface BriefingFacts {
  day: string;
  teamId: string;
  teamName: string;
  /** Warning counts by code and level, on the day and the day before. */
  counts: WarningCount[];
  /**
   * Whether the daily job ran for the day before. When it did not, there is nothing to compare
   * with (yesterday's counts read as zero) and the briefing says so instead of showing deltas.
   */
  hasYesterday: boolean;
  /** Warnings by level for the 7 days ending on the day, oldest first. */
  trend: TrendPoint[];
  managers: ManagerBriefing[];
  /**
   * On Mondays: the team's retention rates by method over the last 90 days, all signals and all
   * customers, cells under the minimum left out (issue 16). Absent on other days.
   */
  whatWorks?: {
    method: RetentionMethod;
    cases: number;
    retained: number;
    rate: number;
    low: number;
    high: number;
  }[];
}

/** Gathers the facts for one team's briefing on one local day. */
export interface BriefingFactsSource {
  gather(teamId: string, day: string): Promise<BriefingFacts>;
}
