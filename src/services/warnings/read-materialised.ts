/**
 * The risk list from the daily job's rows: the stored signals of day D for some managers'
 * customers with the lifecycle stage and do-not-chase verdict the job stored beside them, and the
 * priority computed from those (cheap, and it follows the current priority settings).
 */
import type {
  CustomerProfile,
  CustomerStatus,
  Personality,
  Segment,
  Sensitivity,
  VipLevel,
} from "../../domain/customer.js";
import { type DoNotChaseReason, doNotChaseReasons } from "../../domain/do-not-chase.js";
import { type LifecycleStage, lifecycleStage } from "../../domain/lifecycle.js";
import { priorityOf } from "../../domain/priority.js";
import type { RiskAssessment } from "../../domain/risk-assessment.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import { SIGNAL_CODES, type Signal } from "../../domain/signals/types.js";
import { customersByIds } from "../../store/customers.js";
import type { DayScoreRow, KnownScores } from "../../store/day-scores.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import {
  STORED,
  type StoredListScope,
  type StoredWarningRow,
  storedListOf,
  storedListOfManagers,
} from "../../store/stored-warnings.js";
import { addRaisedSince, type RaisedSince } from "./deadlines.js";
import type { OutcomeRecord } from "./follow-up.js";
import { loadSignalInputs } from "./load-inputs.js";

const bySignalOrder = (a: Signal, b: Signal) => SIGNAL_CODES.indexOf(a.code) - SIGNAL_CODES.indexOf(b.code);

/**
 * What the entries of some customers need beyond their assessments: each one's outcomes up to D
 * and the first days of their warnings' runs (for the raised days), read for `customers`.
 */
export interface FollowUpFacts {
  customers: Set<string>;
  outcomes: Map<string, OutcomeRecord[]>;
  since: RaisedSince;
}

/** Assessments with the follow-up facts of the same customers, read in one statement. */
export interface StoredList {
  assessed: RiskAssessment[];
  facts: FollowUpFacts;
  /** The day's churn scores of the same customers, when read with them (else null). */
  scores: KnownScores | null;
}

const listScope = (listDay: string, day: string): StoredListScope => ({
  day: listDay,
  outcomesUpTo: day,
});

/**
 * Assessments of the customers at risk on list day L among these managers' customers, from stored
 * rows, with their follow-up facts of day D: one statement reads the warnings with their customers,
 * the first days of their runs and outcomes; only priority is computed here. Rows of an older run without the
 * stored stage fall back to reading those customers' usage and bills.
 */
export async function storedListOfManagersOn(
  db: SqlHandle,
  listDay: string,
  day: string,
  managerIds: readonly string[],
  config: RulesConfig,
): Promise<StoredList> {
  const rows = await storedListOfManagers(db, listScope(listDay, day), managerIds);
  return withFacts(await assessRows(db, listDay, rows, config), rows, false);
}

/**
 * storedListOfManagersOn for these customers (those without rows on L are left out); with
 * `withScores` (a scored day), their churn scores of L come in the same statement.
 */
export async function storedListOfCustomersOn(
  db: SqlHandle,
  listDay: string,
  day: string,
  customerIds: readonly string[],
  config: RulesConfig,
  options: { withScores?: boolean } = {},
): Promise<StoredList> {
  const withScores = options.withScores ?? false;
  const rows = await storedListOf(db, listScope(listDay, day), customerIds, { withScores });
  return withFacts(await assessRows(db, listDay, rows, config), rows, withScores);
}

/**
 * The follow-up facts carried by a list's rows (the outcomes repeat on each row of a customer),
 * and the churn scores when the rows have them.
 */
