/**
 * Several weeks of logged outcomes for the demo, with the retention method used and the main
 * objection met, so a new user sees "what works" numbers in /track, /team and `report` at once.
 * Consistent with the customers: 已挽留 on active customers the demo planted no signal on (healthy
 * today; their warning was weeks ago), 流失 on customers who left, logged a few days before they
 * did. Which method was used depends on the customer's sensitivity; methods that work less often
 * show up more among the lost, so the methods' rates differ as they would in life.
 */
import { addDays } from "../domain/dates.js";
import type { SqliteDatabase } from "../store/database.js";
import { mixSeed, mulberry32 } from "./random.js";

/** Share of healthy active customers with a 已挽留 in the window, and of leavers with a 流失. */
const RETAINED_SHARE = 0.2;
const LOST_SHARE = 0.8;
/** Outcomes fall 3 to 56 days before the as-of day (eight weeks, never today). */
const FIRST_DAY_BACK = 3;
const LAST_DAY_BACK = 56;

/** The signal the customer was warned for back then, weighted. */
const SIGNALS: [string, number][] = [
  ["spend_drop", 45],
  ["contract_expiring", 25],
  ["competitor_hotline", 15],
  ["complaint", 15],
];

/** Per sensitivity: [method, weight, chance retained]. */
const METHODS: Record<string, [string, number, number][]> = {
  price: [
    ["value", 40, 0.7],
    ["cost", 40, 0.42],
    ["product", 20, 0.5],
  ],
  service: [
    ["relationship", 50, 0.75],
    ["embedded", 25, 0.6],
    ["value", 25, 0.4],
  ],
  brand: [
    ["product", 40, 0.65],
    ["value", 30, 0.55],
    ["relationship", 30, 0.5],
  ],
  security: [
    ["embedded", 50, 0.7],
    ["relationship", 50, 0.6],
  ],
};

/** Per sensitivity: the objections met (knowledge base category ids, kinds and names). */
const OBJECTIONS: Record<string, [id: string, kind: string, zh: string][]> = {
  price: [
    ["price", "real", "资费太贵"],
    ["hidden-price", "hidden", "挑毛病压价"],
    ["competitor", "real", "竞争对手优惠或策反"],
  ],
  service: [
    ["service", "real", "服务不满意"],
    ["network", "real", "信号/网络质量"],
  ],
  brand: [
    ["competitor", "real", "竞争对手优惠或策反"],
    ["no-need", "real", "不需要这个业务"],
  ],
  security: [
    ["billing", "real", "乱扣费/计费不透明"],
    ["stalling", "false", "借口拖延"],
  ],
};

function weighted<T>(rng: () => number, items: readonly T[], weight: (item: T) => number): T {
  const total = items.reduce((sum, i) => sum + weight(i), 0);
  let x = rng() * total;
  for (const item of items) {
    x -= weight(item);
    if (x < 0) return item;
  }
  return items[items.length - 1] as T;
}

interface DemoOutcomeCustomer {
  id: string;
  managerId: string;
  sensitivity: string | null;
  status: string;
  leftDate: string | null;
}

/** Writes the demo's past outcomes; returns how many. Deterministic from the seed and the day. */
export function writeDemoOutcomes(
  sql: SqliteDatabase,
  options: { seed: number; asOf: string; planted: ReadonlySet<string> },
): number {
  const customers = sql
    .prepare(`SELECT id, managerId, sensitivity, status, leftDate FROM Customer ORDER BY id`)
    .all() as DemoOutcomeCustomer[];
  const insert = sql.prepare(
    `INSERT INTO Outcome (customerId, managerId, kind, day, lostReason, note, method, objectionId,
       objectionKind, signals, stage, createdAt)
     VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?)`,
  );
  const rng = mulberry32(mixSeed(options.seed, 16_016));
  const newest = addDays(options.asOf, -FIRST_DAY_BACK);
  const oldest = addDays(options.asOf, -LAST_DAY_BACK);
  let written = 0;
  for (const c of customers) {
    const draw = rng();
    const retained = c.status === "active" && !options.planted.has(c.id) && draw < RETAINED_SHARE;
    const lost = c.status === "left" && c.leftDate !== null && draw < LOST_SHARE;
    if (!retained && !lost) continue;
    const day = retained
      ? addDays(newest, -Math.floor(rng() * (LAST_DAY_BACK - FIRST_DAY_BACK + 1)))
      : addDays(c.leftDate ?? newest, -(1 + Math.floor(rng() * 7)));
    if (day > newest || day < oldest) continue;
    const sensitivity = c.sensitivity && METHODS[c.sensitivity] ? c.sensitivity : "price";
    const methods = METHODS[sensitivity] ?? [];
    // Among the retained, a method shows up as often as it is used and works; among the lost, as it fails.
    const [method] = weighted(rng, methods, ([, w, chance]) => w * (retained ? chance : 1 - chance));
    const objections = OBJECTIONS[sensitivity] ?? [];
    const [objectionId, objectionKind, label] = objections[Math.floor(rng() * objections.length)] ?? [];
    const withObjection = lost || rng() < 0.7;
    const [signal] = weighted(rng, SIGNALS, ([, w]) => w);
    const stage = rng() < 0.6 ? "D" : rng() < 0.75 ? "C" : "B";
    insert.run(
      c.id,
      c.managerId,
      retained ? "retained" : "lost",
      day,
      retained ? null : (label ?? null),
      method,
      withObjection ? (objectionId ?? null) : null,
      withObjection ? (objectionKind ?? null) : null,
      signal,
      stage,
      `${day}T10:00:00.000+00:00`,
    );
    written += 1;
  }
  return written;
}
