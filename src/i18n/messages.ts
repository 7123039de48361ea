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
    unboundGroup: string;
    leadsOnly: string;
  };
  unknownCommand(text: string): string;
  internalError: string;
  /** A command whose path still needs the SQLite store, asked on PostgreSQL. */
  sqliteOnly: string;
}
