import ExcelJS from "exceljs";
import unzipper from "unzipper";

/** One row of the first worksheet: its number in the sheet and ExcelJS's 1-based sparse values. */
export interface SheetRow {
  number: number;
  values: unknown[];
}

/** The parts ExcelJS's streaming reader must have read before a worksheet to read it right. */
const PARTS = ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/styles.xml"];
const WORKSHEET = /^xl\/worksheets\/sheet\d+\.xml$/;

/**
 * The rows of the workbook's first worksheet (the first in the workbook, not in the zip).
 * ExcelJS's streaming reader depends on the order of the zip's entries: a worksheet before the
 * workbook, its rels, shared strings or styles is read as the wrong sheet, with dates as numbers,
 * or throws — and Excel, WPS and ExcelJS's own writer may put them in any order. So it streams
 * (bounded memory) only when the zip's directory shows every such part before every worksheet,
 * and otherwise loads the workbook with the order-independent non-streaming reader.
 */
export async function* firstSheetRows(path: string): AsyncGenerator<SheetRow> {
  if (await partsBeforeWorksheets(path)) yield* streamedRows(path);
  else yield* loadedRows(path);
}

/** Whether, in the zip's physical order, every part in PARTS comes before every worksheet. */
export async function partsBeforeWorksheets(path: string): Promise<boolean> {
  const directory = await unzipper.Open.file(path);
  let lastPart = -1;
  let firstSheet = Number.POSITIVE_INFINITY;
  for (const file of directory.files) {
    if (PARTS.includes(file.path)) lastPart = Math.max(lastPart, file.offsetToLocalFileHeader);
    if (WORKSHEET.test(file.path)) firstSheet = Math.min(firstSheet, file.offsetToLocalFileHeader);
  }
  return lastPart < firstSheet;
}

type SheetInfo = { id?: number | string; rId?: string };
type Reader = { model?: { sheets?: SheetInfo[] } };

async function* streamedRows(path: string): AsyncGenerator<SheetRow> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache", // needed to tell date cells from numbers
    hyperlinks: "ignore",
    entries: "ignore",
  });
  for await (const worksheet of workbook) {
    // The workbook part was read first (checked above): skip sheets that are not its first one.
    const first = (workbook as unknown as Reader).model?.sheets?.[0];
    const id = (worksheet as unknown as SheetInfo).id;
    if (first?.id !== undefined && String(id) !== String(first.id)) continue;
    for await (const row of worksheet) yield { number: row.number, values: row.values as unknown[] };
    return; // the first sheet only
  }
}

async function* loadedRows(path: string): AsyncGenerator<SheetRow> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets[0]; // in the workbook's order
  if (!sheet) return;
  for (let n = 1; n <= sheet.rowCount; n++) {
    const row = sheet.findRow(n);
    if (row) yield { number: row.number, values: row.values as unknown[] };
  }
}
