// The contract of the `export` cloud function: Excel export and import, backup and restore. Heavy,
// rarely used work lives there so `api` stays small; the same router checks input and members.
import { z } from 'zod';
import { EXPORT_KINDS } from '../../miniprogram/utils/exports';
import { date, id, requestId } from './common';
import { checkPeriod, REPORT_PERIODS, reportPeriod, SALES_BY, SALES_SORT } from './reports';

export { EXPORT_KINDS, EXPORT_LABELS, EXPORT_ROLES } from '../../miniprogram/utils/exports';
export type { ExportKind } from '../../miniprogram/utils/exports';

const fileID = z.string().trim().min(1, '请先选择文件').max(1024).regex(/^cloud:\/\//, '文件编号格式不正确');

export const fileSchemas = {
  /**
   * from/to: China days, inclusive (ledger and sales; default the last 30 days). A report takes what
   * its page shows: period (default 本月, or custom when from–to are given), warehouse, and for the
   * sales ranking by and sort.
   */
  'export.create': z
    .object({
      kind: z.enum(EXPORT_KINDS),
      from: date.optional(),
      to: date.optional(),
      period: z.enum(REPORT_PERIODS).optional(),
      warehouseId: reportPeriod.warehouseId,
      by: z.enum(SALES_BY).optional(),
      sort: z.enum(SALES_SORT).optional(),
    })
    .refine((i) => !i.from || !i.to || i.from <= i.to, { message: '开始日期不能晚于结束日期', path: ['from'] })
    .superRefine((i, ctx) => i.period && checkPeriod({ ...i, period: i.period }, ctx)),
  /** The import template: the product columns with two example rows. */
  'import.template': z.object({}),
  /** Reads an uploaded .xlsx and lists every row's problems; writes nothing. */
  'import.preview': z.object({ fileID }),
  /** All rows or none: refused while any row has a problem; a retry with the same requestId completes a cut-off import. */
  'import.commit': z.object({ fileID, requestId }),
  'backup.create': z.object({}),
  'backup.list': z.object({}),
  /** Into the caller's own shop, which must be empty; restoreKey is the one shown with the backup. */
  'backup.restore': z.object({ fileID, restoreKey: z.string().trim().regex(/^[A-Z0-9]{12}$/, '恢复码是 12 位字母或数字') }),
  /** The weekly timer's backup of every shop (console and timer only). */
  'backup.weekly': z.object({ shopIds: z.array(id).max(1000).optional() }),
};

export interface ExportedFile {
  fileID: string;
  tempFileURL: string;
  fileName: string;
  bytes: number;
  rows: number;
}

export interface ImportRow {
  rowNo: number;
  name: string;
  barcode: string;
  openingQty: number;
  warehouseName: string;
  problems: string[];
}

export interface ImportPreview {
  rows: ImportRow[];
  total: number;
  /** rows with at least one problem */
  bad: number;
  /** new products and opening stock lines the commit would write */
  products: number;
  openingLines: number;
  /** columns of the sheet this import does not know (ignored) */
  ignoredColumns: string[];
}

export interface ImportCommit {
  total: number;
  imported: number;
  /** false: cut off by the time budget; call again with the same requestId to finish */
  done: boolean;
}

export interface BackupInfo {
  fileID: string;
  fileName: string;
  createdAt: string;
  bytes: number;
  documents: number;
  trigger: 'manual' | 'weekly';
}

export interface FileOutputs {
  'export.create': ExportedFile;
  'import.template': ExportedFile;
  'import.preview': ImportPreview;
  'import.commit': ImportCommit;
  'backup.create': BackupInfo & { tempFileURL: string; restoreKey: string };
  'backup.list': { backups: (BackupInfo & { restoreKey: string })[] };
  'backup.restore': { documents: number; byCollection: Record<string, number>; done: boolean; skipped: string[] };
  'backup.weekly': { shops: number; backups: number };
}

export type FileActionName = keyof typeof fileSchemas & keyof FileOutputs;
export type FileActionInput<A extends FileActionName> = z.input<(typeof fileSchemas)[A]>;
export type FileActionOutput<A extends FileActionName> = FileOutputs[A];
