import { z } from 'zod';
import type { AdjustmentReason, CountLine, CountScope, StockCount, StockCountStatus } from '../models';
import { date, id, name, page, Paged, requestId, text } from './common';

const reason = z.enum(['damage', 'loss', 'found', 'correction', 'expired']);
const scope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('category'), category: name('分类', 30) }),
  z.object({ kind: z.literal('products'), productIds: z.array(id).min(1, '至少选一个商品').max(2000) }),
]);
const step = { id, requestId, note: text(200).default('') };

export const countSchemas = {
  /** A count of one warehouse: everything, a category or chosen products; blind hides book quantities from clerks. */
  'count.create': z.object({ requestId, warehouseId: id.optional(), scope: scope.default({ kind: 'all' }), blind: z.boolean().default(false), note: text(200).default('') }),
  /**
   * One scan or typed number: `add` adds to what was counted (a scan is +1, several clerks' scans
   * add up), `set` replaces the counted quantity of the product (or batch). The book quantity is
   * read in the same transaction. A retried request id is answered without counting twice.
   */
  'count.scan': z
    .object({
      countId: id,
      requestId,
      productId: id.optional(),
      barcode: z.string().trim().max(32).optional(),
      unit: z.string().trim().max(6).optional(),
      mode: z.enum(['add', 'set']).default('add'),
      qty: z.number().int('数量必须是整数').min(0, '数量不能为负').max(1e8, '数量太大').default(1),
      batchNo: z.string().trim().min(1).max(32).optional(),
      /** a batch found that the book does not know yet */
      expiryDate: date.optional(),
    })
    .refine((l) => Boolean(l.productId) !== Boolean(l.barcode), { message: '需要商品或条码（二选一）', path: ['productId'] })
    .refine((l) => l.mode === 'set' || l.qty >= 1, { message: '数量至少为 1', path: ['qty'] }),
  /** Why a line differs (报损, 丢失, 盘盈 …): recorded with the count adjustment. */
  'count.reason': z.object({ countId: id, productId: id, reason: reason.nullable() }),
  /** Counting finished: the count waits for the owner's or manager's review. */
  'count.submit': z.object(step),
  /** Back to counting from review. */
  'count.reopen': z.object(step),
  'count.cancel': z.object(step),
  /** Post the differences (and, for `zero`, take uncounted products to zero); resumable: a retry continues. */
  'count.post': z.object({ ...step, uncounted: z.enum(['keep', 'zero']).default('keep') }),
  'count.list': z.object({ status: z.enum(['open', 'counting', 'review', 'posting', 'posted', 'cancelled', 'all']).default('all'), ...page }),
  'count.get': z.object({ id }),
  /** Counted lines, all or only those that differ (newest count first). */
  'count.lines': z.object({ id, filter: z.enum(['all', 'diff']).default('all'), ...page }),
  /** Products in scope not counted yet. */
  'count.uncounted': z.object({ id, ...page }),
};

/** A counted line as a page sees it: book, difference and value are absent for clerks in a blind count; value only for owner/manager. */
export type CountLineView = Omit<CountLine, 'bookQty' | 'requestIds' | 'batches' | 'shopId'> & {
  bookQty?: number;
  diffQty?: number;
  /** the difference at the balance's moving-average cost (fen), owner/manager only */
  diffFen?: number;
  batches: { batchNo: string; expiryDate: string | null; countedQty: number; bookQty?: number; diffQty?: number }[];
  reasonLabel: string;
};

export interface CountUncountedRow {
  productId: string;
  productName: string;
  baseUnit: string;
  /** book quantity in the warehouse now; absent for clerks in a blind count */
  bookQty?: number;
}

export type CountView = Omit<StockCount, 'plan'> & {
  statusLabel: string;
  warehouseName: string;
  scopeText: string;
  /** products counted so far (progress: counted of toCount) */
  counted: number;
  /** lines that differ, and their value (owner/manager) — absent for clerks in a blind count */
  summary?: { diffLines: number; gainQty: number; lossQty: number; gainFen?: number; lossFen?: number };
  actions: string[];
};

export interface CountOutputs {
  'count.create': CountView;
  'count.scan': { line: CountLineView; counted: number; toCount: number; replayed: boolean };
  'count.reason': CountLineView;
  'count.submit': CountView;
  'count.reopen': CountView;
  'count.cancel': CountView;
  'count.post': CountView;
  'count.list': Paged<Pick<CountView, '_id' | 'no' | 'status' | 'statusLabel' | 'warehouseName' | 'scopeText' | 'blind' | 'toCount' | 'counted' | 'createdAt' | 'postedAt'>>;
  'count.get': CountView;
  'count.lines': Paged<CountLineView>;
  'count.uncounted': Paged<CountUncountedRow>;
}

export type { AdjustmentReason, CountScope, StockCountStatus };
