// Sales orders (销售单): the document type (its status machine), its lines priced like 开单, the
// money rules (what must be paid before goods leave, what a credit order leaves owed), and what a
// page sees. Stock is held for an order from confirmation (reservations on the balances) and leaves
// through the engine with each shipment, which releases what it ships in the same transaction.
import Decimal from 'decimal.js';
import type { SalesOrderRow, SalesOrderView } from '../../typings/api/sales';
import type { Role, SalesOrder, SalesOrderLine, SalesOrderStatus, SalesPaymentStatus, ShopSettings } from '../../typings/models';
import { SALES_PAYMENT_LABELS, SALES_STATUS_LABELS } from '../../typings/models';
import { fenToYuan } from '../../miniprogram/utils/money';
import { AppError } from '../core/errors';
import type { MemberContext } from '../core/router';
import { documentLines } from '../documents/lines';
import type { DocumentType } from '../documents/machine';
import type { EngineProduct } from '../posting/engine';
import { qtyText } from '../purchasing/orders';
import { resolveLines } from '../stock/lines';
import { saleAmounts } from '../stock/pricing';

const MANAGERS = ['owner', 'manager'] as const;
const ALL = ['owner', 'manager', 'clerk'] as const;

export const OPEN_SALES_STATUSES: SalesOrderStatus[] = ['draft', 'confirmed', 'partially_shipped'];

const fullyShipped = (o: Pick<SalesOrder, 'lines'>) => o.lines.every((l) => l.shippedBaseQty >= l.baseQty);

export const SALES_ORDER: DocumentType<SalesOrderStatus, SalesOrder> = {
  coll: 'sales_orders',
  noun: '销售单',
  statusLabels: SALES_STATUS_LABELS,
  machine: {
    confirm: { label: '确认', from: ['draft'], roles: ALL, to: () => 'confirmed' },
    pay: {
      label: '收款',
      from: ['draft', 'confirmed', 'partially_shipped', 'shipped', 'completed'],
      roles: ALL,
      to: (o) => o.status,
    },
    ship: { label: '发货', from: ['confirmed', 'partially_shipped'], roles: ALL, to: (o) => (fullyShipped(o) ? 'shipped' : 'partially_shipped') },
    complete: {
      label: '完成',
      from: ['shipped'],
      roles: ALL,
      to: () => 'completed',
      check: (o) => {
        if (!o.onCredit && o.paidFen < o.totalFen) throw new AppError('E_INVALID_STATE', `还差 ¥${fenToYuan(o.totalFen - o.paidFen)} 没收：收齐后再完成，或设为赊账的订单`);
      },
    },
    cancel: {
      label: '取消',
      from: ['draft', 'confirmed'],
      roles: MANAGERS,
      to: () => 'cancelled',
      check: (o) => {
        if (o.paidFen > 0) throw new AppError('E_INVALID_STATE', `已收款 ¥${fenToYuan(o.paidFen)}：请先把钱退给客户，再取消`);
      },
    },
    close: { label: '不再发货', from: ['partially_shipped'], roles: MANAGERS, to: () => 'shipped' },
  },
};

export const paymentStatusOf = (paidFen: number, totalFen: number): SalesPaymentStatus => (paidFen <= 0 ? (totalFen === 0 ? 'paid' : 'unpaid') : paidFen >= totalFen ? 'paid' : 'partially_paid');

/** What a credit order leaves owed: goods shipped and not yet paid for. */
export const owedOf = (o: Pick<SalesOrder, 'onCredit' | 'shippedFen' | 'paidFen'>) => (o.onCredit ? Math.max(0, o.shippedFen - o.paidFen) : 0);

export interface SalesLineInput {
  productId?: string;
  barcode?: string;
  unit?: string;
  qty: number;
  unitPriceFen?: number;
  discountFen: number;
}