function withFacts(
  assessed: RiskAssessment[],
  rows: readonly StoredWarningRow[],
  withScores: boolean,
): StoredList {
  const facts: FollowUpFacts = { customers: new Set(), outcomes: new Map(), since: new Map() };
  const scores = new Map<string, DayScoreRow>();
  for (const row of rows) {
    const id = row[0] as string;
    addRaisedSince(facts.since, id, row[STORED.code] as string, row[STORED.sinceDay] as string);
    if (facts.customers.has(id)) continue;
    facts.customers.add(id);
    const outcomes = row[STORED.outcomes] as string | null;
    if (outcomes !== null)
      facts.outcomes.set(
        id,
        (JSON.parse(outcomes) as unknown[][]).map((o) => outcomeOf(id, o)),
      );
    if (withScores && row[STORED.scoreProbability] !== null)
      scores.set(id, {
        customerId: id,
        probability: Number(row[STORED.scoreProbability]),
        reasons: row[STORED.scoreReasons] as string,
        modelVersion: row[STORED.scoreModelVersion] as string,
      });
  }
  return { assessed, facts, scores: withScores ? { customers: facts.customers, scores } : null };
}

/** An outcome from its OUTCOME_FIELDS values. */
function outcomeOf(customerId: string, o: readonly unknown[]): OutcomeRecord {
  return {
    id: Number(o[0]),
    customerId,
    managerId: o[1] as string,
    kind: o[2] as string,
    day: o[3] as string,
    snoozeUntil: o[4] as string | null,
    lostReason: o[5] as string | null,
    note: o[6] as string,
  };
}

/** Groups stored rows (ordered by customer) into assessments (unordered: the lists sort their entries). */
async function assessRows(
  db: SqlHandle,
  day: string,
  rows: readonly StoredWarningRow[],
  config: RulesConfig,
): Promise<RiskAssessment[]> {
  const assessed: RiskAssessment[] = [];
  const incomplete = new Map<string, Signal[]>();
  let first: StoredWarningRow | null = null;
  let signals: Signal[] = [];
  const flush = () => {
    if (!first) return;
    if (signals.length > 1) signals.sort(bySignalOrder);
    if (first[STORED.stage] === null || first[STORED.doNotChase] === null)
      incomplete.set(first[0] as string, signals);
    else {
      const customer = profileOf(first);
      const stage = first[STORED.stage] as LifecycleStage;
      assessed.push({
        customer,
        signals,
        stage,
        priority: priorityOf(customer, signals, stage, config),
        doNotChase: JSON.parse(first[STORED.doNotChase] as string) as DoNotChaseReason[],
      });
    }
  };
  for (const row of rows) {
    const signal = {
      code: row[STORED.code],
      level: Number(row[STORED.level]),
      evidence: JSON.parse(row[STORED.evidence] as string),
    } as Signal;
    if (first !== null && first[0] === row[0]) signals.push(signal);
    else {
      flush();
      first = row;
      signals = [signal];
    }
  }
  flush();
  if (incomplete.size > 0) assessed.push(...(await computeMissing(db, day, incomplete, config)));
  return assessed;
}

/**
 * The profile from a stored row. The enum columns hold only the domain's values: the import
 * validates them and nothing else writes them.
 */
function profileOf(r: StoredWarningRow): CustomerProfile {
  return {
    id: r[0] as string,
    name: r[1] as string,
    phone: r[2] as string,
    managerId: r[3] as string,
    segment: r[4] as Segment,
    groupId: r[5] as string | null,
    vipLevel: r[6] as VipLevel,
    arpu: Number(r[7]),
    joinDate: r[8] as string,
    contractEnd: r[9] as string | null,
    birthday: r[10] as string | null,
    lunarBirthday: r[11] === true || r[11] === 1,
    sensitivity: r[12] as Sensitivity | null,
    personality: r[13] as Personality | null,
    status: r[14] as CustomerStatus,
    points: Number(r[15]),
  };
}

/** Stage and do-not-chase computed from the store, for rows stored without them. */
async function computeMissing(
  db: SqlHandle,
  day: string,
  signals: ReadonlyMap<string, Signal[]>,
  config: RulesConfig,
): Promise<RiskAssessment[]> {
  const customers = await customersByIds(db, [...signals.keys()]);
  return (await loadSignalInputs(db, customers, day, config)).map((input) => {
    const found = signals.get(input.customer.id) ?? [];
    const stage = lifecycleStage(input.customer, input.usage, day, config);
    return {
      customer: input.customer,
      signals: found,
      stage,
      priority: priorityOf(input.customer, found, stage, config),
      doNotChase: doNotChaseReasons(input.customer, input.bills, day, config),
    };
  });
}
