/** Core user-facing messages; feature areas keep their own catalogues beside this one. */
export interface Messages {
  help: {
    title: string;
    intro: string;
    commandLine(usage: string, description: string): string;
    examplesTitle: string;
    examples: string[];
  };
  access: {
    unknownUser: string;
    /** The console speaks as an employee id the store does not have (no managers yet, or a typo). */
    unknownConsoleUser(managerId: string): string;
    unboundGroup: string;
    leadsOnly: string;
  };
  /** A name with a detail beside it: full-width brackets in Chinese, plain ones in English. */
  aside(text: string, detail: string): string;
  /** A name (with its aside) followed by details: "王建国（138****8001）· 金卡 · …". */
  withDetails(head: string, details: readonly string[]): string;
  /** A label and what it says ("话费突减：…", "Spend drop: …"). */
  labelled(label: string, text: string): string;
  /** What was not understood, echoed back; an empty message gets a prompt instead. */
  unknownCommand(text: string): string;
  /** Printed once when the console chat starts in a terminal. */
  consoleBanner(managerId: string): string;
  internalError: string;
  /** A command whose path still needs the SQLite store, asked on PostgreSQL. */
  sqliteOnly: string;
}
