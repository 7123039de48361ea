import { cell2cell } from "./cell2cell.js";
import type { DatasetSpec } from "./dataset-spec.js";
import { telco } from "./telco.js";

export const DATASETS: Record<DatasetSpec["name"], DatasetSpec> = { cell2cell, telco };
export const DATASET_NAMES = Object.keys(DATASETS) as DatasetSpec["name"][];
