// Purchase returns (采购退货): goods back to the supplier at the cost they came in, never more than
// was received from that supplier. From a receipt, the receipt's own batches and costs apply and
// purchase_returns/{receiptId} guards them (the sale-return pattern); free, the latest receipt from
// that supplier gives the cost. Every return also guards purchase_returns/{shopId}_supplier_{id}
// (returned per product), so concurrent returns to one supplier are checked one after the other
// against what that supplier delivered.
import type { Party } from '../../typings/api/parties';
import type { Posting, Product } from '../../typings/models';
import { AppError } from '../core/errors';
import type { MemberContext } from '../core/router';
import type { EngineLine, GuardDocument } from '../posting/engine';
import { Resolved } from '../stock/lines';
import { planReturn, ReturnsDoc } from '../stock/returns';

export const supplierReturnsId = (shopId: string, supplierId: string) => `${shopId}_supplier_${supplierId}`;

export interface SupplierReturnsDoc {
  shopId: string;
  supplierId: string;
  returned: Record<string, number>;
  /** bumped by every reversal of a receipt from this supplier: a return planned before it retries */
  receiptsVersion?: number;
}

/** Units received from a supplier per product: its receipts minus their reversals (one aggregate). */
export async function receivedFromSupplier(ctx: MemberContext, supplierId: string, productIds: string[]): Promise<Map<string, number>> {
  const _ = ctx.db.command;
  const $ = _.aggregate;
  const res = await ctx.db
    .aggregate('postings')
    .match(_.and([{ shopId: ctx.member.shopId, partyId: supplierId, productIds: _.in(productIds) }, _.or([{ type: 'purchase_receipt' }, { type: 'reversal', 'source.kind': 'purchase_receipt' }])]))
    .unwind('$lines')
    .match({ 'lines.productId': _.in(productIds) })
    .group({ _id: '$lines.productId', qty: $.sum('$lines.qty') })
    .limit(1000)
    .end();
  return new Map((res.list as { _id: string; qty: number }[]).map((r) => [r._id, r.qty]));
}

/**
 * `received` was aggregated before the transaction; receipts only raise it, so a stale figure can
 * only be stricter — except after a receipt's reversal, which bumps receiptsVersion and makes a
 * return planned before it retry with fresh figures.
 */
export function supplierReturnsGuard(shopId: string, supplierId: string, qtyByProduct: Map<string, number>, received: Map<string, number>, names: Map<string, Product>, seenVersion: number): GuardDocument {
  return {
    coll: 'purchase_returns',
    id: supplierReturnsId(shopId, supplierId),
    apply: (current) => {
      const doc = (current as unknown as SupplierReturnsDoc | null) ?? { shopId, supplierId, returned: {} };
      if ((doc.receiptsVersion ?? 0) !== seenVersion) throw new AppError('E_CONFLICT', '这个供应商的入库单刚被冲销，请重新提交退货');
      const returned = { ...doc.returned };
      for (const [productId, q] of qtyByProduct) {
        const left = (received.get(productId) ?? 0) - (returned[productId] ?? 0);
        if (q > left) {
          const p = names.get(productId)!;
          throw new AppError('E_VALIDATION', `「${p.name}」从这个供应商进货后最多还能退 ${Math.max(0, left)}${p.baseUnit}`, { productId, left: Math.max(0, left) });
        }
        returned[productId] = (returned[productId] ?? 0) + q;
      }
      return { ...doc, returned } as unknown as Record<string, unknown>;
    },
  };
}

/**
 * Reversing a receipt takes its goods out of what the supplier delivered: refused while more has
 * been returned to that supplier than would remain (reverse the returns first).
 */
export function receiptReversalGuard(receipt: Posting, received: Map<string, number>): GuardDocument {
  return {
    coll: 'purchase_returns',
    id: supplierReturnsId(receipt.shopId, receipt.partyId!),
    apply: (current) => {
      const doc = (current as unknown as SupplierReturnsDoc | null) ?? { shopId: receipt.shopId, supplierId: receipt.partyId!, returned: {} };
      for (const l of receipt.lines) {
        const after = (received.get(l.productId) ?? 0) - l.qty;
        const returned = doc.returned[l.productId] ?? 0;
        if (returned > after) {
          throw new AppError('E_INVALID_STATE', `「${l.productName}」已退给这个供应商 ${returned}，冲销这张入库单后只剩 ${Math.max(0, after)}：请先冲销退货单`, { productId: l.productId, returned, after });
        }
      }
      return { ...doc, receiptsVersion: (doc.receiptsVersion ?? 0) + 1 } as unknown as Record<string, unknown>;
    },
  };
}

/** The reversal of a purchase return gives its quantities back to the supplier's returnable total. */
export function undoSupplierReturnsGuard(ret: Posting): GuardDocument {
  return {
    coll: 'purchase_returns',
    id: supplierReturnsId(ret.shopId, ret.partyId!),
    apply: (current) => {
      const doc = (current as unknown as SupplierReturnsDoc | null) ?? { shopId: ret.shopId, supplierId: ret.partyId!, returned: {} };
      const returned = { ...doc.returned };
      for (const l of ret.lines) returned[l.productId] = Math.max(0, (returned[l.productId] ?? 0) - Math.abs(l.qty));
      return { ...doc, returned } as unknown as Record<string, unknown>;
    },
  };
}

type ReturnLine = Resolved<{ qty: number; batchNo?: string }>;

/** From a receipt: its batches and costs, never more than it brought in. */
export async function planFromReceipt(ctx: MemberContext, receipt: Posting, lines: ReturnLine[], warehouseId: string | null): Promise<{ lines: EngineLine[]; guard: GuardDocument }> {
  const already = await ctx.db.getById<ReturnsDoc>('purchase_returns', receipt._id);
  const plan = planReturn(receipt, lines, already, { coll: 'purchase_returns', direction: -1, warehouseId });
  return { lines: plan.lines, guard: plan.guard };
}

/** Free: at the cost of the latest receipt of the product (and batch) from this supplier (one query). */
export async function planFree(ctx: MemberContext, supplier: Party, lines: ReturnLine[], warehouseId: string): Promise<EngineLine[]> {
  const recent = await ctx.db.find<Posting>(
    'postings',
    { shopId: ctx.member.shopId, partyId: supplier._id, type: 'purchase_receipt', productIds: ctx.db.command.in([...new Set(lines.map((l) => l.product._id))]) },
    { orderBy: [['createdAt', 'desc']], limit: 200 },
  );
  return lines.map((l, i) => {
    const came = recent.flatMap((p) => p.lines).find((x) => x.productId === l.product._id && (!l.input.batchNo || x.batchNo === l.input.batchNo));
    if (!came) {
      throw new AppError('E_VALIDATION', `第 ${i + 1} 行：没有从「${supplier.name}」进过「${l.product.name}」${l.input.batchNo ? `批号 ${l.input.batchNo}` : ''}`, { line: i });
    }
    return { product: l.product, warehouseId, qty: -l.baseQty, unitCost: came.unitCost, batchNo: l.input.batchNo ?? null, expiryDate: null };
  });
}
