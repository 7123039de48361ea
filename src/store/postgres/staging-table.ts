/** The temporary table an import into PostgreSQL stages its rows in (./staged-import.ts), dropped at commit. */
export const STAGING = "retainbot_import_staging";

/** A double-quoted identifier (the schema's names are plain: no quote inside). */
export const q = (name: string) => `"${name}"`;
