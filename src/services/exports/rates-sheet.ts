/** The "what works" rates as a sheet: shared by `/export team` and `report --format xlsx`. */
import type { RateTable } from "../../domain/what-works.js";
import type { Locale } from "../../i18n/catalogue.js";
import { exportMessages, RATE_COLUMNS } from "../../i18n/exports.js";
import { outcomeDetailMessages } from "../../i18n/outcome-details.js";
import { segmentLabel, signalLabel } from "../../i18n/what-works-format.js";
import type { SheetSpec } from "./workbook.js";

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** One row per shown cell; rates and interval bounds as fractions (0–1), four decimals. */
export function ratesSheet(table: RateTable, locale: Locale): SheetSpec {
  const m = exportMessages(locale);
  const methods = outcomeDetailMessages(locale).methods;
  return {
    name: m.sheets.rates,
    columns: RATE_COLUMNS.map((key) => ({
      key,
      header: m.columns.rates[key],
      width: key === "signal" || key === "segment" ? 18 : 12,
    })),
    rows: table.cells.map((c) => ({
      signal: signalLabel(c.signal, locale),
      method: methods[c.method],
      segment: segmentLabel(c.segment, locale),
      cases: c.cases,
      retained: c.retained,
      rate: round(c.rate),
      low: round(c.low),
      high: round(c.high),
    })),
  };
}
