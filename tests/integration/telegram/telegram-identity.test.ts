import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChatAdapter } from "../../../src/adapters/chat-adapter.js";
import type { App } from "../../../src/app.js";
import { FakeTelegramApi } from "../../fakes/telegram-api.js";
import { runCli } from "../../setup/run-cli.js";
import { createTestApp } from "../../setup/test-app.js";
import { commandHandler, telegramAdapter, textUpdate } from "./telegram-harness.js";

const LEAD = 555;
const MANAGER = 556;
const NEWCOMER = 777;
const GROUP = -1003;

let app: App;
let fake: FakeTelegramApi;
let adapter: ChatAdapter;

beforeEach(async () => {
  app = createTestApp({ asOf: "2026-11-23" });
  const p = app.store.prisma;
  await p.team.create({ data: { id: "T1", name: "城东一组" } });
  await p.manager.create({
    data: { id: "M001", name: "李娜", teamId: "T1", role: "lead", telegramUserId: "555" },
  });
  await p.manager.create({ data: { id: "M002", name: "张伟", teamId: "T1", telegramUserId: "556" } });
  await p.manager.create({ data: { id: "M003", name: "赵敏", teamId: "T1" } });
  fake = await FakeTelegramApi.start();
  adapter = telegramAdapter(fake, commandHandler(app), app);
  await adapter.start();
});
afterEach(async () => {
  await adapter.stop();
  await fake.close();
  await app.store.close();
});

const cli = (...args: string[]) => runCli(["--db", app.store.path, "--as-of", "2026-11-23", ...args]);
const lastTextTo = async (chatId: number, count: number) =>
  String((await fake.waitFor("sendMessage", (p) => p.chat_id === chatId, count))[count - 1]?.payload.text);

describe("Telegram identity", () => {
  it("binds a new chat account with a code from the invite CLI", { timeout: 90_000 }, async () => {
    const invite = await cli("invite", "M003");
    expect(invite.code, invite.stderr).toBe(0);
    const code = /: (\d{5}-\d{5})\n/.exec(invite.stdout)?.[1];
    expect(code).toBeDefined();
    expect(invite.stdout).toMatch(/Expires: 2026-11-24 12:00 Asia\/Shanghai/);

    fake.pushUpdate(textUpdate({ fromId: NEWCOMER, text: "/help@retain_test_bot 什么" }));
    fake.pushUpdate(textUpdate({ fromId: NEWCOMER, text: `/bind M003 ${code}` }));
    expect(await lastTextTo(NEWCOMER, 2)).toContain("绑定成功：赵敏");
    expect((await app.store.prisma.manager.findUnique({ where: { id: "M003" } }))?.telegramUserId).toBe(
      String(NEWCOMER),
    );
    fake.pushUpdate(textUpdate({ fromId: NEWCOMER, text: "没有这个命令" }));
    expect(await lastTextTo(NEWCOMER, 3)).toContain("没听懂");
  });

  it("rejects an unknown manager in the invite CLI", { timeout: 90_000 }, async () => {
    const invite = await cli("invite", "M999");
    expect(invite.code).toBe(1);
    expect(invite.stderr).toContain("No manager with id M999");
  });

  it("lets a lead bind a group with /bindgroup and refuses a manager", async () => {
    fake.pushUpdate(textUpdate({ fromId: MANAGER, chatId: GROUP, text: "/bindgroup" }));
    expect(await lastTextTo(GROUP, 1)).toBe("该命令仅限团队长使用。");
    fake.pushUpdate(textUpdate({ fromId: LEAD, chatId: GROUP, text: "/bindgroup@retain_test_bot" }));
    expect(await lastTextTo(GROUP, 2)).toContain("本群已绑定到团队“城东一组”");
    fake.pushUpdate(textUpdate({ fromId: MANAGER, chatId: GROUP, text: "@retain_test_bot 没有这个命令" }));
    expect(await lastTextTo(GROUP, 3)).toContain("没听懂");
  });

  it("binds a group from the bind-group CLI", { timeout: 90_000 }, async () => {
    fake.pushUpdate(textUpdate({ fromId: MANAGER, chatId: GROUP, text: "/nope" }));
    expect(await lastTextTo(GROUP, 1)).toContain("尚未绑定");
    const run = await cli("bind-group", `telegram:${GROUP}`, "--team", "T1");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`telegram:${GROUP} is bound to team T1 (城东一组)`);
    fake.pushUpdate(textUpdate({ fromId: MANAGER, chatId: GROUP, text: "/nope" }));
    expect(await lastTextTo(GROUP, 2)).toContain("没听懂");
    const bad = await cli("bind-group", "whatsapp:1", "--team", "T1");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("telegram:<chat id>");
  });
});
