import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { instanceLocks, Leadership } from "../../../src/store/instance-lock.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";
import { projectRoot } from "../../setup/template-db.js";

const children: ChildProcess[] = [];
const stores: TestStore[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const store of stores.splice(0)) await store.close();
});

/** Another process that takes the lock `name` of the store at `url` and keeps it until it dies. */
function holderProcess(url: string, name: string): Promise<ChildProcess> {
  const module = join(projectRoot, "src/store/instance-lock.ts");
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "-e",
      `import(${JSON.stringify(module)}).then(async (m) => {
         const held = await m.instanceLocks(process.argv[1])(process.argv[2]);
         console.log(held ? "held" : "busy");
         setInterval(() => {}, 1000);
       })`,
      url,
      name,
    ],
    { cwd: projectRoot, stdio: ["ignore", "pipe", "inherit"] },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) =>
      d.toString().includes("held") ? resolve(child) : reject(new Error(d.toString())),
    );
    child.on("exit", (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

async function eventually<T>(attempt: () => Promise<T | null>, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error("not in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(eachStore)("instance locks on $name", (kind) => {
  it("one holder at a time; released by release(), and by the holder's death (SIGKILL)", async () => {
    const store = await kind.open();
    stores.push(store);
    const take = instanceLocks(store.url);

    const first = await take("daily-warnings");
    expect(first?.held()).toBe(true);
    expect(await take("daily-warnings")).toBeNull();
    expect(await take("briefing-scheduler")).not.toBeNull(); // another name is another lock
    await first?.release();
    expect(first?.held()).toBe(false);
    const again = await take("daily-warnings");
    expect(again).not.toBeNull();
    await again?.release();

    const holder = await holderProcess(store.url, "daily-warnings");
    expect(await take("daily-warnings")).toBeNull();
    holder.kill("SIGKILL");
    const taken = await eventually(() => take("daily-warnings"));
    expect(taken.held()).toBe(true);
    await taken.release();
  }, 60_000);

  it("a standby takes the lead after the leader releases it", async () => {
    const store = await kind.open();
    stores.push(store);
    const a = new Leadership(instanceLocks(store.url), "briefing-scheduler");
    const b = new Leadership(instanceLocks(store.url), "briefing-scheduler");
    expect(await a.hold()).toBe(true);
    expect(await b.hold()).toBe(false);
    expect(await a.hold()).toBe(true); // keeps what it holds
    await a.release();
    expect(await b.hold()).toBe(true);
    expect(await a.hold()).toBe(false);
    await b.release();
  }, 30_000);
});

describe.each(eachStore.filter((k) => k.name === "postgres"))("PostgreSQL advisory locks", (kind) => {
  it("a holder whose connection is cut learns it from held() and takes the lock again", async () => {
    const store = await kind.open();
    stores.push(store);
    const leader = new Leadership(instanceLocks(store.url), "daily-churn");
    expect(await leader.hold()).toBe(true);
    const admin = new pg.Client({ connectionString: store.url });
    await admin.connect();
    const holders = async () =>
      (
        await admin.query<{ pid: number }>(
          `SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'retainbot lock daily-churn'`,
        )
      ).rows.map((r) => r.pid);
    const [before] = await holders();
    expect(before).toBeDefined();
    await admin.query("SELECT pg_terminate_backend($1)", [before]);
    // The lock went with the connection; the leader notices and takes it again on a new one.
    const after = await eventually(async () => {
      if (!(await leader.hold())) return null;
      const now = await holders();
      return now.length === 1 && now[0] !== before ? now[0] : null;
    });
    expect(after).not.toBe(before);
    await admin.end();
    await leader.release();
  }, 30_000);
});
