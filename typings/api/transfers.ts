import { z } from 'zod';
import type { Transfer, TransferBatch, TransferLine, TransferMode, TransferStatus } from '../models';
import { id, page, Paged, qty, requestId, text } from './common';
import type { PostingView } from './stock';

/** A line names the product by id or by a scanned barcode; qty is in `unit` (default: base unit). */
const transferLine = z
  .object({
    productId: id.optional(),
    barcode: z.string().trim().max(32).optional(),
    unit: z.string().trim().max(6).optional(),
    qty,
    /** move this batch; without it the earliest expiry leaves first (never an expired batch) */
    batchNo: z.string().trim().min(1).max(32).optional(),
  })
  .refine((l) => Boolean(l.productId) !== Boolean(l.barcode), { message: '每行需要商品或条码（二选一）', path: ['productId'] });

const transferFields = {
  fromWarehouseId: id,
  toWarehouseId: id,
  mode: z.enum(['one_step', 'two_step']).default('one_step'),
  note: text(200).default(''),
  lines: z.array(transferLine).min(1, '至少一行').max(200),
};
const differentWarehouses = (t: { fromWarehouseId: string; toWarehouseId: string }) => t.fromWarehouseId !== t.toWarehouseId;
const sameWarehouse = { message: '调出和调入不能是同一个仓库', path: ['toWarehouseId'] };

const step = { id, requestId, note: text(200).default('') };

export const transferSchemas = {
  /**
   * A draft transfer; the request id is its identity (a retried create makes one transfer).
   * `post: true` also takes its first goods step in the same transaction — one step: 调拨
   * (completed); two steps: 发货 (in transit) —: scan, then one tap.
   */
  'transfer.create': z.object({ requestId, ...transferFields, post: z.boolean().default(false) }).refine(differentWarehouses, sameWarehouse),
  'transfer.update': z.object({ id, ...transferFields }).refine(differentWarehouses, sameWarehouse),
  /** One step: out of the source and into the destination in one posting, at the cost the goods leave with. */
  'transfer.post': z.object(step),
  /** Two steps, 发货: the goods leave the source and are in transit. */
  'transfer.ship': z.object(step),
  /**
   * Two steps, 收货: what arrived per line (base units, at most what was shipped); a line not listed
   * arrived in full. What did not arrive is the transfer's difference (在途差异).
   */
  'transfer.receive': z.object({
    ...step,
    lines: z
      .array(z.object({ lineId: z.string().trim().min(1).max(16), receivedQty: z.number().int('数量必须是整数').min(0, '数量不能为负').max(1e8, '数量太大') }))
      .max(200)
      .default([]),
  }),
  'transfer.cancel': z.object(step),
  'transfer.list': z.object({
    /** done: completed or received */
    status: z.enum(['all', 'draft', 'in_transit', 'done', 'cancelled']).default('all'),
    /** transfer number or product name */
    keyword: z.string().trim().max(40).default(''),
    ...page,
  }),
  'transfer.get': z.object({ id }),
};

/** A shipped batch as a page sees it; the cost only for owner/manager. */
export type TransferBatchView = Omit<TransferBatch, 'unitCost'> & { unitCost?: string };

export type TransferView = Omit<Transfer, 'searchText' | 'lines' | 'differenceCostFen'> & {
  statusLabel: string;
  modeLabel: string;
  fromWarehouseName: string;
  toWarehouseName: string;
  lines: (Omit<TransferLine, 'shipped'> & { shipped: TransferBatchView[]; shippedBaseQty: number })[];
  /** absent for clerks (they see no costs) */
  differenceCostFen?: number;
  /** what the caller may do next, for the page's buttons */
  actions: string[];
};

export type TransferRow = Pick<TransferView, '_id' | 'no' | 'mode' | 'modeLabel' | 'status' | 'statusLabel' | 'fromWarehouseName' | 'toWarehouseName' | 'createdAt' | 'note'> & {
  lineCount: number;
  /** base units on the transfer (all lines) */
  baseQty: number;
  /** base units shipped and not arrived */
  differenceBaseQty: number;
};

export interface TransferOutputs {
  'transfer.create': TransferView;
  'transfer.update': TransferView;
  'transfer.post': { transfer: TransferView; posting: PostingView };
  'transfer.ship': { transfer: TransferView; posting: PostingView };
  /** posting: null when nothing arrived (no goods moved) */
  'transfer.receive': { transfer: TransferView; posting: PostingView | null };
  'transfer.cancel': TransferView;
  'transfer.list': Paged<TransferRow>;
  'transfer.get': { transfer: TransferView; postings: PostingView[] };
}

export type { TransferMode, TransferStatus };
