import type { Messages } from "./messages.js";

export const en = {
  help: {
    title: "RetainBot · help",
    intro:
      "I help customer managers find who is at risk of leaving today, remind you when to care for customers, and suggest what to say. Ask in plain words or use a command:",
    commandLine: (usage, description) => `${usage} — ${description}`,
    examplesTitle: "Try:",
    examples: [
      "who is at risk today",
      "/risk 5",
      "/care",
      "/customer C0000002",
      "/objection the price is too high",
    ],
  },
  access: {
    unknownUser:
      "Sorry, I don't know you yet. Ask your administrator to register your chat account in the managers list, or bind it with /bind <employee id> <code>.",
    unknownConsoleUser: (id) =>
      `The console speaks as employee id "${id}", which is not in the managers list. Import the managers (npm run cli -- import <file> --kind managers) or load the demo (npm run cli -- demo), or set RETAINBOT_CONSOLE_USER to an existing id.`,
    unboundGroup:
      "This group is not bound to a team yet, so I can't answer here. A team lead can bind it with /bindgroup.",
    leadsOnly: "Only team leads can use this command.",
  },
  aside: (text, detail) => `${text} (${detail})`,
  labelled: (label, text) => `${label}: ${text}`,
  withDetails: (head, details) => [head, ...details].join(" · "),
  unknownCommand: (text) =>
    text === ""
      ? "Type a question or a command. Send help to see what I can do."
      : `I didn't understand "${text}". Send help to see what I can do.`,
  consoleBanner: (id) => `RetainBot · console chat as ${id} (type help, or exit to quit)`,
  internalError:
    "Something went wrong. Please try again later; if it keeps happening, tell your administrator.",
  sqliteOnly:
    "In this version this works on the SQLite store only, not yet on the PostgreSQL store this bot uses; the other commands are not affected.",
} satisfies Messages;
