/**
 * The demo's bulk path: better-sqlite3 prepared statements, usage rows sent 50 to a statement (the
 * per-call cost dominates single-row inserts), one transaction per chunk of customers. Table and
 * column names are Prisma's defaults from prisma/migrations; booleans are INTEGER 0/1.
 */

import type { CustomerProfile } from "../domain/customer.js";
import type { SqliteDatabase } from "../store/database.js";
import type { BillSink, EventSink } from "./bills-events.js";
import type { DemoManager, DemoTeam } from "./roster.js";
import type { UsageSink } from "./usage-rows.js";

const USAGE_COLUMNS =
  '"customerId", "date", "calls", "callMinutes", "dataMb", "spend", "competitorHotlineSeconds", "forwardedToCompetitor"';
const USAGE_BATCH = 50;

export interface DemoWriter {
  teams(teams: readonly DemoTeam[]): void;
  managers(managers: readonly DemoManager[]): void;
  /** `leftDate`: the day a customer with status `left` left (离网). */
  customer(c: CustomerProfile, leftDate?: string | null): void;
  usage: UsageSink;
  bill: BillSink;
  event: EventSink;
  /** Runs `work` in one transaction and writes any usage rows still buffered before committing. */
  inTransaction(work: () => void): void;
  counts: { customers: number; usage: number; bills: number; events: number };
}

export function demoWriter(db: SqliteDatabase): DemoWriter {
  const placeholders = (n: number) => `(${Array(n).fill("?").join(", ")})`;
  const usageOne = db.prepare(`INSERT INTO "DailyUsage" (${USAGE_COLUMNS}) VALUES ${placeholders(8)}`);
  const usageMany = db.prepare(
    `INSERT INTO "DailyUsage" (${USAGE_COLUMNS}) VALUES ${Array(USAGE_BATCH).fill(placeholders(8)).join(", ")}`,
  );
  const team = db.prepare(
    `INSERT INTO "Team" ("id", "name") VALUES (?, ?) ON CONFLICT("id") DO UPDATE SET "name" = excluded."name"`,
  );
  const manager = db.prepare(
    `INSERT INTO "Manager" ("id", "name", "teamId", "role", "telegramUserId", "slackUserId") VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT("id") DO UPDATE SET "name" = excluded."name", "teamId" = excluded."teamId", "role" = excluded."role",
       "telegramUserId" = excluded."telegramUserId", "slackUserId" = excluded."slackUserId"`,
  );
  const customer = db.prepare(
    `INSERT INTO "Customer" ("id", "name", "phone", "managerId", "segment", "groupId", "vipLevel", "arpu", "joinDate",
       "contractEnd", "birthday", "lunarBirthday", "sensitivity", "personality", "status", "points", "leftDate")
     VALUES ${placeholders(17)}`,
  );
  const bill = db.prepare(
    `INSERT INTO "Bill" ("customerId", "month", "amount", "dueDate", "paidDate") VALUES ${placeholders(5)}`,
  );
  const event = db.prepare(
    `INSERT INTO "Event" ("customerId", "date", "type", "note") VALUES ${placeholders(4)}`,
  );

  const buffer: (string | number)[] = [];
  const flush = () => {
    for (let at = 0; at < buffer.length; at += 8) usageOne.run(buffer.slice(at, at + 8));
    buffer.length = 0;
  };
  const counts = { customers: 0, usage: 0, bills: 0, events: 0 };
  return {
    counts,
    teams(list) {
      for (const t of list) team.run(t.id, t.name);
    },
    managers(list) {
      for (const m of list) manager.run(m.id, m.name, m.teamId, m.role, m.telegramUserId, m.slackUserId);
    },
    customer(c, leftDate = null) {
      customer.run(
        c.id,
        c.name,
        c.phone,
        c.managerId,
        c.segment,
        c.groupId,
        c.vipLevel,
        c.arpu,
        c.joinDate,
        c.contractEnd,
        c.birthday,
        c.lunarBirthday ? 1 : 0,
        c.sensitivity,
        c.personality,
        c.status,
        c.points,
        leftDate,
      );
      counts.customers += 1;
    },
    usage(...row) {
      buffer.push(...row);
      counts.usage += 1;
      if (buffer.length === USAGE_BATCH * 8) {
        usageMany.run(buffer);
        buffer.length = 0;
      }
    },
    bill(customerId, month, amount, dueDate, paidDate) {
      bill.run(customerId, month, amount, dueDate, paidDate);
      counts.bills += 1;
    },
    event(customerId, date, type, note) {
      event.run(customerId, date, type, note);
      counts.events += 1;
    },
    inTransaction(work) {
      db.transaction(() => {
        work();
        flush();
      })();
    },
  };
}
