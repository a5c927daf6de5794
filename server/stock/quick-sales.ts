// 开单记录: the quick sales (stock.sell, a sale posting with no sales order) as a list to start a
// return or exchange from, and one sale with its returns and what can still come back. Every read
// is an indexed query (postings by shopId/type/createdAt/partyId/productIds/source.id) or by id.
import type { z } from 'zod';
import type { schemas } from '../../typings/api';
import type { Paged } from '../../typings/api/common';
import type { QuickSaleDetail, QuickSaleLine, QuickSaleRow } from '../../typings/api/stock';
import type { Posting, Product } from '../../typings/models';
import { AppError } from '../core/errors';
import { escapeRegExp, pageOf } from '../core/query';
import type { MemberContext } from '../core/router';
import { postingId, serverRequestId } from '../posting/engine';
import { periodStart } from '../actions/sales';
import type { ReturnsDoc } from './returns';
import { postingView } from './views';

/** A quick sale: what stock.sell posts (an order's shipment has source.kind 'sales_order'). */
const QUICK = { type: 'sale', 'source.kind': 'sale' };

const reversalIdOf = (sale: Posting) => postingId(sale.shopId, serverRequestId('rev', sale.requestId));

/** Base units returned per product (returns are kept per product and batch). */
function returnedByProduct(doc: ReturnsDoc | undefined | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, q] of Object.entries(doc?.returned ?? {})) {
    const productId = key.slice(0, key.lastIndexOf('#'));
    out.set(productId, (out.get(productId) ?? 0) + q);
  }
  return out;
}

async function customerNames(ctx: MemberContext, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (wanted.length === 0) return new Map();
  const rows = await ctx.db.getMany<{ _id: string; shopId: string; name: string }>('customers', wanted);
  return new Map(rows.filter((c) => c.shopId === ctx.member.shopId).map((c) => [c._id, c.name]));
}

/**
 * The keyword names products or customers: their ids (one indexed query each) narrow the sales to
 * those holding such a product or made to such a customer. null: nothing matches.
 */
async function keywordFilter(ctx: MemberContext, keyword: string): Promise<Record<string, unknown> | null> {
  const _ = ctx.db.command;
  const text = ctx.db.regExp(escapeRegExp(keyword.toLowerCase()), '');
  const [products, people] = await Promise.all([
    ctx.db.find<{ _id: string }>('products', { shopId: ctx.member.shopId, searchText: text }, { limit: 100, fields: { _id: true } }),
    // name too: a customer saved before the search text existed is still found by name
    ctx.db.find<{ _id: string }>('customers', _.and([{ shopId: ctx.member.shopId }, _.or([{ searchText: text }, { name: ctx.db.regExp(escapeRegExp(keyword)) }])]), { limit: 100, fields: { _id: true } }),
  ]);
  const or: Record<string, unknown>[] = [];
  if (products.length) or.push({ productIds: _.in(products.map((p) => p._id)) });
  if (people.length) or.push({ partyId: _.in(people.map((c) => c._id)) });
  if (or.length === 0) return null;
  return or.length === 1 ? or[0] : _.or(or);
}

export async function quickSalesPage(ctx: MemberContext, input: z.output<(typeof schemas)['stock.sales']>): Promise<Paged<QuickSaleRow>> {
  const _ = ctx.db.command;
  const and: Record<string, unknown>[] = [{ shopId: ctx.member.shopId, ...QUICK }];
  if (input.customerId) and.push({ partyId: input.customerId });
  // postings keep createdAt as a Date (sales orders keep a string)
  if (input.period !== 'all') and.push({ createdAt: _.gte(new Date(periodStart(input.period, ctx.requestNow))) });
  if (input.keyword) {
    const filter = await keywordFilter(ctx, input.keyword);
    if (!filter) return { items: [], page: input.page, pageSize: input.pageSize, hasMore: false };
    and.push(filter);
  }
  const rows = await ctx.db.find<Posting>('postings', _.and(and), {
    orderBy: [['createdAt', 'desc'], ['_id', 'desc']],
    skip: (input.page - 1) * input.pageSize,
    limit: input.pageSize + 1,
  });
  const paged = pageOf(rows, input.page, input.pageSize);
  if (paged.items.length === 0) return { ...paged, items: [] };
  const [names, returns, reversals] = await Promise.all([
    customerNames(ctx, paged.items.map((p) => p.partyId)),
    ctx.db.getMany<ReturnsDoc & { _id: string }>('returns', paged.items.map((p) => p._id)),
    ctx.db.find<{ _id: string }>('postings', { _id: _.in(paged.items.map(reversalIdOf)) }, { limit: paged.items.length, fields: { _id: true } }),
  ]);
  const returnsOf = new Map(returns.map((r) => [r._id, r]));
  const reversed = new Set(reversals.map((r) => r._id));
  const items = paged.items.map((p): QuickSaleRow => ({
    _id: p._id,
    createdAt: new Date(p.createdAt).toISOString(),
    customerId: p.partyId,
    customerName: (p.partyId && names.get(p.partyId)) || '',
    operatorName: p.operator.name,
    amountFen: p.totals.amountFen ?? 0,
    payment: p.payment,
    productCount: p.productIds.length,
    firstProductName: p.lines[0]?.productName ?? '',
    qty: -p.totals.qty,
    returnedQty: [...returnedByProduct(returnsOf.get(p._id)).values()].reduce((s, q) => s + q, 0),
    reversed: reversed.has(reversalIdOf(p)),
    note: p.note,
  }));
  return { ...paged, items };
}

export async function quickSaleDetail(ctx: MemberContext, id: string): Promise<QuickSaleDetail> {
  const sale = await ctx.db.getById<Posting>('postings', id);
  if (!sale || sale.shopId !== ctx.member.shopId || sale.type !== 'sale' || sale.source.kind !== 'sale') throw new AppError('E_NOT_FOUND', '这张开单不存在');
  // Returns, exchanges and a reversal all name the sale as their source (one indexed query).
  const [after, returnsDoc, names] = await Promise.all([
    ctx.db.find<Posting>('postings', { shopId: sale.shopId, 'source.id': sale._id }, { orderBy: [['createdAt', 'asc'], ['_id', 'asc']], limit: 200 }),
    ctx.db.getById<ReturnsDoc>('returns', sale._id),
    customerNames(ctx, [sale.partyId]),
  ]);
  const productIds = [...new Set([sale, ...after].flatMap((p) => p.productIds))];
  const units = new Map((await ctx.db.getMany<Product>('products', productIds)).map((p) => [p._id, p.baseUnit]));
  const reversed = after.some((p) => p.type === 'reversal');
  const returned = returnedByProduct(returnsDoc);
  const lines = new Map<string, QuickSaleLine>();
  for (const l of sale.lines) {
    const line = lines.get(l.productId) ?? { productId: l.productId, productName: l.productName, baseUnit: units.get(l.productId) ?? '', soldQty: 0, returnedQty: returned.get(l.productId) ?? 0, returnableQty: 0, amountFen: 0 };
    line.soldQty += Math.abs(l.qty);
    line.amountFen += l.amountFen ?? 0;
    lines.set(l.productId, line);
  }
  for (const line of lines.values()) line.returnableQty = reversed ? 0 : Math.max(0, line.soldQty - line.returnedQty);
  return {
    sale: postingView(sale, units, ctx.member.role),
    customerName: (sale.partyId && names.get(sale.partyId)) || '',
    lines: [...lines.values()],
    returns: after.filter((p) => p.type === 'sale_return' || p.type === 'exchange').map((p) => postingView(p, units, ctx.member.role)),
    reversed,
  };
}
