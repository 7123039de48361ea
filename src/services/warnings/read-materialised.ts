/**
 * The risk list from the daily job's rows: the stored signals of day D for some managers'
 * customers, completed with lifecycle stage, priority and the do-not-chase verdict, which are read
 * for the customers at risk only (a small share of the scope).
 */
import { doNotChaseReasons } from "../../domain/do-not-chase.js";
import { lifecycleStage } from "../../domain/lifecycle.js";
import { byPriority, priorityOf } from "../../domain/priority.js";
import type { RiskAssessment } from "../../domain/risk-assessment.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import { SIGNAL_CODES, type Signal } from "../../domain/signals/types.js";
import type { SqliteDatabase } from "../../store/database.js";
import { loadSignalInputs } from "./load-inputs.js";
import { customersByIds } from "./select-customers.js";
import { byCustomer, chunks, placeholders } from "./store-rows.js";

interface WarningRow {
  customerId: string;
  code: string;
  level: number;
  evidence: string;
}

/** Stored signals of day D for these customers' managers, by customer. */
export function storedSignals(
  sql: SqliteDatabase,
  day: string,
  managerIds: readonly string[],
): Map<string, Signal[]> {
  const rows = chunks(managerIds).flatMap(
    (ids) =>
      sql
        .prepare(
          `SELECT w.customerId, w.code, w.level, w.evidence FROM Customer c
           JOIN Warning w ON w.day = ? AND w.customerId = c.id
           WHERE c.managerId IN (${placeholders(ids.length)})`,
        )
        .all(day, ...ids) as WarningRow[],
  );
  return new Map(
    [...byCustomer(rows)].map(([id, list]) => [
      id,
      list
        .map((r) => ({ code: r.code, level: r.level, evidence: JSON.parse(r.evidence) }) as Signal)
        .sort((a, b) => SIGNAL_CODES.indexOf(a.code) - SIGNAL_CODES.indexOf(b.code)),
    ]),
  );
}

/** Assessments of the customers at risk on day D among these managers' customers, from stored rows. */
export function assessFromStored(
  sql: SqliteDatabase,
  day: string,
  managerIds: readonly string[],
  config: RulesConfig,
): RiskAssessment[] {
  const signals = storedSignals(sql, day, managerIds);
  const customers = customersByIds(sql, [...signals.keys()]);
  return loadSignalInputs(sql, customers, day, config)
    .map((input) => {
      const found = signals.get(input.customer.id) ?? [];
      const stage = lifecycleStage(input.customer, input.usage, day, config);
      return {
        customer: input.customer,
        signals: found,
        stage,
        priority: priorityOf(input.customer, found, stage, config),
        doNotChase: doNotChaseReasons(input.customer, input.bills, day, config),
      };
    })
    .sort(byPriority);
}
