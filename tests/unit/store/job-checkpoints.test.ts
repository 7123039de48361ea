import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { JOB_AUTOCHECKPOINT_PAGES, withJobCheckpoints } from "../../../src/store/job-checkpoints.js";

const openWal = () => {
  const sql = new Database(join(mkdtempSync(join(tmpdir(), "retainbot-checkpoints-")), "s.db"));
  sql.pragma("journal_mode = WAL");
  return sql;
};
const autocheckpoint = (sql: Database.Database) => Number(sql.pragma("wal_autocheckpoint", { simple: true }));

it("runs the work with the job's autocheckpoint and puts the setting back, after a failure too", async () => {
  const sql = openWal();
  expect(withJobCheckpoints(sql, () => autocheckpoint(sql))).toBe(JOB_AUTOCHECKPOINT_PAGES);
  expect(autocheckpoint(sql)).toBe(1000);
  await expect(withJobCheckpoints(sql, async () => autocheckpoint(sql))).resolves.toBe(
    JOB_AUTOCHECKPOINT_PAGES,
  );
  expect(autocheckpoint(sql)).toBe(1000);
  expect(() =>
    withJobCheckpoints(sql, () => {
      throw new Error("page failed");
    }),
  ).toThrow("page failed");
  expect(autocheckpoint(sql)).toBe(1000);
  sql.close();
});

it("keeps the work's own error when the connection was closed meanwhile (shutdown)", async () => {
  const sql = openWal();
  expect(() =>
    withJobCheckpoints(sql, () => {
      sql.close();
      throw new Error("stopped at shutdown");
    }),
  ).toThrow("stopped at shutdown");
  const other = openWal();
  await expect(
    withJobCheckpoints(other, async () => {
      other.close();
      return "done";
    }),
  ).resolves.toBe("done");
});
