/**
 * The daily job: computes every current customer's signals for day D and stores them as the
 * `Warning` rows of D, replacing any earlier run for D, each row with the customer's lifecycle
 * stage and do-not-chase reasons that day (so the risk list reads nothing else). The store is read
 * in one pass in primary-key order (stream-inputs.ts) and only the customers at risk (and the
 * group customers, judged at the end) are kept in memory; the rows are written in one short
 * transaction at the end, so readers and imports are never blocked for the whole run.
 */
import type { CustomerProfile } from "../../domain/customer.js";
import { doNotChaseReasons } from "../../domain/do-not-chase.js";
import { lifecycleStage } from "../../domain/lifecycle.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import { evaluateSignals, groupBulkAnomalyFromCounts, type SignalInput } from "../../domain/signals/index.js";
import type { Signal } from "../../domain/signals/types.js";
import type { SqliteDatabase } from "../../store/database.js";
import { allSignalInputs } from "./stream-inputs.js";

export interface MaterialiseStats {
  day: string;
  customers: number;
  customersAtRisk: number;
  warnings: number;
  ms: number;
}

/** One customer's judgement as stored: signals, and stage and do-not-chase as JSON-ready text. */
interface Judged {
  customerId: string;
  signals: Signal[];
  stage: string;
  doNotChase: string;
}

/** Runs the daily warning job for day D over the whole store. */
export function materialiseWarnings(
  sql: SqliteDatabase,
  asOf: string,
  config: RulesConfig,
): MaterialiseStats {
  const started = performance.now();
  const atRisk: Judged[] = [];
  const groups = new Map<string, { customer: CustomerProfile; judged: Judged }>();
  const tally = new Map<string, { members: number; flagged: number }>();
  let customers = 0;
  for (const input of allSignalInputs(sql, asOf, config)) {
    customers += 1;
    const { customer } = input;
    const signals = evaluateSignals(input, asOf, config);
    const isGroup = customer.segment === "group";
    if (signals.length > 0 || isGroup) {
      const judged = judge(input, signals, asOf, config);
      if (signals.length > 0) atRisk.push(judged);
      if (isGroup) groups.set(customer.id, { customer, judged });
    }
    if (customer.groupId !== null) {
      const t = tally.get(customer.groupId) ?? { members: 0, flagged: 0 };
      if (t.members === 0) tally.set(customer.groupId, t);
      t.members += 1;
      if (signals.some((s) => s.level === 1)) t.flagged += 1;
    }
  }
  for (const [groupId, { customer, judged }] of groups) {
    const t = tally.get(groupId);
    const signal = t ? groupBulkAnomalyFromCounts(customer, t.members, t.flagged, config) : null;
    if (!signal) continue;
    if (judged.signals.length === 0) atRisk.push(judged);
    judged.signals.push(signal);
  }
  const warnings = writeWarnings(sql, asOf, atRisk);
  return {
    day: asOf,
    customers,
    customersAtRisk: atRisk.length,
    warnings,
    ms: Math.round(performance.now() - started),
  };
}

function judge(input: SignalInput, signals: Signal[], asOf: string, config: RulesConfig): Judged {
  const { customer } = input;
  return {
    customerId: customer.id,
    signals,
    stage: lifecycleStage(customer, input.usage, asOf, config),
    doNotChase: JSON.stringify(doNotChaseReasons(customer, input.bills, asOf, config)),
  };
}

/** Replaces the rows of day D in one transaction; returns how many were written. */
function writeWarnings(sql: SqliteDatabase, day: string, judged: readonly Judged[]): number {
  const remove = sql.prepare("DELETE FROM Warning WHERE day = ?");
  const insert = sql.prepare(
    "INSERT INTO Warning (day, customerId, code, level, evidence, stage, doNotChase) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  let written = 0;
  sql.transaction(() => {
    remove.run(day);
    for (const j of judged) {
      for (const s of j.signals) {
        insert.run(day, j.customerId, s.code, s.level, JSON.stringify(s.evidence), j.stage, j.doNotChase);
        written += 1;
      }
    }
  })();
  return written;
}

/** Whether the daily job has stored warnings for day D. */
export function hasMaterialised(sql: SqliteDatabase, day: string): boolean {
  return sql.prepare("SELECT 1 FROM Warning WHERE day = ? LIMIT 1").get(day) !== undefined;
}
