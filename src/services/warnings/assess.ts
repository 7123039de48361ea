/**
 * The warning engine: assesses customers on day D straight from the store. For a scope (some
 * managers' customers) the members of the scope's group customers are read too, so
 * group_bulk_anomaly sees whole groups; they are judged and then dropped from the answer.
 */
import type { CustomerProfile } from "../../domain/customer.js";
import { assessRisks, type RiskAssessment } from "../../domain/risk-assessment.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import { currentCustomersOf, currentMembersOf } from "../../store/customers.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import { loadSignalInputs } from "./load-inputs.js";

/** Assessments (most urgent first) of these customers, their groups judged from all members. */
export async function assessCustomers(
  db: SqlHandle,
  customers: readonly CustomerProfile[],
  asOf: string,
  config: RulesConfig,
): Promise<RiskAssessment[]> {
  const inScope = new Set(customers.map((c) => c.id));
  const groupIds = customers.filter((c) => c.segment === "group").map((c) => c.id);
  const extraMembers =
    groupIds.length === 0 ? [] : (await currentMembersOf(db, groupIds)).filter((m) => !inScope.has(m.id));
  const inputs = await loadSignalInputs(db, [...customers, ...extraMembers], asOf, config);
  return assessRisks(inputs, asOf, config).filter((a) => inScope.has(a.customer.id));
}

/** Assessments of every current customer of these managers on day D. */
export async function assessManagers(
  db: SqlHandle,
  managerIds: readonly string[],
  asOf: string,
  config: RulesConfig,
): Promise<RiskAssessment[]> {
  return assessCustomers(db, await currentCustomersOf(db, managerIds), asOf, config);
}
