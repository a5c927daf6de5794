// .xlsx in and out with exceljs (MIT, bundles with esbuild for node; SheetJS's npm `xlsx` is stuck at
// 0.18.5 with known advisories on reading untrusted files). Only the export function bundles it.
import ExcelJS from 'exceljs';

export interface Column {
  header: string;
  key: string;
  width?: number;
  /** money in fen shown as yuan with two decimals */
  money?: boolean;
}

export interface Sheet {
  name: string;
  columns: Column[];
  rows: Record<string, unknown>[];
}

const YUAN = '#,##0.00';

export async function workbookBuffer(sheets: Sheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '小店进销存';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = s.columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? Math.max(10, c.header.length * 2 + 2), style: c.money ? { numFmt: YUAN } : undefined }));
    ws.getRow(1).font = { bold: true };
    for (const row of s.rows) {
      const values: Record<string, unknown> = {};
      for (const c of s.columns) {
        const v = row[c.key];
        values[c.key] = c.money && typeof v === 'number' ? v / 100 : v ?? null;
      }
      ws.addRow(values);
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ReadSheet {
  name: string;
  headers: string[];
  /** each data row by header, with its 1-based row number in the sheet */
  rows: { rowNo: number; cells: Record<string, string> }[];
}

/** The first sheet's rows as text by header (blank rows skipped); null when the file is not an .xlsx. */
export async function readFirstSheet(buffer: Buffer, maxRows: number): Promise<ReadSheet | null> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return null;
  }
  const ws = wb.worksheets[0];
  if (!ws) return null;
  const headers: string[] = [];
  ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    headers[col - 1] = cellText(cell.value).trim();
  });
  const rows: ReadSheet['rows'] = [];
  for (let r = 2; r <= ws.rowCount && rows.length <= maxRows; r++) {
    const row = ws.getRow(r);
    const cells: Record<string, string> = {};
    let any = false;
    headers.forEach((h, i) => {
      if (!h) return;
      const text = cellText(row.getCell(i + 1).value).trim();
      cells[h] = text;
      if (text) any = true;
    });
    if (any) rows.push({ rowNo: r, cells });
  }
  return { name: ws.name, headers: headers.filter(Boolean), rows };
}

/** A cell as the user sees it: numbers without float noise, rich text and formulas by their text/result. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(Math.round(v * 1e6) / 1e6);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
  }
  return String(v);
}
