// Purchase orders: the document type (its status machine), its lines built from what the user
// typed or scanned, the approval rule, and what a page sees.
import Decimal from 'decimal.js';
import type { PurchaseOrderView } from '../../typings/api/purchasing';
import type { Product, PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatus, Role, ShopSettings } from '../../typings/models';
import { PURCHASE_STATUS_LABELS } from '../../typings/models';
import { AppError } from '../core/errors';
import type { MemberContext } from '../core/router';
import { canSeeCost } from '../core/shop';
import { documentLines } from '../documents/lines';
import type { DocumentType } from '../documents/machine';
import { resolveLines } from '../stock/lines';

const MANAGERS = ['owner', 'manager'] as const;
const ALL = ['owner', 'manager', 'clerk'] as const;
export const OPEN_STATUSES: PurchaseOrderStatus[] = ['submitted', 'approved', 'partially_received'];
/** Approved and not yet fully received: what is on order. */
export const ON_ORDER_STATUSES: PurchaseOrderStatus[] = ['approved', 'partially_received'];

/** Every line received in full (in base units)? */
export const fullyReceived = (o: Pick<PurchaseOrder, 'lines'>) => o.lines.every((l) => l.receivedBaseQty >= l.baseQty);
const anyReceived = (o: Pick<PurchaseOrder, 'lines'>) => o.lines.some((l) => l.receivedBaseQty > 0);

export const PURCHASE_ORDER: DocumentType<PurchaseOrderStatus, PurchaseOrder> = {
  coll: 'purchase_orders',
  noun: '采购单',
  statusLabels: PURCHASE_STATUS_LABELS,
  machine: {
    submit: { label: '提交', from: ['draft'], roles: MANAGERS, to: (o) => (o.needsApproval ? 'submitted' : 'approved') },
    approve: { label: '审批', from: ['submitted'], roles: ['owner'], to: () => 'approved' },
    reject: { label: '退回', from: ['submitted'], roles: ['owner'], to: () => 'draft' },
    cancel: {
      label: '取消',
      from: ['draft', 'submitted', 'approved'],
      roles: MANAGERS,
      to: () => 'cancelled',
      check: (o) => {
        if (anyReceived(o)) throw new AppError('E_INVALID_STATE', '采购单已有到货，不能取消；剩下的不来了请“关闭”');
      },
    },
    close: { label: '关闭', from: ['partially_received'], roles: MANAGERS, to: () => 'closed' },
    receive: { label: '收货', from: ['approved', 'partially_received'], roles: ALL, to: (o) => (fullyReceived(o) ? 'received' : 'partially_received') },
    /** a receipt reversed: the order takes back what it had received */
    unreceive: {
      label: '冲销收货',
      from: ['partially_received', 'received', 'closed'],
      roles: ['owner'],
      to: (o) => (o.status === 'closed' ? 'closed' : anyReceived(o) ? 'partially_received' : 'approved'),
    },
  },
};

/** Orders a manager makes above the owner's amount need the owner's approval; the owner's never do. */
export function needsApproval(totalFen: number, role: Role, settings: Pick<ShopSettings, 'purchaseApprovalAboveFen'>): boolean {
  if (role === 'owner') return false;
  const above = settings.purchaseApprovalAboveFen;
  if (above === null || above === undefined) return false;
  return above === 0 || totalFen > above; // 0: every order of a manager, even one without prices
}

export interface OrderLineInput {
  productId?: string;
  barcode?: string;
  unit?: string;
  qty: number;
  unitPriceFen?: number;
  expectedDate?: string;
}

/** Lines in the purchase unit by default, priced at the product's reference price unless typed. */
export async function buildOrderLines(ctx: MemberContext, input: OrderLineInput[]): Promise<{ lines: PurchaseOrderLine[]; totalFen: number; products: Product[] }> {
  const resolved = await resolveLines(ctx, input);
  const base = documentLines(resolved, (p) => p.purchaseUnit?.name ?? p.baseUnit);
  const lines = resolved.map((r, i): PurchaseOrderLine => {
    if (r.input.unitPriceFen === undefined && !r.product.purchasePriceFen) {
      // A silent 0 would bring the goods in at no cost and owe the supplier nothing.
      throw new AppError('E_VALIDATION', `第 ${i + 1} 行：「${r.product.name}」没有参考进价，请填写进价`, { line: i });
    }
    const unitPriceFen = r.input.unitPriceFen ?? new Decimal(r.product.purchasePriceFen!).times(base[i].factor).toDecimalPlaces(0).toNumber();
    return { ...base[i], receivedBaseQty: 0, unitPriceFen, amountFen: new Decimal(unitPriceFen).times(r.input.qty).toNumber(), expectedDate: r.input.expectedDate ?? null };
  });
  return { lines, totalFen: lines.reduce((s, l) => s + l.amountFen, 0), products: resolved.map((r) => r.product) };
}

export const orderSearchText = (o: Pick<PurchaseOrder, 'no' | 'supplierName' | 'lines'>) => [o.no, o.supplierName, ...o.lines.map((l) => l.productName)].join(' ').toLowerCase();

/** 1 箱 6 瓶 (in the line's unit where it divides), for "received 30 of 48". */
export function qtyText(baseQty: number, unit: string, factor: number, baseUnit: string): string {
  if (factor <= 1) return `${baseQty}${baseUnit}`;
  const whole = Math.floor(baseQty / factor);
  const rest = baseQty - whole * factor;
  return [whole ? `${whole}${unit}` : '', rest ? `${rest}${baseUnit}` : ''].filter(Boolean).join(' ') || `0${unit}`;
}

/** The order as a message for the supplier's chat: what, how many, by when (no prices). */
export function orderChatText(o: Pick<PurchaseOrder, 'no' | 'supplierName' | 'lines' | 'note'>): string {
  const dates = o.lines.map((l) => l.expectedDate).filter((d): d is string => Boolean(d)).sort();
  const by = dates.length ? `希望 ${Number(dates[0].slice(5, 7))}月${Number(dates[0].slice(8, 10))}日 前到货。` : '';
  return [
    `${o.supplierName}，您好，我想订货（${o.no}）：`,
    ...o.lines.map((l, i) => `${i + 1}. ${l.productName} ${l.qty}${l.unit}`),
    ...(by ? [by] : []),
    ...(o.note ? [`备注：${o.note}`] : []),
  ].join('\n');
}

/** The next steps this caller may take, for the page's buttons. */
function actionsFor(o: PurchaseOrder, role: Role): string[] {
  const steps = Object.entries(PURCHASE_ORDER.machine)
    .filter(([name, rule]) => name !== 'unreceive' && rule.from.includes(o.status) && rule.roles.includes(role))
    .map(([name]) => name);
  if (o.status === 'draft' && role !== 'clerk') steps.unshift('edit');
  if (o.status === 'approved' && anyReceived(o)) return steps.filter((s) => s !== 'cancel');
  return steps;
}

export function orderView(o: PurchaseOrder, role: Role): PurchaseOrderView {
  const { searchText, lines, totalFen, ...rest } = o;
  void searchText;
  const seeCost = canSeeCost(role);
  return {
    ...rest,
    statusLabel: PURCHASE_STATUS_LABELS[o.status],
    lines: lines.map(({ unitPriceFen, amountFen, ...l }) => ({
      ...l,
      ...(seeCost ? { unitPriceFen, amountFen } : {}),
      receivedQtyText: qtyText(l.receivedBaseQty, l.unit, l.factor, l.baseUnit),
    })),
    ...(seeCost ? { totalFen } : {}),
    actions: actionsFor(o, role),
    chatText: orderChatText(o),
  };
}
