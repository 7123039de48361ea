/**
 * Several instances, one store (issue #14): two instance processes (tests/fakes/briefing-instance.ts:
 * the real scheduler, scheduler lock, ledger, send queue and Telegram poster; fixed facts) brief
 * 1,000 groups through one fake Bot API that enforces Telegram's limits, and the leader is killed
 * with SIGKILL once half of them are posted. The standby must take over and finish: none lost, none
 * twice — except the posts in flight at the kill, which are never re-sent (at-most-once, decision
 * 007): the result counts the briefings the dead leader left in doubt (`posting`), and how many of
 * the lost ones were not among them (must be 0: anything else is the standby's to resume). Runs on SQLite, and on PostgreSQL: BENCH_POSTGRES_URL names a server (a scratch database
 * is created on it), else a throw-away cluster is started with scripts/test-postgres.sh when the
 * PostgreSQL binaries are here; without either it says the PostgreSQL run was skipped.
 * Run alone: `npx tsx bench/briefings-instances.ts [groups]`.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { openStore } from "../src/store/database.js";
import { migrateStore } from "../src/store/migrate.js";
import { migratePostgres } from "../src/store/postgres/migrate-postgres.js";
import { openPostgresStore } from "../src/store/postgres/open-postgres.js";
import type { SqlHandle } from "../src/store/sql-handle.js";
import {
  type InstanceProcess,
  startBriefingInstance,
  until,
} from "../tests/fakes/briefing-instance-process.js";
import { RateLimitedTelegramFake, TELEGRAM_RULES } from "../tests/fakes/telegram-rate-limits.js";
import { postgresServer } from "./postgres-server.js";

export interface InstancesBenchResult {
  store: "sqlite" | "postgres";
  groups: number;
  killedAfter: number;
  seconds: number;
  takeoverSeconds: number;
  lost: number;
  doubled: number;
  /** Briefings the killed leader left `posting` (request maybe in flight; most were posted, unmarked). */
  inDoubt: number;
  /** Lost briefings that were not in doubt: nothing of them had left, so the standby should have posted them. */
  lostNotInDoubt: number;
}

const NOW = "2026-11-24T00:30:00Z"; // 08:30 in Shanghai

interface BenchStore {
  kind: "sqlite" | "postgres";
  url: string;
  db: SqlHandle;
  close(): Promise<void>;
}

