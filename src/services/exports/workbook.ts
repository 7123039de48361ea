/**
 * XLSX files people open in Excel or WPS: one sheet per table, the header row frozen and bold,
 * column widths set, and optionally a PNG (the briefing chart) placed on a sheet of its own.
 * exceljs is the project's spreadsheet library already (imports read XLSX with it).
 */

export interface SheetColumn {
  key: string;
  header: string;
  width: number;
}

export interface SheetSpec {
  name: string;
  columns: readonly SheetColumn[];
  rows: readonly Record<string, string | number | null>[];
}

export interface WorkbookSpec {
  sheets: readonly SheetSpec[];
  /** A picture on a sheet of its own, after the tables. */
  image?: { sheetName: string; png: Uint8Array; width: number; height: number };
}

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The workbook as the bytes of an .xlsx file. */
export async function buildWorkbook(spec: WorkbookSpec): Promise<Uint8Array> {
  const ExcelJS = (await import("exceljs")).default;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "RetainBot";
  for (const table of spec.sheets) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
  }
  if (spec.image) {
    const sheet = workbook.addWorksheet(spec.image.sheetName);
    const imageId = workbook.addImage({ buffer: Buffer.from(spec.image.png) as never, extension: "png" });
    sheet.addImage(imageId, {
      tl: { col: 0, row: 0 },
      ext: { width: spec.image.width, height: spec.image.height },
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** A PNG's pixel size, from its IHDR chunk (so the picture is placed unstretched). */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
