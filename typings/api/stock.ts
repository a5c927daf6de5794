import { z } from 'zod';
import type { Posting, PostingLine, PostingType, StockBalance } from '../models';
import { date, fen, id, page, Paged, qty, requestId, signedQty, text } from './common';

/** A line names the product by id or by a scanned barcode; qty is in `unit` (default: base unit). */
const lineTarget = z
  .object({
    productId: id.optional(),
    barcode: z.string().trim().max(32).optional(),
    unit: z.string().trim().max(6).optional(),
  })
  .refine((l) => Boolean(l.productId) !== Boolean(l.barcode), { message: '每行需要商品或条码（二选一）', path: ['productId'] });

const batch = { batchNo: z.string().trim().min(1).max(32).optional(), expiryDate: date.optional() };

const receiptLine = lineTarget.and(z.object({ qty, unitCostFen: fen.optional(), ...batch }));
const saleLine = lineTarget.and(z.object({ qty, unitPriceFen: fen.optional(), discountFen: fen.default(0), batchNo: batch.batchNo }));
const adjustLine = lineTarget.and(z.object({ qty: signedQty, unitCostFen: fen.optional(), ...batch }));

const writeBase = { requestId, warehouseId: id.optional(), note: text(200).default('') };

export const stockSchemas = {
  'stock.receive': z.object({ ...writeBase, supplierId: id.optional(), lines: z.array(receiptLine).min(1, '至少一行').max(200) }),
  'stock.opening': z.object({ ...writeBase, lines: z.array(receiptLine).min(1, '至少一行').max(200) }),
  'stock.sell': z.object({
    ...writeBase,
    customerId: id.optional(),
    lines: z.array(saleLine).min(1, '至少一行').max(200),
    discountFen: fen.default(0),
    payment: z.object({ method: z.enum(['cash', 'wechat', 'alipay', 'card', 'credit']).default('wechat'), paidFen: fen.optional() }).default({ method: 'wechat' }),
  }),
  'stock.saleReturn': z.object({
    ...writeBase,
    /** The sale being returned: its lines give the unit price and cost back. */
    salePostingId: id,
    lines: z.array(lineTarget.and(z.object({ qty, batchNo: batch.batchNo }))).min(1, '至少一行').max(200),
    refundMethod: z.enum(['cash', 'wechat', 'alipay', 'card', 'credit']).default('wechat'),
  }),
  'stock.adjust': z.object({ ...writeBase, reason: z.enum(['damage', 'loss', 'found', 'correction', 'expired']), lines: z.array(adjustLine).min(1, '至少一行').max(200) }),
  'stock.reverse': z.object({ postingId: id, note: text(200).default('') }),
  'stock.balances': z.object({ productId: id.optional(), warehouseId: id.optional(), lowOnly: z.boolean().default(false), ...page }),
  'stock.ledger': z.object({ productId: id, ...page }),
  'stock.posting': z.object({ id }),
  'stock.reconcile': z.object({}),
};

/** What a page sees of a posting; cost fields are absent for clerks. */
export type PostingLineView = Omit<PostingLine, 'unitCost' | 'unitCostAfter'> & {
  unitCost?: string;
  unitCostAfter?: string;
  productName: string;
};
export type PostingView = Omit<Posting, 'lines' | 'totals'> & {
  typeLabel: string;
  lines: PostingLineView[];
  totals: { qty: number; costFen?: number; amountFen: number | null; profitFen?: number };
  replayed: boolean;
};

export interface LedgerEntry {
  postingId: string;
  type: PostingType;
  typeLabel: string;
  createdAt: string;
  operatorName: string;
  note: string;
  warehouseId: string;
  batchNo: string | null;
  qty: number;
  qtyAfter: number;
  unitCost?: string;
  amountFen: number | null;
}

export type BalanceView = Omit<StockBalance, 'unitCost'> & {
  unitCost?: string;
  valueFen?: number;
  productName: string;
  warehouseName: string;
  minStock: number;
  low: boolean;
};

export interface ReconcileDifference {
  balanceId: string;
  productId: string;
  warehouseId: string;
  batchNo: string | null;
  balanceQty: number;
  ledgerQty: number;
}

export interface StockOutputs {
  'stock.receive': PostingView;
  'stock.opening': PostingView;
  'stock.sell': PostingView;
  'stock.saleReturn': PostingView;
  'stock.adjust': PostingView;
  'stock.reverse': PostingView;
  'stock.balances': Paged<BalanceView>;
  'stock.ledger': Paged<LedgerEntry>;
  'stock.posting': PostingView;
  'stock.reconcile': { balancesChecked: number; postingsRead: number; differences: ReconcileDifference[] };
}
