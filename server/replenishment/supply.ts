// What purchasing tells the nightly job, per page of products, in two aggregates: what is on
// order (approved, unreceived quantities of open purchase orders) and the lead time learned from
// receipts against orders (days from approval to receipt: mean, spread, count).
import { Db } from '../core/db';
import { ON_ORDER_STATUSES } from '../purchasing/orders';
import type { LearnedLead } from './plan';

export async function onOrderByProduct(db: Db, shopId: string, productIds: string[]): Promise<Map<string, number>> {
  if (productIds.length === 0) return new Map();
  const _ = db.command;
  const $ = _.aggregate;
  const res = await db
    .aggregate('purchase_orders')
    .match({ shopId, status: _.in(ON_ORDER_STATUSES), productIds: _.in(productIds) })
    .unwind('$lines')
    .match({ 'lines.productId': _.in(productIds) })
    .group({ _id: '$lines.productId', open: $.sum($.max([0, $.subtract(['$lines.baseQty', '$lines.receivedBaseQty'])])) })
    .limit(1000)
    .end();
  return new Map((res.list as { _id: string; open: number }[]).map((r) => [r._id, r.open]));
}

export async function learnedLeadTimes(db: Db, shopId: string, productIds: string[]): Promise<Map<string, LearnedLead>> {
  if (productIds.length === 0) return new Map();
  const _ = db.command;
  const $ = _.aggregate;
  const res = await db
    .aggregate('postings')
    .match({ shopId, type: 'purchase_receipt', 'source.kind': 'purchase_order', leadDays: _.gte(0), productIds: _.in(productIds) })
    .unwind('$productIds')
    .match({ productIds: _.in(productIds) })
    .group({ _id: '$productIds', mean: $.avg('$leadDays'), sigma: $.stdDevPop('$leadDays'), count: $.sum(1) })
    .limit(1000)
    .end();
  return new Map((res.list as { _id: string; mean: number; sigma: number; count: number }[]).map((r) => [r._id, { mean: r.mean, sigma: r.sigma ?? 0, count: r.count }]));
}
