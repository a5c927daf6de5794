import { z } from 'zod';
import type { Posting, PostingLine, PostingType, StockBalance } from '../models';
import { date, fen, id, name, page, Paged, qty, requestId, signedQty, text } from './common';

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
/** Receiving a batch whose expiry date has passed needs the user's confirmation (E_CONFIRM_REQUIRED). */
const confirmExpired = z.boolean().default(false);
const paymentMethod = z.enum(['cash', 'wechat', 'alipay', 'card', 'bank', 'credit']);

/** Which way each adjustment reason moves stock: a damage never adds, a find never removes. */
const REASON_SIGN = { damage: -1, loss: -1, expired: -1, found: 1, correction: 0 } as const;
const REASON_LABEL = { damage: '报损', loss: '丢失', expired: '过期', found: '盘盈', correction: '更正' } as const;

export const stockSchemas = {
  'stock.receive': z.object({ ...writeBase, supplierId: id.optional(), confirmExpired, lines: z.array(receiptLine).min(1, '至少一行').max(200) }),
  'stock.opening': z.object({ ...writeBase, confirmExpired, lines: z.array(receiptLine).min(1, '至少一行').max(200) }),
  'stock.sell': z
    .object({
      ...writeBase,
      customerId: id.optional(),
      lines: z.array(saleLine).min(1, '至少一行').max(200),
      discountFen: fen.default(0),
      /** paidFen: what was paid of the total (default: all of it; 0 for credit); tenderedFen: cash handed over, for the change. */
      payment: z.object({ method: paymentMethod.default('wechat'), paidFen: fen.optional(), tenderedFen: fen.optional() }).default({ method: 'wechat' }),
      /** Owner/manager only: sell a named expired batch, with the reason recorded on the posting. */
      override: z.object({ reason: name('原因', 100) }).optional(),
    })
    .refine((s) => s.payment.method !== 'credit' || Boolean(s.customerId), { message: '赊账需要选择客户', path: ['customerId'] })
    .refine((s) => s.payment.tenderedFen === undefined || s.payment.method === 'cash', { message: '只有现金收款才有找零', path: ['payment', 'tenderedFen'] }),
  'stock.saleReturn': z.object({
    ...writeBase,
    /** The sale being returned: its lines give the unit price and cost back. */
    salePostingId: id,
    /** Refunds follow the sale's payment method; the goods go back to the batches the sale took. */
    lines: z.array(lineTarget.and(z.object({ qty, batchNo: batch.batchNo }))).min(1, '至少一行').max(200),
    /** the goods are damaged: written off in the same posting instead of going back on sale */
    toDamage: z.boolean().default(false),
  }),
  /**
   * 换货: some of a sale's goods come back (to their batches, or written off with `toDamage`) and
   * others go out, in one posting; the difference is paid (payment.method, default the sale's) or
   * refunded by the sale's method; on a credit sale it changes what the customer owes.
   */
  'stock.exchange': z
    .object({
      ...writeBase,
      salePostingId: id,
      returnLines: z.array(lineTarget.and(z.object({ qty, batchNo: batch.batchNo }))).max(200).default([]),
      saleLines: z.array(saleLine).max(200).default([]),
      toDamage: z.boolean().default(false),
      payment: z.object({ method: paymentMethod.optional(), tenderedFen: fen.optional() }).default({}),
      /** owner only: past the customer's credit limit (recorded) */
      override: z.object({ reason: name('原因', 100) }).optional(),
    })
    .refine((x) => x.returnLines.length > 0 && x.saleLines.length > 0, { message: '换货需要退回的商品和换出的商品', path: ['saleLines'] }),
  'stock.adjust': z
    .object({ ...writeBase, reason: z.enum(['damage', 'loss', 'found', 'correction', 'expired']), lines: z.array(adjustLine).min(1, '至少一行').max(200) })
    .superRefine((a, ctx) => {
      const sign = REASON_SIGN[a.reason];
      a.lines.forEach((l, i) => {
        if (sign !== 0 && Math.sign(l.qty) !== sign) {
          ctx.addIssue({ code: 'custom', path: ['lines', i, 'qty'], message: `${REASON_LABEL[a.reason]}只能${sign < 0 ? '减少' : '增加'}库存，数量应为${sign < 0 ? '负数' : '正数'}` });
        }
      });
    }),
  'stock.reverse': z.object({ postingId: id, note: text(200).default('') }),
  /** By product name (pinyin), then warehouse; balances at 0 only with includeZero (a product gone from a warehouse). */
  'stock.balances': z.object({ productId: id.optional(), warehouseId: id.optional(), includeZero: z.boolean().default(false), ...page }),
  /** Batches on hand expiring within withinDays of today (China), with includeExpired those already expired; soonest first. */
  'stock.expiring': z.object({ warehouseId: id.optional(), withinDays: z.number().int().min(0).max(3650).default(30), includeExpired: z.boolean().default(false), ...page }),
  'stock.ledger': z.object({ productId: id, ...page }),
  /** What one warehouse holds of some products (a document switched to that warehouse re-checks its lines). */
  'stock.available': z.object({ warehouseId: id, productIds: z.array(id).min(1).max(200) }),
  'stock.posting': z.object({ id }),
  'stock.reconcile': z.object({}),
  /** 开单记录: quick sales (开单, no sales order), newest first; keyword = a product's or customer's name. */
  'stock.sales': z.object({
    /** China days: today, this week (from Monday), or all */
    period: z.enum(['today', 'week', 'all']).default('all'),
    customerId: id.optional(),
    keyword: z.string().trim().max(40).default(''),
    ...page,
  }),
  /** One quick sale with its returns and exchanges, and what each product can still be returned. */
  'stock.sale': z.object({ id }),
};

