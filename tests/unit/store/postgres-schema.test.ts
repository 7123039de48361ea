import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
// @ts-expect-error: a plain .mjs build script without type declarations
import { postgresSchema, sourcePath } from "../../../scripts/postgres-schema.mjs";
import { postgresMigrationsDir } from "../../../src/store/postgres/migrate-postgres.js";

it("the PostgreSQL migrations bring a database to the current schema (else: npm run db:migration -- <name>)", () => {
  const derived = postgresSchema(readFileSync(sourcePath, "utf8"));
  const lastMigrated = readFileSync(join(postgresMigrationsDir, "schema.prisma"), "utf8");
  expect(lastMigrated).toBe(derived);
});

it("derives the PostgreSQL schema by switching only the datasource and the client's folder", () => {
  const source = readFileSync(sourcePath, "utf8");
  const derived: string = postgresSchema(source);
  expect(derived).toContain('provider = "postgresql"');
  expect(derived).toContain("src/generated/prisma-pg");
  const models = (text: string) => text.slice(text.indexOf("model "));
  expect(models(derived)).toBe(models(source));
  expect(() => postgresSchema(source.replace('provider = "sqlite"', 'provider = "mysql"'))).toThrow(
    /prisma\/schema\.prisma/,
  );
});