async function sqliteStore(): Promise<BenchStore> {
  const dir = mkdtempSync(join(tmpdir(), "retainbot-bench-instances-"));
  const url = `file:${join(dir, "store.db")}`;
  const migrated = migrateStore(url);
  if (!migrated.ok) throw new Error(migrated.error.message);
  const store = openStore(url);
  return {
    kind: "sqlite",
    url,
    db: store.db,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresStore(serverUrl: string): Promise<BenchStore> {
  const name = `retainbot_bench_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const parsed = new URL(serverUrl);
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  const migrated = await migratePostgres(url);
  if (!migrated.ok) throw new Error(migrated.error.message);
  const store = openPostgresStore(url, { poolSize: 4, statementTimeoutMs: 60_000 });
  return {
    kind: "postgres",
    url,
    db: store.db,
    async close() {
      await store.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

async function subscribe(db: SqlHandle, groups: number): Promise<string[]> {
  const teams = Math.ceil(groups / 20);
  for (let t = 0; t < teams; t++)
    await db.run(`INSERT INTO "Team" ("id", "name") VALUES (?, ?)`, [`T${t}`, `第${t + 1}组`]);
  const chats = Array.from({ length: groups }, (_, i) => `-${1000 + i}`);
  for (const [i, chat] of chats.entries()) {
    await db.run(
      `INSERT INTO "ChatGroup" ("id", "platform", "chatId", "teamId", "timeZone", "briefTime")
       VALUES (?, 'telegram', ?, ?, 'Asia/Shanghai', '08:30')`,
      [`telegram:${chat}`, chat, `T${i % teams}`],
    );
    await db.run(
      `INSERT INTO "BriefingLedger" ("groupId", "day", "status", "claimedBy", "claimedAt", "detail")
       VALUES (?, '2026-11-23', 'sent', 'yesterday', ?, '')`,
      [`telegram:${chat}`, new Date("2026-11-23T00:31:00Z")],
    );
  }
  return chats;
}

/** Briefs `groups` groups from two instances on `store`, killing the leader halfway. */
async function runOn(store: BenchStore, groups: number): Promise<InstancesBenchResult> {
  const fake = new RateLimitedTelegramFake(TELEGRAM_RULES);
  const root = await fake.listen();
  const a = startBriefingInstance(store.url, root, "a", NOW);
  let b: InstanceProcess | null = null;
  try {
    await a.said("leading");
    b = startBriefingInstance(store.url, root, "b", NOW);
    await b.said("standby");
    // Both are up before there is anything to send: the leader's next ticks find the groups.
    const chats = await subscribe(store.db, groups);
    const startedAt = Date.now();
    await until(() => fake.accepted.length >= groups / 2, 120_000);
    a.child.kill("SIGKILL");
    const killedAfter = fake.accepted.length;
    const killedAt = performance.now();
    await b.said("leading");
    const takeoverSeconds = (performance.now() - killedAt) / 1000;
    // Done when every group's row for today is settled — sent, failed, or in doubt with the dead
    // leader (its request in flight at the kill) — and the posts stopped (a double would arrive then).
    // A row still waiting (a 429's retry) or posting by the standby is not done yet.
    for (const end = Date.now() + 300_000; ; ) {
      const row = await store.db.get<{ n: number | string }>(
        `SELECT COUNT(*) AS n FROM "BriefingLedger" WHERE "day" = '2026-11-24'
           AND ("status" IN ('sent', 'failed', 'skipped') OR ("claimedBy" = 'a' AND "status" IN ('posting', 'posting-chart', 'claimed')))`,
      );
      if (Number(row?.n) >= groups || Date.now() > end) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    let posted = -1;
    while (posted !== fake.accepted.length) {
      posted = fake.accepted.length;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const seconds = (fake.accepted.at(-1)?.at ?? Date.now()) / 1000 - startedAt / 1000;
    const counts = fake.countsByChat();
    const doubtRows = await store.db.all<{ groupId: string }>(
      `SELECT "groupId" FROM "BriefingLedger" WHERE "day" = '2026-11-24' AND "claimedBy" = 'a'
         AND "status" IN ('posting', 'posting-chart', 'claimed')`,
    );
    const inDoubt = new Set(doubtRows.map((r) => r.groupId.slice("telegram:".length)));
    const lost = chats.filter((c) => (counts.get(c) ?? 0) === 0);
    const result: InstancesBenchResult = {
      store: store.kind,
      groups,
      killedAfter,
      seconds: round(seconds),
      takeoverSeconds: round(takeoverSeconds),
      lost: lost.length,
      doubled: chats.filter((c) => (counts.get(c) ?? 0) > 1).length,
      inDoubt: inDoubt.size,
      lostNotInDoubt: lost.filter((c) => !inDoubt.has(c)).length,
    };
    console.log(
      `${store.kind}: ${groups} groups from two instances, the leader killed (SIGKILL) after ${killedAfter} posts; the standby took over in ${result.takeoverSeconds} s; all posted in ${result.seconds} s (floor ${round(groups / TELEGRAM_RULES.globalPerSecond)} s); lost: ${result.lost} (not in doubt: ${result.lostNotInDoubt}; left in doubt by the leader: ${result.inDoubt}); twice: ${result.doubled}; load average ${loadavg()[0]?.toFixed(1)}`,
    );
    return result;
  } finally {
    a.child.kill("SIGKILL");
    b?.child.kill("SIGKILL");
    await fake.close();
  }
}

export async function benchBriefingInstances(groups = 1000): Promise<InstancesBenchResult[]> {
  const results: InstancesBenchResult[] = [];
  const sqlite = await sqliteStore();
  try {
    results.push(await runOn(sqlite, groups));
  } finally {
    await sqlite.close();
  }
  const server = postgresServer();
  if (!server) {
    console.log("postgres: skipped (no BENCH_POSTGRES_URL and no PostgreSQL binaries to start a cluster)");
    return results;
  }
  try {
    const store = await postgresStore(server.url);
    try {
      results.push(await runOn(store, groups));
    } finally {
      await store.close();
    }
  } finally {
    server.stop();
  }
  return results;
}

const round = (n: number) => Math.round(n * 100) / 100;

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await benchBriefingInstances(Number(process.argv[2] ?? 1000));
}