/** What a page sees of a posting; cost fields are absent for clerks. */
export type PostingLineView = Omit<PostingLine, 'unitCost' | 'unitCostAfter'> & {
  unitCost?: string;
  unitCostAfter?: string;
  /** the unit of qty and qtyAfter */
  baseUnit: string;
};
/**
 * totals.qty is signed like the lines (base units); costFen is the cost of the goods moved (≥ 0);
 * profitFen = amountFen − cost for a sale (negative for a return). Cost fields only for owner/manager.
 */
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
  /** base units (baseUnit) */
  qty: number;
  qtyAfter: number;
  baseUnit: string;
  unitCost?: string;
  amountFen: number | null;
}

export type BalanceView = Omit<StockBalance, 'unitCost'> & {
  unitCost?: string;
  valueFen?: number;
  productName: string;
  baseUnit: string;
  warehouseName: string;
};

/** One batch on hand about to expire (or expired); cost and value only for owner/manager. */
export interface ExpiringBatchView {
  balanceId: string;
  productId: string;
  productName: string;
  baseUnit: string;
  warehouseId: string;
  warehouseName: string;
  batchNo: string;
  expiryDate: string;
  /** days from today (China) to the expiry date: 0 expires today, negative = expired that many days ago */
  daysLeft: number;
  /** base units (baseUnit) */
  qty: number;
  unitCost?: string;
  valueFen?: number;
}

/** A page of expiring batches, with the range asked (today..until) and the count and value of all of them. */
export type ExpiringPage = Paged<ExpiringBatchView> & { today: string; until: string; total: number; totalValueFen?: number };

export interface ReconcileDifference {
  balanceId: string;
  productId: string;
  warehouseId: string;
  batchNo: string | null;
  balanceQty: number;
  ledgerQty: number;
}

/** A row of 开单记录 (a quick sale). */
export interface QuickSaleRow {
  _id: string;
  createdAt: string;
  customerId: string | null;
  /** '' for a walk-in customer (散客) */
  customerName: string;
  operatorName: string;
  amountFen: number;
  payment: Posting['payment'];
  /** distinct products, the first one's name, and base units sold */
  productCount: number;
  firstProductName: string;
  qty: number;
  /** base units returned so far (returns and exchanges, from returns/{saleId}) */
  returnedQty: number;
  /** reversed (冲销) by the owner: nothing more can be returned */
  reversed: boolean;
  note: string;
}

/** One product of a quick sale: sold, returned so far, and what can still come back (base units). */
export interface QuickSaleLine {
  productId: string;
  productName: string;
  baseUnit: string;
  soldQty: number;
  returnedQty: number;
  returnableQty: number;
  amountFen: number;
}

export interface QuickSaleDetail {
  sale: PostingView;
  customerName: string;
  lines: QuickSaleLine[];
  /** returns and exchanges made from it, oldest first */
  returns: PostingView[];
  reversed: boolean;
}

export interface StockOutputs {
  'stock.receive': PostingView;
  'stock.opening': PostingView;
  'stock.sell': PostingView;
  'stock.saleReturn': PostingView;
  'stock.exchange': PostingView;
  'stock.adjust': PostingView;
  'stock.reverse': PostingView;
  'stock.balances': Paged<BalanceView>;
  'stock.ledger': Paged<LedgerEntry>;
  'stock.expiring': ExpiringPage;
  /** on hand per product id in the warehouse (base units; 0 when it never held any) */
  'stock.available': { warehouseId: string; onHand: Record<string, number> };
  'stock.posting': PostingView;
  'stock.reconcile': { balancesChecked: number; postingsRead: number; differences: ReconcileDifference[] };
  'stock.sales': Paged<QuickSaleRow>;
  'stock.sale': QuickSaleDetail;
}
