/**
 * The demo's teams and managers. Fixed (not drawn from the seed) so that `--user console:M001`, the
 * README and tests can name them whatever seed the customers came from. The chat identities are
 * fake but well-formed, so the Telegram and Slack adapters can be tried against fakes.
 */

export interface DemoTeam {
  id: string;
  name: string;
}

export interface DemoManager {
  id: string;
  name: string;
  teamId: string;
  role: "manager" | "lead";
  telegramUserId: string;
  slackUserId: string;
}

export const DEMO_TEAMS: readonly DemoTeam[] = [
  { id: "T01", name: "城东维系组" },
  { id: "T02", name: "城西维系组" },
  { id: "T03", name: "政企客户组" },
];

const MANAGER_NAMES = [
  ["王丽华", "陈志强", "刘敏", "张晓燕", "赵俊杰"],
  ["李建国", "杨静", "黄海涛", "周婷", "吴磊"],
  ["孙卫东", "徐慧", "马超", "朱红梅", "胡斌"],
] as const;

/** Five managers per team; the first of each team is its lead. Ids M001…M015. */
export const DEMO_MANAGERS: readonly DemoManager[] = DEMO_TEAMS.flatMap((team, t) =>
  MANAGER_NAMES[t]!.map((name, m) => {
    const n = t * MANAGER_NAMES[t]!.length + m + 1;
    const nn = String(n).padStart(3, "0");
    return {
      id: `M${nn}`,
      name,
      teamId: team.id,
      role: m === 0 ? "lead" : "manager",
      telegramUserId: String(7_100_000_000 + n),
      slackUserId: `U0DEMO${nn}`,
    } satisfies DemoManager;
  }),
);
