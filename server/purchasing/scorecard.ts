// A supplier as the shop's own data shows them: on-time rate (receipt lines on or before the
// line's expected date), fill rate (received ÷ ordered over finished orders), lead time from
// approval to receipt (mean and spread), and the last price paid per product. Two bounded reads:
// the supplier's latest 200 orders and latest 500 receipts.
import type { SupplierScorecard } from '../../typings/api/purchasing';
import type { Posting, PurchaseOrder } from '../../typings/models';
import type { MemberContext } from '../core/router';
import { chinaDay } from '../posting/engine';

const round = (v: number, dp = 1) => Math.round(v * 10 ** dp) / 10 ** dp;

export function scorecard(orders: PurchaseOrder[], receipts: Posting[]): SupplierScorecard {
  const byOrder = new Map(orders.map((o) => [o._id, o]));
  let dated = 0;
  let onTime = 0;
  for (const r of receipts) {
    const order = r.source.id ? byOrder.get(r.source.id) : undefined;
    if (!order) continue;
    const day = chinaDay(new Date(r.createdAt));
    for (const l of r.lines) {
      const expected = order.lines.find((x) => x.productId === l.productId)?.expectedDate;
      if (!expected) continue;
      dated++;
      if (day <= expected) onTime++;
    }
  }
  const finished = orders.filter((o) => o.status === 'received' || o.status === 'closed');
  const ordered = finished.reduce((s, o) => s + o.lines.reduce((t, l) => t + l.baseQty, 0), 0);
  const received = finished.reduce((s, o) => s + o.lines.reduce((t, l) => t + Math.min(l.receivedBaseQty, l.baseQty), 0), 0);
  const leads = receipts.map((r) => r.leadDays).filter((d): d is number => typeof d === 'number');
  const mean = leads.length ? leads.reduce((s, d) => s + d, 0) / leads.length : null;
  const sigma = mean === null ? null : Math.sqrt(leads.reduce((s, d) => s + (d - mean) ** 2, 0) / leads.length);
  const lastPrices = new Map<string, SupplierScorecard['lastPrices'][number]>();
  for (const r of [...receipts].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)))) {
    for (const l of r.lines) {
      if (!lastPrices.has(l.productId)) lastPrices.set(l.productId, { productId: l.productId, productName: l.productName, unitCost: l.unitCost, at: new Date(r.createdAt).toISOString() });
    }
  }
  return {
    onTimeRate: dated ? round(onTime / dated, 3) : null,
    datedReceiptLines: dated,
    fillRate: ordered ? round(received / ordered, 3) : null,
    finishedOrders: finished.length,
    leadTimeDays: mean === null ? null : { mean: round(mean), sigma: round(sigma!), receipts: leads.length },
    lastPrices: [...lastPrices.values()],
  };
}

export async function supplierHistory(ctx: MemberContext, supplierId: string): Promise<{ orders: PurchaseOrder[]; receipts: Posting[] }> {
  const shopId = ctx.member.shopId;
  const [orders, receipts] = await Promise.all([
    ctx.db.find<PurchaseOrder>('purchase_orders', { shopId, supplierId }, { orderBy: [['createdAt', 'desc']], limit: 200 }),
    ctx.db.find<Posting>('postings', { shopId, partyId: supplierId, type: 'purchase_receipt' }, { orderBy: [['createdAt', 'desc']], limit: 500 }),
  ]);
  return { orders, receipts };
}
