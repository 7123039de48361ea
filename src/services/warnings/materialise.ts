/**
 * The daily job: computes every current customer's signals for day D and stores them as the
 * `Warning` rows of D, replacing any earlier run for D. The store is read in batches (SQL
 * aggregates per customer) and only the rows found are kept in memory; they are written in one
 * short transaction at the end, so readers and imports are never blocked for the whole run.
 */
import type { CustomerProfile } from "../../domain/customer.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import { evaluateSignals, groupBulkAnomalyFromCounts, type Signal } from "../../domain/signals/index.js";
import type { SqliteDatabase } from "../../store/database.js";
import { loadSignalInputs } from "./load-inputs.js";
import { allCustomersInBatches } from "./select-customers.js";

export interface MaterialiseStats {
  day: string;
  customers: number;
  customersAtRisk: number;
  warnings: number;
  ms: number;
}

/** Runs the daily warning job for day D over the whole store. */
export function materialiseWarnings(
  sql: SqliteDatabase,
  asOf: string,
  config: RulesConfig,
): MaterialiseStats {
  const started = performance.now();
  const rows: { customerId: string; signal: Signal }[] = [];
  const groups: CustomerProfile[] = [];
  const tally = new Map<string, { members: number; flagged: number }>();
  let customers = 0;
  for (const batch of allCustomersInBatches(sql)) {
    customers += batch.length;
    for (const input of loadSignalInputs(sql, batch, asOf, config)) {
      const { customer } = input;
      const signals = evaluateSignals(input, asOf, config);
      for (const signal of signals) rows.push({ customerId: customer.id, signal });
      if (customer.segment === "group") groups.push(customer);
      if (customer.groupId !== null) {
        const t = tally.get(customer.groupId) ?? { members: 0, flagged: 0 };
        t.members += 1;
        if (signals.some((s) => s.level === 1)) t.flagged += 1;
        tally.set(customer.groupId, t);
      }
    }
  }
  for (const group of groups) {
    const t = tally.get(group.id);
    const signal = t ? groupBulkAnomalyFromCounts(group, t.members, t.flagged, config) : null;
    if (signal) rows.push({ customerId: group.id, signal });
  }
  writeWarnings(sql, asOf, rows);
  return {
    day: asOf,
    customers,
    customersAtRisk: new Set(rows.map((r) => r.customerId)).size,
    warnings: rows.length,
    ms: Math.round(performance.now() - started),
  };
}

function writeWarnings(
  sql: SqliteDatabase,
  day: string,
  rows: { customerId: string; signal: Signal }[],
): void {
  const remove = sql.prepare("DELETE FROM Warning WHERE day = ?");
  const insert = sql.prepare(
    "INSERT INTO Warning (day, customerId, code, level, evidence) VALUES (?, ?, ?, ?, ?)",
  );
  sql.transaction(() => {
    remove.run(day);
    for (const { customerId, signal } of rows) {
      insert.run(day, customerId, signal.code, signal.level, JSON.stringify(signal.evidence));
    }
  })();
}

/** Whether the daily job has stored warnings for day D. */
export function hasMaterialised(sql: SqliteDatabase, day: string): boolean {
  return sql.prepare("SELECT 1 FROM Warning WHERE day = ? LIMIT 1").get(day) !== undefined;
}
