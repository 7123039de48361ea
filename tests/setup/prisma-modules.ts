/**
 * The store loads the Prisma client on first use with `require` (src/store/database.ts), which
 * cannot load TypeScript under vitest: hand it the modules vitest has compiled instead.
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../../src/generated/prisma/client.js";
import { providePrismaModules } from "../../src/store/database.js";

providePrismaModules({ PrismaClient, PrismaBetterSQLite3 });
