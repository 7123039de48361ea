/** Robots cannot type /bindgroup or /brief: operators bind them, with a schedule, from the CLI. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { runCli } from "../../setup/run-cli.js";
import { createTestApp } from "../../setup/test-app.js";

let app: App;
beforeEach(async () => {
  app = createTestApp();
  await app.store.prisma.team.create({ data: { id: "T1", name: "城东一组" } });
});
afterEach(async () => {
  await app.store.close();
});
const cli = (...args: string[]) => runCli(["--db", app.store.path, "--as-of", "2026-11-23", ...args]);

describe("bind-group for WeCom and DingTalk robots", () => {
  it("binds a WeCom robot key with a briefing time, and a DingTalk robot with its secret", {
    timeout: 90_000,
  }, async () => {
    const wecom = await cli("bind-group", "wecom:robot-key-1", "--team", "T1", "--brief-time", "08:30");
    expect(wecom.code, wecom.stderr).toBe(0);
    expect(wecom.stdout).toContain("wecom:robot-key-1 is bound to team T1");
    const dingtalk = await cli("bind-group", "dingtalk:tok-9", "--team", "T1", "--secret", "SECabc");
    expect(dingtalk.code, dingtalk.stderr).toBe(0);
    const groups = await app.store.prisma.chatGroup.findMany({ orderBy: { id: "asc" } });
    expect(groups.map((g) => [g.id, g.teamId, g.briefTime, g.webhookSecret])).toEqual([
      ["dingtalk:tok-9", "T1", null, "SECabc"],
      ["wecom:robot-key-1", "T1", "08:30", null],
    ]);
  });
});
