import { z } from 'zod';
import type { DocumentStep, PaymentMethod, PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatus } from '../models';
import type { PostingView } from './stock';
import { date, fen, id, page, Paged, qty, requestId, text } from './common';

const orderLine = z
  .object({
    productId: id.optional(),
    barcode: z.string().trim().max(32).optional(),
    /** the unit of qty and unitPriceFen (default: the product's purchase unit, else its base unit) */
    unit: z.string().trim().max(6).optional(),
    qty,
    /** price per `unit`; default: the product's reference purchase price */
    unitPriceFen: fen.optional(),
    expectedDate: date.optional(),
  })
  .refine((l) => Boolean(l.productId) !== Boolean(l.barcode), { message: '每行需要商品或条码（二选一）', path: ['productId'] });

const orderFields = {
  supplierId: id,
  warehouseId: id.optional(),
  note: text(200).default(''),
  lines: z.array(orderLine).min(1, '至少一行').max(200),
};

const step = { id, requestId, note: text(200).default('') };
const paymentMethod = z.enum(['cash', 'wechat', 'alipay', 'card', 'bank']);

export const purchasingSchemas = {
  /** A draft order; the request id is the order's identity, so a retried create makes one order. */
  'purchase.create': z.object({ requestId, ...orderFields }),
  'purchase.update': z.object({ id, ...orderFields }),
  'purchase.submit': z.object(step),
  'purchase.approve': z.object(step),
  'purchase.reject': z.object(step),
  'purchase.cancel': z.object(step),
  'purchase.close': z.object(step),
  /** Goods in against an approved order, at the order's price; a line is named by lineId, product or barcode. */
  'purchase.receive': z.object({
    requestId,
    orderId: id,
    confirmExpired: z.boolean().default(false),
    note: text(200).default(''),
    lines: z
      .array(
        z.object({
          lineId: z.string().max(16).optional(),
          productId: id.optional(),
          barcode: z.string().trim().max(32).optional(),
          unit: z.string().trim().max(6).optional(),
          qty,
          batchNo: z.string().trim().min(1).max(32).optional(),
          expiryDate: date.optional(),
        }),
      )
      .min(1, '至少一行')
      .max(200),
  }),
  /** Goods back to the supplier at the cost they came in; from a receipt, or free (then the supplier is needed). */
  'purchase.return': z
    .object({
      requestId,
      supplierId: id.optional(),
      receiptId: id.optional(),
      warehouseId: id.optional(),
      note: text(200).default(''),
      lines: z
        .array(
          z
            .object({ productId: id.optional(), barcode: z.string().trim().max(32).optional(), unit: z.string().trim().max(6).optional(), qty, batchNo: z.string().trim().min(1).max(32).optional() })
            .refine((l) => Boolean(l.productId) !== Boolean(l.barcode), { message: '每行需要商品或条码（二选一）', path: ['productId'] }),
        )
        .min(1, '至少一行')
        .max(200),
    })
    .refine((r) => Boolean(r.supplierId) || Boolean(r.receiptId), { message: '请选择供应商或原入库单', path: ['supplierId'] }),
  /** 付款: money paid to a supplier reduces what the shop owes. */
  'purchase.pay': z.object({ requestId, supplierId: id, amountFen: fen.refine((v) => v > 0, '金额要大于 0'), method: paymentMethod.default('wechat'), note: text(200).default('') }),
  'purchase.list': z.object({
    status: z.enum(['open', 'draft', 'submitted', 'approved', 'partially_received', 'received', 'closed', 'cancelled', 'all']).default('all'),
    supplierId: id.optional(),
    keyword: z.string().trim().max(40).default(''),
    ...page,
  }),
  'purchase.get': z.object({ id }),
  /** One draft per supplier from the nightly suggestions (all, or the chosen products). */
  'purchase.fromSuggestions': z.object({
    requestId,
    productIds: z.array(id).max(500).optional(),
    /** a supplier for products without a preferred one */
    suppliers: z.record(id, id).default({}),
  }),
  /** What the shop owes a supplier over a period: opening, receipts, returns, payments, closing. */
  'purchase.statement': z.object({ supplierId: id, from: date, to: date }),
  'purchase.payables': z.object({}),
  /** A supplier's page: open orders, what is owed, recent orders and a scorecard from the shop's own data. */
  'suppliers.detail': z.object({ id }),
};

