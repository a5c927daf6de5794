import { z } from 'zod';
import type { DocumentStep, SalesOrder, SalesOrderLine, SalesOrderStatus, SalesPaymentStatus } from '../models';
import type { PostingView } from './stock';
import { fen, id, name, page, Paged, phone, qty, requestId, text } from './common';

const orderLine = z
  .object({
    productId: id.optional(),
    barcode: z.string().trim().max(32).optional(),
    /** the unit of qty and unitPriceFen (default: the product's sale unit, else its base unit) */
    unit: z.string().trim().max(6).optional(),
    qty,
    /** price per `unit`; default: the shop's sale price; clerks within the shop's discount limit */
    unitPriceFen: fen.optional(),
    discountFen: fen.default(0),
  })
  .refine((l) => Boolean(l.productId) !== Boolean(l.barcode), { message: '每行需要商品或条码（二选一）', path: ['productId'] });

const address = z.object({ name: name('收货人', 20), phone: phone.refine((v) => v !== '', '请填写收货电话'), address: name('收货地址', 120) });

const orderFields = {
  customerId: id.optional(),
  warehouseId: id.optional(),
  lines: z.array(orderLine).min(1, '至少一行').max(200),
  discountFen: fen.default(0),
  shippingFeeFen: fen.default(0),
  /** 赊账: the goods may leave before they are paid (needs a customer) */
  onCredit: z.boolean().default(false),
  address: address.nullable().default(null),
  note: text(200).default(''),
};
const creditNeedsCustomer = (o: { onCredit: boolean; customerId?: string }) => !o.onCredit || Boolean(o.customerId);
const step = { id, requestId, note: text(200).default('') };
const override = z.object({ reason: name('原因', 100) }).optional();

export const salesSchemas = {
  /** A draft order; the request id is the order's identity, so a retried create makes one order. */
  'sales.create': z.object({ requestId, ...orderFields }).refine(creditNeedsCustomer, { message: '赊账需要选择客户', path: ['customerId'] }),
  'sales.update': z.object({ id, ...orderFields }).refine(creditNeedsCustomer, { message: '赊账需要选择客户', path: ['customerId'] }),
  /**
   * draft → confirmed: the stock of every line is reserved in the order's warehouse (refused
   * beyond what is available). A credit order beyond the customer's credit limit needs the owner's
   * `override`.
   */
  'sales.confirm': z.object({ ...step, override }),
  /** A payment (transfer, cash …): one or more until the total is paid; never above it. */
  'sales.pay': z.object({ ...step, amountFen: fen.refine((v) => v > 0, '金额要大于 0'), method: z.enum(['cash', 'wechat', 'alipay', 'card', 'bank']).default('wechat') }),
  /**
   * Goods out through the engine (FEFO) and their reservation released in the same transaction;
   * all that is left, or the lines named (partial shipment). Unless the order is on credit, what
   * leaves must be paid. Express company and tracking number (scanned from the waybill).
   */
  'sales.ship': z.object({
    ...step,
    carrier: text(20).default(''),
    trackingNo: z.string().trim().max(40).regex(/^[A-Za-z0-9-]*$/, '运单号只能是字母、数字和 -').default(''),
    lines: z.array(z.object({ lineId: z.string().max(16), qty, unit: z.string().trim().max(6).optional() })).max(200).optional(),
    override,
  }),
  /** shipped → completed (paid in full, or on credit). */
  'sales.complete': z.object(step),
  /** draft/confirmed → cancelled: what is reserved is released. */
  'sales.cancel': z.object(step),
  /** partially shipped → shipped: the rest will not be sent; its reservation is released. */
  'sales.close': z.object(step),
  'sales.list': z.object({
    status: z.enum(['open', 'draft', 'confirmed', 'partially_shipped', 'shipped', 'completed', 'cancelled', 'all']).default('all'),
    /** due: not paid in full (unpaid or partially paid), cancelled orders left out */
    paymentStatus: z.enum(['unpaid', 'partially_paid', 'paid', 'due', 'all']).default('all'),
    customerId: id.optional(),
    /** China days, inclusive */
    period: z.enum(['today', 'week', 'all']).default('all'),
    keyword: z.string().trim().max(40).default(''),
    ...page,
  }),
  'sales.get': z.object({ id }),
};

export type SalesOrderView = Omit<SalesOrder, 'searchText' | 'lines'> & {
  statusLabel: string;
  paymentStatusLabel: string;
  lines: (SalesOrderLine & { shippedQtyText: string })[];
  /** what is still to pay (fen) */
  dueFen: number;
  /** what the caller may do next, for the page's buttons */
  actions: string[];
};

export interface SalesOrderDetail {
  order: SalesOrderView;
  /** the sale postings of its shipments (cost and profit for owner/manager only) */
  shipments: PostingView[];
  /** returns and exchanges made from its shipments, oldest first */
  returns: PostingView[];
}

export type SalesOrderRow = Pick<
  SalesOrderView,
  '_id' | 'no' | 'customerId' | 'customerName' | 'status' | 'statusLabel' | 'paymentStatus' | 'paymentStatusLabel' | 'totalFen' | 'paidFen' | 'dueFen' | 'createdAt' | 'note' | 'onCredit'
> & { lineCount: number; shippedPct: number; firstProductName: string };

export interface SalesOutputs {
  'sales.create': SalesOrderView;
  'sales.update': SalesOrderView;
  'sales.confirm': SalesOrderView;
  'sales.pay': SalesOrderView;
  'sales.ship': { order: SalesOrderView; posting: PostingView };
  'sales.complete': SalesOrderView;
  'sales.cancel': SalesOrderView;
  'sales.close': SalesOrderView;
  'sales.list': Paged<SalesOrderRow>;
  'sales.get': SalesOrderDetail;
}

export type { DocumentStep, SalesOrderStatus, SalesPaymentStatus };
