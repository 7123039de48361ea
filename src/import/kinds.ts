import { type TableSpec, writtenColumns } from "./sql-upsert.js";
import type { ImportKind, IssueCode } from "./types.js";

/** Everything the importer needs to know about one kind of file. */
export interface KindDefinition {
  readonly table: TableSpec;
  /** Columns that must name a row already in the store (or written earlier from this file). */
  readonly references: readonly { column: string; table: string; code: IssueCode }[];
  /** Columns the rows carry besides the written ones (a manager's team name names the team). */
  readonly carried?: readonly string[];
}

const customerRef = [{ column: "customer_id", table: "Customer", code: "unknown_customer" }] as const;

export const KINDS: Record<ImportKind, KindDefinition> = {
  managers: {
    table: {
      table: "Manager",
      key: [["manager_id", "id"]],
      values: [
        ["name", "name"],
        ["team_id", "teamId"],
        ["role", "role"],
        ["telegram_user_id", "telegramUserId"],
        ["slack_user_id", "slackUserId"],
      ],
    },
    references: [],
    carried: ["team_name"],
  },
  customers: {
    table: {
      table: "Customer",
      key: [["customer_id", "id"]],
      values: [
        ["name", "name"],
        ["phone", "phone"],
        ["manager_id", "managerId"],
        ["segment", "segment"],
        ["group_id", "groupId"],
        ["vip_level", "vipLevel"],
        ["arpu", "arpu"],
        ["join_date", "joinDate"],
        ["contract_end", "contractEnd"],
        ["birthday", "birthday"],
        ["lunar_birthday", "lunarBirthday"],
        ["sensitivity", "sensitivity"],
        ["personality", "personality"],
        ["status", "status"],
        ["left_date", "leftDate"],
        ["points", "points"],
      ],
    },
    references: [{ column: "manager_id", table: "Manager", code: "unknown_manager" }],
  },
  usage: {
    table: {
      table: "DailyUsage",
      key: [
        ["customer_id", "customerId"],
        ["date", "date"],
      ],
      values: [
        ["calls", "calls"],
        ["call_minutes", "callMinutes"],
        ["data_mb", "dataMb"],
        ["spend", "spend"],
        ["competitor_hotline_seconds", "competitorHotlineSeconds"],
        ["forwarded_to_competitor", "forwardedToCompetitor"],
      ],
    },
    references: customerRef,
  },
  bills: {
    table: {
      table: "Bill",
      key: [
        ["customer_id", "customerId"],
        ["month", "month"],
      ],
      values: [
        ["amount", "amount"],
        ["due_date", "dueDate"],
        ["paid_date", "paidDate"],
      ],
    },
    references: customerRef,
  },
  events: {
    table: {
      table: "Event",
      key: [
        ["customer_id", "customerId"],
        ["date", "date"],
        ["type", "type"],
        ["note", "note"],
      ],
      values: [],
    },
    references: customerRef,
  },
};

/** The columns a kind's rows travel with from the parser thread: the written ones, then the carried. */
export function packedColumns(kind: ImportKind, present: ReadonlySet<string>): string[] {
  const { table, carried } = KINDS[kind];
  return [...writtenColumns(table, present), ...(carried ?? [])];
}
