#!/usr/bin/env node
// Derives the PostgreSQL schema from prisma/schema.prisma, the one schema source: the same models
// with the datasource switched to PostgreSQL and the client generated to src/generated/prisma-pg.
// The result (prisma/postgres/schema.prisma) is never edited by hand; it is rewritten on every
// `npm run db:generate` and `npm run db:migration`.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const sourcePath = resolve(root, "prisma/schema.prisma");
export const postgresSchemaPath = resolve(root, "prisma/postgres/schema.prisma");

/**
 * Tables keyed by an autoincrement column alone that Citus distributes by `customerId`: Citus
 * needs the distribution column in every primary key, so on PostgreSQL their key is
 * (`customerId`, column). SQLite keeps the single-column key (its AUTOINCREMENT needs one).
 */
export const CUSTOMER_KEYED = [
  ["Event", "id"],
  ["Outcome", "id"],
  ["AuditLog", "id"],
  ["UsageChange", "seq"],
  ["WarningInputChange", "seq"],
];

/** The model's autoincrement key moved into a (customerId, key) primary key. */
function customerKeyed(text, model, column) {
  const block = new RegExp(
    `(model ${model} \\{[^}]*?)\\b${column}(\\s+)Int(\\s+)@id @default\\(autoincrement\\(\\)\\)([^}]*)\\}`,
  );
  if (!block.test(text))
    throw new Error(`prisma/schema.prisma: expected ${model}.${column} Int @id @default(autoincrement())`);
  return text.replace(
    block,
    (_all, head, gap, gap2, tail) =>
      `${head}${column}${gap}Int${gap2}@default(autoincrement())${tail.trimEnd()}\n${tail.includes("@@") ? "" : "\n"}  @@id([customerId, ${column}])\n}`,
  );
}

/** The PostgreSQL twin of the SQLite schema text. Throws when the source no longer has the expected blocks. */
export function postgresSchema(source) {
  const replacements = [
    [/provider\s*=\s*"sqlite"/, 'provider = "postgresql"'],
    [
      /url\s*=\s*"file:[^"]*"[^\n]*/,
      'url      = "postgresql://localhost/retainbot" // required by the validator; the driver adapter\'s URL wins',
    ],
    [/output\s*=\s*"\.\.\/src\/generated\/prisma"/, 'output     = "../../src/generated/prisma-pg"'],
  ];
  let text = source;
  for (const [pattern, replacement] of replacements) {
    if (!pattern.test(text))
      throw new Error(`prisma/schema.prisma: expected ${pattern} (the PostgreSQL schema is derived from it)`);
    text = text.replace(pattern, replacement);
  }
  for (const [model, column] of CUSTOMER_KEYED) text = customerKeyed(text, model, column);
  return `// GENERATED from prisma/schema.prisma by scripts/postgres-schema.mjs: edit that file instead.\n${text}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(dirname(postgresSchemaPath), { recursive: true });
  writeFileSync(postgresSchemaPath, postgresSchema(readFileSync(sourcePath, "utf8")));
}
