import { type DatasetSpec, numberCell } from "./dataset-spec.js";

/** Categorical columns of the IBM Telco sample and their values, coded 0, 1, 2… in this order. */
const CATEGORIES: Record<string, string[]> = {
  gender: ["Female", "Male"],
  Partner: ["No", "Yes"],
  Dependents: ["No", "Yes"],
  PhoneService: ["No", "Yes"],
  MultipleLines: ["No phone service", "No", "Yes"],
  InternetService: ["No", "DSL", "Fiber optic"],
  OnlineSecurity: ["No internet service", "No", "Yes"],
  OnlineBackup: ["No internet service", "No", "Yes"],
  DeviceProtection: ["No internet service", "No", "Yes"],
  TechSupport: ["No internet service", "No", "Yes"],
  StreamingTV: ["No internet service", "No", "Yes"],
  StreamingMovies: ["No internet service", "No", "Yes"],
  Contract: ["Month-to-month", "One year", "Two year"],
  PaperlessBilling: ["No", "Yes"],
  PaymentMethod: ["Bank transfer (automatic)", "Credit card (automatic)", "Mailed check", "Electronic check"],
};
const NUMERIC = ["SeniorCitizen", "tenure", "MonthlyCharges", "TotalCharges"];
const INPUTS = [...NUMERIC, ...Object.keys(CATEGORIES)];

/**
 * IBM Telco: numbers as is, categories as small ordinal codes (trees split them fine), plus one
 * derived feature: average charge per month of tenure (TotalCharges / tenure). An unknown category
 * value is a missing value, counted and reported.
 */
export const telco: DatasetSpec = {
  name: "telco",
  idColumn: "customerID",
  labelColumn: "Churn",
  ignoredColumns: [],
  inputColumns: INPUTS,
  featureNames: [...INPUTS, "avgChargePerMonth"],
  label: (cell) => (cell.trim() === "Yes" ? 1 : cell.trim() === "No" ? 0 : null),
  encode(cells, out, problems) {
    for (let i = 0; i < NUMERIC.length; i++) out[i] = numberCell(cells[i]!, NUMERIC[i]!, problems);
    for (let i = NUMERIC.length; i < INPUTS.length; i++) {
      const column = INPUTS[i]!;
      const code = CATEGORIES[column]!.indexOf(cells[i]!.trim());
      if (code < 0 && cells[i]!.trim() !== "") problems.note(column, cells[i]!);
      out[i] = code < 0 ? Number.NaN : code;
    }
    const tenure = out[1]!;
    const total = out[3]!;
    out[INPUTS.length] = tenure > 0 && !Number.isNaN(total) ? total / tenure : Number.NaN;
  },
  realBaseRate: null,
};
