// Receiving against a purchase order: each scanned or typed line finds its order line, comes in at
// the order's price, and the order's received quantities change in the posting's own transaction
// (the order is the engine's guard document): concurrent receipts of the last units receive them
// once, and more than ordered (plus the owner's tolerance) is refused.
import type { Product, PurchaseOrder, ShopSettings } from '../../typings/models';
import { AppError } from '../core/errors';
import type { MemberContext } from '../core/router';
import { guardStep } from '../documents/machine';
import type { EngineLine, GuardDocument } from '../posting/engine';
import { requireBatch } from '../stock/inbound';
import { perBaseUnit, resolveLines, unitFactor } from '../stock/lines';
import { PURCHASE_ORDER, qtyText } from './orders';

export interface ReceiptLineInput {
  lineId?: string;
  productId?: string;
  barcode?: string;
  unit?: string;
  qty: number;
  batchNo?: string;
  expiryDate?: string;
}

export interface ReceiptPlan {
  lines: EngineLine[];
  resolved: { product: Product; input: ReceiptLineInput }[];
  /** base quantity per order line */
  take: Map<string, number>;
}

export async function planReceipt(ctx: MemberContext, order: PurchaseOrder, input: ReceiptLineInput[]): Promise<ReceiptPlan> {
  const byLine = new Map(order.lines.map((l) => [l.lineId, l]));
  input.forEach((l, i) => {
    if (l.lineId && !byLine.has(l.lineId)) throw new AppError('E_VALIDATION', `第 ${i + 1} 行：采购单 ${order.no} 没有这一行`, { line: i });
  });
  // Lines named by lineId need no lookup; the others are resolved by product id or barcode.
  const targets = input.map((l) => (l.lineId ? { ...l, productId: byLine.get(l.lineId)?.productId ?? '-', barcode: undefined } : l));
  const resolved = await resolveLines(ctx, targets, { allowArchived: true });
  const take = new Map<string, number>();
  const lines = resolved.map((r, i): EngineLine => {
    const line = r.input.lineId ? byLine.get(r.input.lineId) : order.lines.find((l) => l.productId === r.product._id);
    if (!line || line.productId !== r.product._id) throw new AppError('E_VALIDATION', `第 ${i + 1} 行：采购单 ${order.no} 里没有「${r.product.name}」`, { line: i });
    requireBatch(r.product, r.input, i);
    const factor = r.input.unit ? unitFactor(r.product, r.input.unit)! : line.factor;
    const baseQty = r.input.qty * factor;
    take.set(line.lineId, (take.get(line.lineId) ?? 0) + baseQty);
    return {
      product: r.product,
      warehouseId: order.warehouseId,
      qty: baseQty,
      unitCost: perBaseUnit(line.unitPriceFen, line.factor),
      batchNo: r.input.batchNo ?? null,
      expiryDate: r.input.expiryDate ?? null,
    };
  });
  return { lines, resolved, take };
}

/** The order as the engine's guard: received quantities grow, never beyond ordered + tolerance. */
export function receiveGuard(ctx: MemberContext, order: PurchaseOrder, plan: ReceiptPlan, settings: Pick<ShopSettings, 'receiveTolerancePct'>, requestId: string, postingId: string): GuardDocument {
  return guardStep(ctx, PURCHASE_ORDER, order._id, 'receive', requestId, postingId, (current) => ({
    ...current,
    lines: current.lines.map((l) => {
      const q = plan.take.get(l.lineId) ?? 0;
      if (q === 0) return l;
      const limit = Math.floor((l.baseQty * (100 + settings.receiveTolerancePct)) / 100);
      const after = l.receivedBaseQty + q;
      if (after > limit) {
        const left = Math.max(0, limit - l.receivedBaseQty);
        throw new AppError('E_VALIDATION', `「${l.productName}」订了 ${qtyText(l.baseQty, l.unit, l.factor, l.baseUnit)}，已收 ${qtyText(l.receivedBaseQty, l.unit, l.factor, l.baseUnit)}，最多还能收 ${qtyText(left, l.unit, l.factor, l.baseUnit)}`, {
          lineId: l.lineId,
          ordered: l.baseQty,
          received: l.receivedBaseQty,
          left,
        });
      }
      return { ...l, receivedBaseQty: after };
    }),
  }));
}

/** A reversed receipt gives its quantities back to the order's open quantities. */
export function unreceiveGuard(ctx: MemberContext, orderId: string, receipt: { lines: { productId: string; qty: number }[] }, requestId: string, postingId: string): GuardDocument {
  return guardStep(ctx, PURCHASE_ORDER, orderId, 'unreceive', requestId, postingId, (current) => {
    const back = new Map<string, number>();
    for (const l of receipt.lines) back.set(l.productId, (back.get(l.productId) ?? 0) + l.qty);
    return { ...current, lines: current.lines.map((l) => (back.has(l.productId) ? { ...l, receivedBaseQty: Math.max(0, l.receivedBaseQty - back.get(l.productId)!) } : l)) };
  });
}
