/**
 * Churn models in the store (ChurnModel rows): saving a training outcome, and loading the newest
 * usable model. A row whose trees are missing or damaged is an error value naming why, so the risk
 * list falls back to rules only with a clear message instead of failing.
 */

import { CHURN_FEATURES } from "../../domain/churn-features.js";
import type { BoostedModel } from "../../model/gbdt/model.js";
import { parseModel, serialiseModel } from "../../model/gbdt/serialise.js";
import { err, ok, type Result } from "../../result.js";
import {
  type ChurnModelRow,
  churnModelRowById,
  insertChurnModel,
  latestChurnModelKey,
  latestChurnModelRowSqlite,
  latestTrainedAt,
  trainingsOfHoldoutDay,
} from "../../store/churn-models.js";
import type { SqliteDatabase } from "../../store/database.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import type { StoreTraining } from "./train-from-store.js";

export interface StoredChurnModel {
  version: string;
  trainedAt: string;
  holdoutDay: string;
  model: BoostedModel;
}

/** trainedAt as written here (ms) or by SQLite's CURRENT_TIMESTAMP ("YYYY-MM-DD HH:MM:SS", UTC). */
const instantMs = (at: number | string | Date) =>
  at instanceof Date
    ? at.getTime()
    : typeof at === "number"
      ? at
      : Number.isFinite(Number(at))
        ? Number(at)
        : Date.parse(`${at.replace(" ", "T")}Z`);

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** The metrics JSON a training row stores (non-finite numbers as null). */
const metricsJson = (h: StoreTraining["holdout"]) =>
  JSON.stringify({
    auc: finite(h.auc),
    gini: finite(h.gini),
    topDecileLift: finite(h.topDecileLift),
    rows: h.rows,
    leavers: h.leavers,
    baseRate: h.baseRate,
    meanProbability: finite(h.meanProbability),
  });

/** saveTraining on the SQL handle (the PostgreSQL store): the same row, the same version. */
export async function saveTrainingOn(db: SqlHandle, training: StoreTraining, now: Date): Promise<string> {
  const version = `${training.holdoutDay}#${(await trainingsOfHoldoutDay(db, training.holdoutDay)) + 1}`;
  await insertChurnModel(db, {
    version,
    trainedAt: now,
    dataFrom: training.dataFrom,
    dataTo: training.dataTo,
    holdoutDay: training.holdoutDay,
    rows: training.rows,
    leavers: training.leavers,
    metrics: metricsJson(training.holdout),
    model: training.model ? JSON.stringify(serialiseModel(training.model)) : null,
    note: training.status,
  });
  return version;
}

/** latestTrainingTime on the SQL handle. */
export async function latestTrainingTimeOn(db: SqlHandle): Promise<number | null> {
  const at = await latestTrainedAt(db);
  return at === undefined ? null : instantMs(at);
}

/** Saves the outcome (with or without a model); returns the version it was given. */
export function saveTraining(sql: SqliteDatabase, training: StoreTraining, now: Date): string {
  const n = sql
    .prepare(`SELECT COUNT(*) FROM "ChurnModel" WHERE "holdoutDay" = ?`)
    .pluck()
    .get(training.holdoutDay) as number;
  const version = `${training.holdoutDay}#${n + 1}`;
  const h = training.holdout;
  sql
    .prepare(
      `INSERT INTO "ChurnModel" ("version", "trainedAt", "dataFrom", "dataTo", "holdoutDay", "rows", "leavers", "metrics", "model", "note")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      version,
      now.getTime(),
      training.dataFrom,
      training.dataTo,
      training.holdoutDay,
      training.rows,
      training.leavers,
      metricsJson(h),
      training.model ? JSON.stringify(serialiseModel(training.model)) : null,
      training.status,
    );
  return version;
}

export type ChurnModelProblem =
  | { code: "no_model"; message: string }
  | { code: "too_few_leavers"; message: string; leavers: number }
  | { code: "model_invalid"; message: string };

/** The newest training row: its model when it has a valid one, else why not (SQLite connection). */
export function loadLatestModel(sql: SqliteDatabase): Result<StoredChurnModel, ChurnModelProblem> {
  return modelOfRow(latestChurnModelRowSqlite(sql));
}

type LatestModel = Result<StoredChurnModel, ChurnModelProblem>;

/**
 * The newest row's model as last parsed on each handle, keyed by the row's id, version and creation
 * time (decision 019). Rows are only ever added (ids are not reused), so the key read from the store
 * on every call says whether a model stored since, by this instance or another, replaced it.
 */
const parsedLatest = new WeakMap<SqlHandle, { key: string; model: LatestModel }>();

/**
 * loadLatestModel on the SQL handle (either store): what the risk list reads. The trees are read and
 * parsed once per stored model (per handle); later calls read only the newest row's key.
 */
export async function latestModel(db: SqlHandle): Promise<LatestModel> {
  const newest = await latestChurnModelKey(db);
  if (!newest) return modelOfRow(undefined);
  const at = newest.trainedAt;
  const key = `${newest.id}|${newest.version}|${at instanceof Date ? at.toISOString() : String(at)}`;
  const cached = parsedLatest.get(db);
  if (cached?.key === key) return cached.model;
  const model = modelOfRow(await churnModelRowById(db, newest.id));
  parsedLatest.set(db, { key, model });
  return model;
}

/** The model of the newest training row when it has a valid one, else why not. */
function modelOfRow(row: ChurnModelRow | undefined): Result<StoredChurnModel, ChurnModelProblem> {
  if (!row) return err({ code: "no_model", message: "no churn model has been trained yet" });
  if (row.model === null) {
    return err({
      code: "too_few_leavers",
      message: `too few leavers to train a churn model (${row.leavers})`,
      leavers: row.leavers,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(row.model);
  } catch {
    return err({ code: "model_invalid", message: `churn model ${row.version} is damaged (not JSON)` });
  }
  const parsed = parseModel(json);
  if (!parsed.ok)
    return err({
      code: "model_invalid",
      message: `churn model ${row.version} is damaged: ${parsed.error.message}`,
    });
  if (parsed.value.featureNames.join() !== CHURN_FEATURES.join()) {
    return err({
      code: "model_invalid",
      message: `churn model ${row.version} was trained on other features`,
    });
  }
  return ok({
    version: row.version,
    trainedAt: new Date(instantMs(row.trainedAt)).toISOString(),
    holdoutDay: row.holdoutDay,
    model: parsed.value,
  });
}

/** When the newest model was trained (ms since epoch), or null. */
export function latestTrainingTime(sql: SqliteDatabase): number | null {
  const at = sql.prepare(`SELECT "trainedAt" FROM "ChurnModel" ORDER BY "id" DESC LIMIT 1`).pluck().get() as
    | number
    | string
    | undefined;
  return at === undefined ? null : instantMs(at);
}
