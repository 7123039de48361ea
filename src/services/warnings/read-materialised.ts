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
import type { SqliteDatabase } from "../../store/database.js";
import { cachedStatement } from "../../store/statement-cache.js";
import { loadSignalInputs } from "./load-inputs.js";
import { customersByIds } from "./select-customers.js";
import { CUSTOMER_COLUMNS, chunks, IDS_IN_JSON, placeholders } from "./store-rows.js";

/** The customer columns, then the warning's, as raw arrays (no per-row objects with keys). */
const LIST_COLUMNS = `${CUSTOMER_COLUMNS.replace(/(\w+)/g, "c.$1")}, w.code, w.level, w.evidence, w.stage, w.doNotChase`;
const CODE = 16;
const LEVEL = 17;
const EVIDENCE = 18;
const STAGE = 19;
const DO_NOT_CHASE = 20;
type StoredRow = unknown[];

const bySignalOrder = (a: Signal, b: Signal) => SIGNAL_CODES.indexOf(a.code) - SIGNAL_CODES.indexOf(b.code);

/**
 * Assessments of the customers at risk on day D among these managers' customers, from stored rows:
 * one statement reads the warnings with their customers; only priority is computed here. Rows of an
 * older run without the stored stage fall back to reading those customers' usage and bills.
 */
export function assessFromStored(
  sql: SqliteDatabase,
  day: string,
  managerIds: readonly string[],
  config: RulesConfig,
): RiskAssessment[] {
  const rows = chunks(managerIds).flatMap(
    (ids) =>
      cachedStatement(
        sql,
        `SELECT ${LIST_COLUMNS} FROM Customer c JOIN Warning w ON w.day = ? AND w.customerId = c.id
         WHERE c.managerId IN (${placeholders(ids.length)}) ORDER BY c.id`,
      )
        .raw(true)
        .all(day, ...ids) as StoredRow[],
  );
  return assessRows(sql, day, rows, config);
}

/** Assessments of these customers on day D from stored rows (those without rows are left out). */
export function assessStoredCustomers(
  sql: SqliteDatabase,
  day: string,
  customerIds: readonly string[],
  config: RulesConfig,
): RiskAssessment[] {
  const rows = cachedStatement(
    sql,
    `SELECT ${LIST_COLUMNS} FROM Customer c JOIN Warning w ON w.day = ? AND w.customerId = c.id
     WHERE c.id IN ${IDS_IN_JSON} ORDER BY c.id`,
  )
    .raw(true)
    .all(day, JSON.stringify(customerIds)) as StoredRow[];
  return assessRows(sql, day, rows, config);
}

/** Groups stored rows (ordered by customer) into assessments, most urgent first. */
function assessRows(
  sql: SqliteDatabase,
  day: string,
  rows: readonly StoredRow[],
  config: RulesConfig,
): RiskAssessment[] {
  const assessed: RiskAssessment[] = [];
  const incomplete = new Map<string, Signal[]>();
  let first: StoredRow | null = null;
  let signals: Signal[] = [];
  const flush = () => {
    if (!first) return;
    if (signals.length > 1) signals.sort(bySignalOrder);
    if (first[STAGE] === null || first[DO_NOT_CHASE] === null) incomplete.set(first[0] as string, signals);
    else {
      const customer = profileFromRaw(first);
      const stage = first[STAGE] as LifecycleStage;
      assessed.push({
        customer,
        signals,
        stage,
        priority: priorityOf(customer, signals, stage, config),
        doNotChase: JSON.parse(first[DO_NOT_CHASE] as string) as DoNotChaseReason[],
      });
    }
  };
  for (const row of rows) {
    const signal = {
      code: row[CODE],
      level: row[LEVEL],
      evidence: JSON.parse(row[EVIDENCE] as string),
    } as Signal;
    if (first !== null && first[0] === row[0]) signals.push(signal);
    else {
      flush();
      first = row;
      signals = [signal];
    }
  }
  flush();
  if (incomplete.size > 0) assessed.push(...computeMissing(sql, day, incomplete, config));
  return assessed.sort(byPriority);
}

/**
 * The profile from a raw row whose first columns are CUSTOMER_COLUMNS, in their order. The enum
 * columns hold only the domain's values: the import validates them and nothing else writes them.
 */
function profileFromRaw(r: StoredRow): CustomerProfile {
  return {
    id: r[0] as string,
    name: r[1] as string,
    phone: r[2] as string,
    managerId: r[3] as string,
    segment: r[4] as Segment,
    groupId: r[5] as string | null,
    vipLevel: r[6] as VipLevel,
    arpu: r[7] as number,
    joinDate: r[8] as string,
    contractEnd: r[9] as string | null,
    birthday: r[10] as string | null,
    lunarBirthday: r[11] === 1,
    sensitivity: r[12] as Sensitivity | null,
    personality: r[13] as Personality | null,
    status: r[14] as CustomerStatus,
    points: r[15] as number,
  };
}

/** Stage and do-not-chase computed from the store, for rows stored without them. */
function computeMissing(
  sql: SqliteDatabase,
  day: string,
  signals: ReadonlyMap<string, Signal[]>,
  config: RulesConfig,
): RiskAssessment[] {
  const customers = customersByIds(sql, [...signals.keys()]);
  return loadSignalInputs(sql, customers, day, config).map((input) => {
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
