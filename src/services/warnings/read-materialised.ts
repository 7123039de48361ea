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
import { byPriority, priorityOf } from "../../domain/priority.js";
import type { RiskAssessment } from "../../domain/risk-assessment.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import { SIGNAL_CODES, type Signal } from "../../domain/signals/types.js";
import { customersByIds } from "../../store/customers.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import {
  STORED,
  type StoredWarningRow,
  storedWarningsOf,
  storedWarningsOfManagers,
} from "../../store/stored-warnings.js";
import { loadSignalInputs } from "./load-inputs.js";

const bySignalOrder = (a: Signal, b: Signal) => SIGNAL_CODES.indexOf(a.code) - SIGNAL_CODES.indexOf(b.code);

/**
 * Assessments of the customers at risk on day D among these managers' customers, from stored rows:
 * one statement reads the warnings with their customers; only priority is computed here. Rows of an
 * older run without the stored stage fall back to reading those customers' usage and bills.
 */
export async function assessFromStored(
  db: SqlHandle,
  day: string,
  managerIds: readonly string[],
  config: RulesConfig,
): Promise<RiskAssessment[]> {
  return assessRows(db, day, await storedWarningsOfManagers(db, day, managerIds), config);
}

/** Assessments of these customers on day D from stored rows (those without rows are left out). */
export async function assessStoredCustomers(
  db: SqlHandle,
  day: string,
  customerIds: readonly string[],
  config: RulesConfig,
): Promise<RiskAssessment[]> {
  return assessRows(db, day, await storedWarningsOf(db, day, customerIds), config);
}

/** Groups stored rows (ordered by customer) into assessments, most urgent first. */
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
  return assessed.sort(byPriority);
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