/** Lines priced like 开单 (the clerk's discount limit applies), one line per product. */
export async function buildSalesLines(ctx: MemberContext, input: SalesLineInput[], orderDiscountFen: number, settings: Pick<ShopSettings, 'clerkDiscountLimitPct'>): Promise<{ lines: SalesOrderLine[]; goodsFen: number }> {
  const resolved = await resolveLines(ctx, input);
  const base = documentLines(resolved, (p) => p.baseUnit);
  const { net, total } = saleAmounts(resolved, orderDiscountFen, ctx.member.role, settings.clerkDiscountLimitPct);
  const lines = resolved.map((r, i): SalesOrderLine => ({
    ...base[i],
    unitPriceFen: r.input.unitPriceFen ?? r.product.salePriceFen * base[i].factor,
    discountFen: r.input.discountFen,
    amountFen: net[i],
    reservedBaseQty: 0,
    shippedBaseQty: 0,
  }));
  return { lines, goodsFen: total };
}

/** The product as the engine needs it, from the order line (the engine re-reads it). */
export const lineProduct = (l: SalesOrderLine): EngineProduct => ({ _id: l.productId, name: l.productName, baseUnit: l.baseUnit, batchTracked: false });

/** The amount of a line's shipped part: the difference of cumulative rounded shares, so the parts add up to the line. */
export function shippedAmount(l: SalesOrderLine, before: number, after: number): number {
  const share = (q: number) => new Decimal(l.amountFen).times(q).dividedBy(l.baseQty).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  return share(after) - share(before);
}

export const salesSearchText = (o: Pick<SalesOrder, 'no' | 'customerName' | 'lines' | 'shipments' | 'address'>) =>
  [o.no, o.customerName, o.address?.name ?? '', o.address?.phone ?? '', ...o.lines.map((l) => l.productName), ...o.shipments.map((s) => s.trackingNo)].join(' ').toLowerCase();

function actionsFor(o: SalesOrder, role: Role): string[] {
  const steps = Object.entries(SALES_ORDER.machine)
    .filter(([name, rule]) => rule.from.includes(o.status) && rule.roles.includes(role))
    .filter(([name]) => name !== 'pay' || o.paidFen < o.totalFen)
    .filter(([name]) => name !== 'complete' || o.onCredit || o.paidFen >= o.totalFen)
    .filter(([name]) => name !== 'cancel' || o.paidFen === 0)
    .map(([name]) => name);
  if (o.status === 'draft') steps.unshift('edit');
  return steps;
}

export function salesOrderView(o: SalesOrder, role: Role): SalesOrderView {
  const { searchText, lines, ...rest } = o;
  void searchText;
  return {
    ...rest,
    statusLabel: SALES_STATUS_LABELS[o.status],
    paymentStatusLabel: SALES_PAYMENT_LABELS[o.paymentStatus],
    lines: lines.map((l) => ({ ...l, shippedQtyText: qtyText(l.shippedBaseQty, l.unit, l.factor, l.baseUnit) })),
    dueFen: Math.max(0, o.totalFen - o.paidFen),
    actions: actionsFor(o, role),
  };
}

export function salesOrderRow(o: SalesOrder, role: Role): SalesOrderRow {
  const v = salesOrderView(o, role);
  const ordered = o.lines.reduce((s, l) => s + l.baseQty, 0);
  const shipped = o.lines.reduce((s, l) => s + Math.min(l.shippedBaseQty, l.baseQty), 0);
  return {
    _id: v._id,
    no: v.no,
    customerId: v.customerId,
    customerName: v.customerName,
    status: v.status,
    statusLabel: v.statusLabel,
    paymentStatus: v.paymentStatus,
    paymentStatusLabel: v.paymentStatusLabel,
    totalFen: v.totalFen,
    paidFen: v.paidFen,
    dueFen: v.dueFen,
    createdAt: v.createdAt,
    note: v.note,
    onCredit: v.onCredit,
    lineCount: o.lines.length,
    shippedPct: ordered ? Math.floor((shipped * 100) / ordered) : 0,
    firstProductName: o.lines[0]?.productName ?? '',
  };
}
