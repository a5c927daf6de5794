// What pages see of postings: product names, labels, and no cost or profit for clerks.
import type { PostingView } from '../../typings/api/stock';
import type { Posting, Product, Role } from '../../typings/models';
import { POSTING_LABELS } from '../../typings/models';
import { Db } from '../core/db';
import { canSeeCost } from '../core/shop';

export async function productNames(db: Db, posting: Posting): Promise<Map<string, string>> {
  const products = await db.getMany<Product>('products', posting.productIds);
  return new Map(products.map((p) => [p._id, p.name]));
}

export function postingView(p: Posting, names: Map<string, string>, role: Role, replayed = false): PostingView {
  const seeCost = canSeeCost(role);
  const lines = p.lines.map(({ unitCost, unitCostAfter, ...l }) => ({
    ...l,
    ...(seeCost ? { unitCost, unitCostAfter } : {}),
    productName: names.get(l.productId) ?? '已删除商品',
  }));
  const totals: PostingView['totals'] = { qty: p.totals.qty, amountFen: p.totals.amountFen };
  if (seeCost) {
    totals.costFen = p.totals.costFen;
    if (p.totals.amountFen !== null) totals.profitFen = p.totals.amountFen + p.totals.costFen;
  }
  return { ...p, createdAt: new Date(p.createdAt).toISOString(), typeLabel: POSTING_LABELS[p.type], lines, totals, replayed };
}