export type PurchaseOrderView = Omit<PurchaseOrder, 'searchText' | 'lines' | 'totalFen'> & {
  statusLabel: string;
  lines: (Omit<PurchaseOrderLine, 'unitPriceFen' | 'amountFen'> & {
    unitPriceFen?: number;
    amountFen?: number;
    receivedQtyText: string;
    /** purchase.get only: what receiving needs to know of the product now */
    batchTracked?: boolean;
    barcodes?: string[];
  })[];
  /** absent for clerks (they see no prices) */
  totalFen?: number;
  /** what the caller may do next, for the page's buttons */
  actions: string[];
  /** the order as a message for the supplier's WeChat chat (no prices) */
  chatText: string;
};

export interface PurchaseOrderDetail {
  order: PurchaseOrderView;
  receipts: PostingView[];
  /** purchase returns made from this order's receipts */
  returns: PostingView[];
}

export interface StatementEntry {
  at: string;
  kind: 'receipt' | 'return' | 'payment' | 'reversal';
  label: string;
  ref: string;
  /** + adds to what the shop owes, − reduces it (fen) */
  amountFen: number;
  balanceFen: number;
}

export interface SupplierStatement {
  supplierId: string;
  supplierName: string;
  from: string;
  to: string;
  openingFen: number;
  entries: StatementEntry[];
  closingFen: number;
}

export interface PayableRow {
  supplierId: string;
  supplierName: string;
  payableFen: number;
}

export interface SupplierScorecard {
  /** receipt lines on or before their line's expected date ÷ receipt lines with an expected date */
  onTimeRate: number | null;
  datedReceiptLines: number;
  /** received ÷ ordered over received or closed orders */
  fillRate: number | null;
  finishedOrders: number;
  /** days from approval to receipt */
  leadTimeDays: { mean: number; sigma: number; receipts: number } | null;
  /** the latest cost per base unit (fen, decimal string) paid per product */
  lastPrices: { productId: string; productName: string; unitCost: string; at: string }[];
}

export interface SupplierDetail {
  supplier: import('./parties').Party;
  payableFen: number;
  openOrders: PurchasingOutputs['purchase.list']['items'];
  recentOrders: PurchasingOutputs['purchase.list']['items'];
  scorecard: SupplierScorecard;
}

export interface PurchasingOutputs {
  'purchase.create': PurchaseOrderView;
  'purchase.update': PurchaseOrderView;
  'purchase.submit': PurchaseOrderView;
  'purchase.approve': PurchaseOrderView;
  'purchase.reject': PurchaseOrderView;
  'purchase.cancel': PurchaseOrderView;
  'purchase.close': PurchaseOrderView;
  'purchase.receive': { posting: PostingView; order: PurchaseOrderView };
  'purchase.return': PostingView;
  'purchase.pay': { paymentId: string; supplierId: string; amountFen: number; method: PaymentMethod; payableFen: number; replayed: boolean };
  'purchase.list': Paged<Pick<PurchaseOrderView, '_id' | 'no' | 'supplierId' | 'supplierName' | 'status' | 'statusLabel' | 'totalFen' | 'createdAt' | 'note'> & { lineCount: number; receivedPct: number }>;
  'purchase.get': PurchaseOrderDetail;
  'purchase.fromSuggestions': { orders: PurchaseOrderView[]; missingSupplier: { productId: string; productName: string }[] };
  'purchase.statement': SupplierStatement;
  'purchase.payables': PayableRow[];
  'suppliers.detail': SupplierDetail;
}

export type { DocumentStep, PurchaseOrderStatus };
