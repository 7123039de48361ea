import type { NoChurnScoreWhy, RiskCommandMessages } from "./risk-commands-messages.js";

/** Why the churn model gave no scores, in words (the risk list and the customer view). */
const noScoreWhy = (why: NoChurnScoreWhy, leavers?: number) =>
  why === "no_model"
    ? "no churn model has been trained yet (npm run cli -- model train)"
    : why === "too_few_leavers"
      ? `too few customers left in the history (${leavers ?? 0}) to train a churn model`
      : why === "model_invalid"
        ? "the churn model is damaged; train it again (npm run cli -- model train)"
        : "the churn model has not scored today's customers yet";

const s = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export const riskCommandsEn = {
  risk: {
    heading: (day, total, shown) =>
      `Customers at risk today (${day}, ${total} in all${total > shown ? `, top ${shown} shown` : ""})`,
    none: (day) => `No customers at risk to follow up today (${day}).`,
    earlierDay: (day, listDay) =>
      `Today's list (${day}) is still being computed: showing the list of ${listDay} (follow-up as of today).`,
    hidden: (handled, snoozed, dnc) =>
      [
        handled > 0 ? `${handled} handled today` : "",
        snoozed > 0 ? `${snoozed} snoozed` : "",
        dnc > 0 ? `${dnc} not worth chasing (send /risk all to see them)` : "",
      ]
        .filter(Boolean)
        .join("; "),
    doNotChaseHeading: "Not worth chasing (persistent arrears or very low value)",
    usage: (max) =>
      `Usage: /risk [N] [all], N a whole number from 1 to ${max}, e.g. /risk 5; add all to include customers not worth chasing.`,
    rulesOnly: (why, leavers) => `Today's order is by the rules only: ${noScoreWhy(why, leavers)}.`,
  },
  entry: {
    title: (rank, name, phone, details) => `${rank}. ${name} (${phone}) · ${details.join(" · ")}`,
    reason: (level, title, evidence) => `[${level}] ${title}: ${evidence}`,
    action: (text) => `Suggested: ${text}`,
    priority: (text) => `Priority ${text}`,
    churn: (percent, reasons) => `Churn probability ${percent}${reasons ? `: ${reasons}` : ""}`,
    modelOnly: "No rule raised a warning; the churn model rates the risk high: worth a courtesy call",
    lastOutcome: (day, kind, note) => `Last action: ${day} ${kind}${note ? ` (${note})` : ""}`,
    noOutcome: "Nothing logged yet",
    newSince: (titles) => `New since the snooze: ${titles}`,
    doNotChase: (text) => `Not worth chasing: ${text}`,
    arpu: (yuan) => `ARPU ${yuan}`,
    buttonContacted: "Contacted",
    buttonRetained: "Retained",
    buttonLost: "Lost",
    buttonSnooze: "Later (7 days)",
    buttonTrack: "Talk track",
    typed: { contacted: "contacted", retained: "retained", lost: "lost", snooze: "snooze" },
  },
  care: {
    heading: (day, lookahead, total, shown) =>
      `Care reminders (${s(lookahead + 1, "day")} from ${day}, ${s(total, "customer")}${total > shown ? `, top ${shown} shown` : ""})`,
    none: (day) => `No care reminders in the days from ${day}.`,
    line: (title, detail, action) => `${title}: ${detail}. Suggested: ${action}`,
    usage: (max) => `Usage: /care [N], N a whole number from 1 to ${max}, e.g. /care 10.`,
  },
  customer: {
    usage: "Usage: /customer <customer id or name>",
    notFound: (q) => `No customer of yours matches "${q}".`,
    ambiguous: (q) => `Several customers match "${q}"; ask again with the id:`,
    profile: {
      id: "Customer id",
      joined: "Joined",
      contractEnd: "Contract end date", // past or future: the card shows it either way
      birthday: "Birthday",
      lunar: "lunar",
      status: "Status",
      points: "Points",
      personality: "Personality",
      signalsTitle: "Current warnings",
      noSignals: "No warnings now",
      careTitle: "Care coming up",
      historyTitle: "History",
      noHistory: "Nothing logged yet",
      churnScoredOn: (day) => ` (scored on ${day})`,
      noChurnScore: (why, leavers) =>
        `Churn probability: none, rules only: ${
          why === "customer_not_scored"
            ? "this customer has no churn score (only customers active that day are scored)"
            : noScoreWhy(why, leavers)
        }`,
    },
    statuses: { active: "active", suspended: "suspended (number kept)", left: "left" },
  },
  done: {
    usage: "Usage: /done <customer id> contacted|retained|lost <reason>|unreachable|snooze <days> [note]",
    lostNeedsReason:
      "Say why the customer was lost, e.g. /done C0000002 lost moved to a cheaper plan elsewhere",
    badSnooze: "Snooze for a whole number of days from 1 to 365, e.g. /done C0000002 snooze 7",
    saved: (name, kind, until) => `Logged: ${name} ${kind}${until ? `, back on the list ${until}` : ""}.`,
  },
  outcomeKinds: {
    contacted: "contacted",
    retained: "retained",
    lost: "lost",
    unreachable: "unreachable",
    snoozed: "snoozed",
  },
  team: {
    heading: (team, day) => `${team} today (${day})`,
    manager: (name, id, open, l1, handled, o1, o2) =>
      `${name} (${id}): ${open} to follow up (${l1} level 1), ${handled} handled today, overdue: ${o1} level 1, ${o2} level 2`,
    overdue: (name, phone, level, title, raisedDay, hours) =>
      `⚠ ${name} (${phone}) ${level} "${title}" since ${raisedDay}, ${s(hours, "hour")} overdue`,
    noneOverdue: "Nothing overdue.",
  },
} satisfies RiskCommandMessages;
