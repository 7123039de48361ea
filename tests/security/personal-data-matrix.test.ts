/**
 * The personal-data matrix: every command × DM / own group / other team's group × manager / lead /
 * stranger, through the command layer every adapter uses. Each cell says whether the command may
 * answer there (or which refusal it gets) and checks what the answer shows:
 * - phones are always masked; nobody sees another team's customers, a manager not a colleague's;
 * - what a group reads (any reply not sent privately) holds no full name and nothing of a note;
 * - a stranger sees no customer at all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { askOnTelegram, CUSTOMERS, NOTE_SECRETS, twoTeamApp } from "./fixture.js";

type Place = "dm" | "own group" | "other team's group";
type Actor = "manager" | "lead" | "stranger";

const COMMANDS = {
  help: "/help",
  bind: "/bind M002 1234567890",
  bindgroup: "/bindgroup",
  brief: "/brief now",
  track: "/track C01",
  risk: "/risk",
  care: "/care",
  customer: "/customer C01",
  done: "/done C04 contacted 客户说改打13700001111",
  team: "/team",
  objection: "/objection 资费太贵",
  // The file's own content (full phones of the asker's own customers only) is checked in
  // tests/integration/exports/export-xlsx.test.ts; here: refused in groups, private in DMs.
  export: "/export risk",
} as const;
type CommandName = keyof typeof COMMANDS;

/** "ok", or the refusal's error code; `personal` answers go to the asker privately. */
interface Expected {
  outcome: "ok" | string;
  personal?: boolean;
}

const PUBLIC = new Set<CommandName>(["help", "bind"]);

function expected(command: CommandName, place: Place, actor: Actor): Expected {
  if (command === "help") return { outcome: "ok" };
  if (command === "bind") return { outcome: place === "dm" ? "bind_invalid_code" : "bind_in_group" };
  if (!PUBLIC.has(command) && actor === "stranger") return { outcome: "unknown_user" };
  if (command === "bindgroup") {
    if (place === "dm") return { outcome: "not_in_group" };
    if (actor !== "lead") return { outcome: "leads_only" };
    return { outcome: place === "own group" ? "ok" : "bound_elsewhere" };
  }
  if (place === "other team's group") return { outcome: "not_group_member" };
  const inGroup = place === "own group";
  switch (command) {
    case "brief":
      return { outcome: inGroup ? "ok" : "group_only" };
    case "team":
      return { outcome: actor === "lead" ? "ok" : "leads_only" };
    case "track":
    case "customer":
      return { outcome: "ok", personal: true };
    case "export":
      return inGroup ? { outcome: "private_only" } : { outcome: "ok", personal: true };
    default:
      return { outcome: "ok" };
  }
}

const ASKER: Record<Actor, "manager" | "lead" | "stranger"> = {
  manager: "manager",
  lead: "lead",
  stranger: "stranger",
};
const CHAT: Record<Place, "dm" | "T01" | "T02"> = {
  dm: "dm",
  "own group": "T01",
  "other team's group": "T02",
};

/** Customers each asker may ever see (the manager M002 their own; T01's lead the team's). */
const VISIBLE: Record<Actor, string[]> = {
  manager: ["C01", "C04"],
  lead: ["C01", "C02", "C04"],
  stranger: [],
};

const cells = (Object.keys(COMMANDS) as CommandName[]).flatMap((command) =>
  (["dm", "own group", "other team's group"] as Place[]).flatMap((place) =>
    (["manager", "lead", "stranger"] as Actor[]).map((actor) => ({ command, place, actor })),
  ),
);

let app: App;
beforeAll(async () => {
  app = await twoTeamApp();
  await app.knowledge.index();
}, 60_000);
afterAll(async () => {
  await app.store.close();
});

describe("personal-data matrix", () => {
  // Generous timeout: a briefing preview renders a chart, slow on a busy machine.
  it.each(cells)("$command in $place as $actor", { timeout: 60_000 }, async ({ command, place, actor }) => {
    const want = expected(command, place, actor);
    const { reply, shown } = await askOnTelegram(app, ASKER[actor], COMMANDS[command], CHAT[place]);
    expect(reply.errorCode ?? "ok", shown).toBe(want.outcome);
    expect(Boolean(reply.personal), shown).toBe(Boolean(want.personal));

    // Phones are masked everywhere, for everyone.
    for (const c of Object.values(CUSTOMERS)) expect(shown).not.toContain(c.phone);
    // Nobody sees a customer outside their reach (by id or by name).
    for (const [id, c] of Object.entries(CUSTOMERS)) {
      if (VISIBLE[actor].includes(id)) continue;
      expect(shown).not.toMatch(new RegExp(`\\b${id}\\b`));
      expect(shown).not.toContain(c.name);
    }
    // What a group reads: no full name, nothing of a note.
    if (place !== "dm" && !reply.personal) {
      for (const c of Object.values(CUSTOMERS)) expect(shown).not.toContain(c.name);
      for (const secret of [...NOTE_SECRETS, "13700001111"]) expect(shown).not.toContain(secret);
    }
  });

  it("shows notes in a manager's own private view", async () => {
    const { shown } = await askOnTelegram(app, "manager", "/customer C01", "dm");
    expect(shown).toContain(NOTE_SECRETS[0]);
    const risk = await askOnTelegram(app, "manager", "/risk", "dm");
    expect(risk.shown).toContain("王建国");
    expect(risk.shown).toContain(NOTE_SECRETS[0]);
  });

  it("lists the risk customers in the own group, masked and without notes", async () => {
    const { reply, shown } = await askOnTelegram(app, "lead", "/risk", "T01");
    expect(reply.errorCode).toBeUndefined();
    expect(shown).toContain("王**");
    expect(shown).toContain("138****8001");
    expect(shown).not.toContain("改打");
  });
});
