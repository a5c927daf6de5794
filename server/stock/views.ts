// What pages see of postings: product names, labels, and no cost or profit for clerks.
import type { PostingView } from '../../typings/api/stock';
import type { Posting, Product, Role } from '../../typings/models';
import { POSTING_LABELS } from '../../typings/models';
import { Db } from '../core/db';
import { canSeeCost } from '../core/shop';

/** The base unit of each product of a posting (names come from the posting itself). */
export async function productUnits(db: Db, posting: Posting): Promise<Map<string, string>> {
  const products = await db.getMany<Product>('products', posting.productIds);
  return new Map(products.map((p) => [p._id, p.baseUnit]));
}

/**
 * A posting as stored (names of its time), with units, and without cost for clerks. The stored
 * totals.costFen is the signed change of stock value; the view shows the cost of the goods moved
 * (≥ 0) and, for sales and returns, profit = amount + signed value change.
 */
export function postingView(p: Posting, units: Map<string, string>, role: Role, replayed = false): PostingView {
  const seeCost = canSeeCost(role);
  const { fingerprint, ...stored } = p as Posting & { fingerprint?: string };
  void fingerprint;
  const lines = stored.lines.map(({ unitCost, unitCostAfter, ...l }) => ({
    ...l,
    productName: l.productName ?? '已删除商品',
    baseUnit: units.get(l.productId) ?? '',
    ...(seeCost ? { unitCost, unitCostAfter } : {}),
  }));
  const totals: PostingView['totals'] = { qty: p.totals.qty, amountFen: p.totals.amountFen };
  if (seeCost) {
    totals.costFen = Math.abs(p.totals.costFen);
    if (p.totals.amountFen !== null) totals.profitFen = p.totals.amountFen + p.totals.costFen;
  }
  return { ...stored, override: stored.override ?? null, createdAt: new Date(p.createdAt).toISOString(), typeLabel: POSTING_LABELS[p.type], lines, totals, replayed };
}
