import { type DatasetSpec, numberCell } from "./dataset-spec.js";

/** The 66 predictors of the Cell2Cell teaching file, in file order (see its documentation.tsv). */
const PREDICTORS = (
  "revenue mou recchrge directas overage roam changem changer dropvce blckvce unansvce custcare " +
  "threeway mourec outcalls incalls peakvce opeakvce dropblk callfwdv callwait months uniqsubs " +
  "actvsubs phones models eqpdays age1 age2 children credita creditaa prizmrur prizmub prizmtwn " +
  "refurb webcap truck rv occprof occcler occcrft occstud occhmkr occret occself ownrent marryun " +
  "marryyes mailord mailres mailflag travel pcown creditcd retcalls retaccpt newcelly newcelln " +
  "refer incmiss income mcycle setprcm setprc retcall"
).split(" ");

/** Cell2Cell: every predictor as is; empty cells are missing values the trees route themselves. */
export const cell2cell: DatasetSpec = {
  name: "cell2cell",
  idColumn: "customer",
  labelColumn: "churn",
  ignoredColumns: ["calibrat"],
  inputColumns: PREDICTORS,
  featureNames: PREDICTORS,
  label: (cell) => (cell.trim() === "1" ? 1 : cell.trim() === "0" ? 0 : null),
  encode(cells, out, problems) {
    for (let i = 0; i < PREDICTORS.length; i++) out[i] = numberCell(cells[i]!, PREDICTORS[i]!, problems);
  },
  // Calibration churn is oversampled to 50 %; the carrier's monthly churn is about 2 %.
  realBaseRate: 0.02,
};
