import { createRequire } from "node:module";
import type pgModule from "pg";

const require = createRequire(import.meta.url);

/** `pg`, loaded on first use: a SQLite store never pays for it (about 60 ms at start-up). */
export const loadPg = (): typeof pgModule => require("pg") as typeof pgModule;
