import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
// @ts-expect-error: a plain .mjs build script without type declarations
import { CUSTOMER_KEYED, postgresSchema, sourcePath } from "../../../scripts/postgres-schema.mjs";
import { postgresMigrationsDir } from "../../../src/store/postgres/migrate-postgres.js";

it("the PostgreSQL migrations bring a database to the current schema (else: npm run db:migration -- <name>)", () => {
  const derived = postgresSchema(readFileSync(sourcePath, "utf8"));
  const lastMigrated = readFileSync(join(postgresMigrationsDir, "schema.prisma"), "utf8");
  expect(lastMigrated).toBe(derived);
});

it("derives the PostgreSQL schema: the datasource, the client's folder and Citus's customer keys", () => {
  const source = readFileSync(sourcePath, "utf8");
  const derived: string = postgresSchema(source);
  expect(derived).toContain('provider = "postgresql"');
  expect(derived).toContain("src/generated/prisma-pg");
  const models = (text: string) => text.slice(text.indexOf("model ")).split(/\n(?=model )/);
  const [sourceModels, derivedModels] = [models(source), models(derived)];
  expect(derivedModels.length).toBe(sourceModels.length);
  const keyed = new Map<string, string>(CUSTOMER_KEYED);
  for (const [i, model] of derivedModels.entries()) {
    const name = /^model (\w+)/.exec(model)?.[1] as string;
    const column = keyed.get(name);
    if (column === undefined) expect(model).toBe(sourceModels[i]);
    else {
      // The autoincrement column stays; the key becomes (customerId, column).
      expect(model).toMatch(new RegExp(`\\n  ${column}\\s+Int\\s+@default\\(autoincrement\\(\\)\\)\\n`));
      expect(model).toContain(`@@id([customerId, ${column}])`);
      // … and nothing else changes.
      const normal = (text: string) => text.replace(/\s+/g, " ");
      expect(normal(model.replace(`@@id([customerId, ${column}])`, ""))).toBe(
        normal((sourceModels[i] as string).replace(" @id @default", " @default")),
      );
    }
  }
  expect(keyed.size).toBe(5);
  expect(() => postgresSchema(source.replace('provider = "sqlite"', 'provider = "mysql"'))).toThrow(
    /prisma\/schema\.prisma/,
  );
});
