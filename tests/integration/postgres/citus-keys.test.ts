/**
 * What Citus requires of the schema before `create_distributed_table` can run on it, read from the
 * catalogue of a database the committed migrations built (docs/postgresql.md, "Beyond one database
 * server"): the distribution column is NOT NULL and in every primary key and unique index of a
 * distributed table; a foreign key between two distributed tables links their customer columns;
 * no reference table points at a distributed one.
 */
import { expect, it } from "vitest";
import {
  DISTRIBUTED_TABLES,
  distributionColumn,
  REFERENCE_TABLES,
} from "../../../src/store/postgres/distribution.js";
import { describePostgres, scratchDatabases, withPostgresClient } from "../../setup/postgres.js";

const distributed = new Set<string>(DISTRIBUTED_TABLES);
const reference = new Set<string>(REFERENCE_TABLES);

describePostgres("the migrated PostgreSQL schema distributes with Citus", () => {
  const scratch = scratchDatabases();

  it("keys and links every distributed table by its customer column", async () => {
    const db = await scratch({ migrated: true });
    const { columns, uniques, foreignKeys } = await withPostgresClient(db.url, async (client) => {
      const columns = await client.query<{ table: string; column: string; notNull: boolean }>(
        `SELECT c.relname AS "table", a.attname AS "column", a.attnotnull AS "notNull"
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`,
      );
      // Unique indexes of the tables themselves (a partition's follow its parent's).
      const uniques = await client.query<{ table: string; index: string; columns: string[] }>(
        `SELECT t.relname AS "table", i.relname AS "index",
           array(SELECT a.attname::text FROM unnest(x.indkey) k JOIN pg_attribute a
                 ON a.attrelid = t.oid AND a.attnum = k) AS columns
         FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = 'public' AND x.indisunique AND NOT t.relispartition`,
      );
      const foreignKeys = await client.query<{
        from: string;
        to: string;
        fromColumns: string[];
        toColumns: string[];
      }>(
        `SELECT f.relname AS "from", r.relname AS "to",
           array(SELECT a.attname::text FROM unnest(k.conkey) c JOIN pg_attribute a ON a.attrelid = f.oid AND a.attnum = c) AS "fromColumns",
           array(SELECT a.attname::text FROM unnest(k.confkey) c JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = c) AS "toColumns"
         FROM pg_constraint k JOIN pg_class f ON f.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
         JOIN pg_namespace n ON n.oid = f.relnamespace
         WHERE n.nspname = 'public' AND k.contype = 'f' AND NOT f.relispartition AND k.conparentid = 0`,
      );
      return { columns: columns.rows, uniques: uniques.rows, foreignKeys: foreignKeys.rows };
    });

    const nullable = DISTRIBUTED_TABLES.filter(
      (table) => !columns.find((c) => c.table === table && c.column === distributionColumn(table))?.notNull,
    );
    expect(nullable, "distribution columns that may be NULL").toEqual([]);

    expect(uniques.some((u) => u.table === "Event")).toBe(true); // the catalogue query reads them
    const unkeyed = uniques
      .filter((u) => distributed.has(u.table) && !u.columns.includes(distributionColumn(u.table)))
      .map((u) => `${u.index} (${u.columns.join(", ")})`);
    expect(unkeyed, "unique keys of distributed tables without the distribution column").toEqual([]);

    expect(foreignKeys.length).toBeGreaterThan(0);
    const crossShard = foreignKeys
      .filter((k) => distributed.has(k.from) && distributed.has(k.to))
      .filter((k) => {
        const at = k.fromColumns.indexOf(distributionColumn(k.from));
        return at < 0 || k.toColumns[at] !== distributionColumn(k.to);
      })
      .map((k) => `${k.from}(${k.fromColumns.join(", ")}) → ${k.to}(${k.toColumns.join(", ")})`);
    expect(crossShard, "foreign keys between distributed tables not on the customer").toEqual([]);
    const referenceToDistributed = foreignKeys
      .filter((k) => reference.has(k.from) && distributed.has(k.to))
      .map((k) => `${k.from} → ${k.to}`);
    expect(referenceToDistributed, "reference tables pointing at distributed ones").toEqual([]);
  });
});
