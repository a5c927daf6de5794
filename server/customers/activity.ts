// What a customer bought, read from the ledger without touching the engine: their postings carry
// them as partyId (indexed), so one aggregate answers a whole page of customers' purchase counts
// and last purchase, another the regulars who stopped coming.
import type { DormantCustomer } from '../../typings/api/customers';
import type { MemberContext } from '../core/router';
import { customerOf } from './profile';

/** The postings that belong in a customer's history (and change what they spend or owe). */
export const CUSTOMER_POSTING_TYPES = ['sale', 'sale_return', 'exchange', 'reversal'];

export interface PurchaseStats {
  purchases: number;
  lastPurchaseAt: string | null;
}

const iso = (v: unknown): string | null => (v ? new Date(v as string).toISOString() : null);

/** Sales per customer and the latest one, for the given customers (one aggregate). */
export async function purchaseStats(ctx: MemberContext, customerIds: string[]): Promise<Map<string, PurchaseStats>> {
  const out = new Map<string, PurchaseStats>();
  if (customerIds.length === 0) return out;
  const _ = ctx.db.command;
  const $ = _.aggregate;
  const r = await ctx.db
    .aggregate('postings')
    .match({ shopId: ctx.member.shopId, partyId: _.in(customerIds), type: 'sale' })
    .group({ _id: '$partyId', purchases: $.sum(1), last: $.max('$createdAt') })
    .limit(1000)
    .end();
  for (const row of r.list as { _id: string; purchases: number; last: unknown }[]) out.set(row._id, { purchases: row.purchases, lastPurchaseAt: iso(row.last) });
  return out;
}

/** One customer's totals: orders (sales less reversed ones), net amount spent, last purchase. */
export async function customerTotals(ctx: MemberContext, customerId: string): Promise<{ orders: number; amountFen: number; lastPurchaseAt: string | null }> {
  const _ = ctx.db.command;
  const $ = _.aggregate;
  const r = await ctx.db
    .aggregate('postings')
    .match({ shopId: ctx.member.shopId, partyId: customerId, type: _.in(CUSTOMER_POSTING_TYPES) })
    .group({ _id: { type: '$type', kind: '$source.kind' }, n: $.sum(1), fen: $.sum('$totals.amountFen'), last: $.max('$createdAt') })
    .limit(100)
    .end();
  let orders = 0;
  let amountFen = 0;
  let last: string | null = null;
  for (const row of r.list as { _id: { type: string; kind: string }; n: number; fen: number | null; last: unknown }[]) {
    amountFen += row.fen ?? 0;
    if (row._id.type === 'sale') {
      orders += row.n;
      last = iso(row.last);
    }
    if (row._id.type === 'reversal' && row._id.kind === 'sale') orders -= row.n;
  }
  return { orders, amountFen, lastPurchaseAt: last };
}

const DAY_MS = 86_400_000;

/**
 * Regulars (≥ 2 sales) whose latest sale is at least `days` days old, the most recently lapsed
 * first (the easiest to win back). One aggregate over the shop's sales to named customers.
 */
export async function dormantCustomers(ctx: MemberContext, days: number): Promise<DormantCustomer[]> {
  const _ = ctx.db.command;
  const $ = _.aggregate;
  const now = ctx.requestNow.getTime();
  const r = await ctx.db
    .aggregate('postings')
    .match({ shopId: ctx.member.shopId, type: 'sale', partyId: _.neq(null) })
    .group({ _id: '$partyId', purchases: $.sum(1), last: $.max('$createdAt') })
    .match({ purchases: _.gte(2), last: _.lte(new Date(now - days * DAY_MS)) })
    .sort({ last: -1 })
    .limit(200)
    .end();
  const rows = r.list as { _id: string; purchases: number; last: unknown }[];
  const customers = new Map(
    (await ctx.db.getMany<Record<string, unknown>>('customers', rows.map((x) => x._id)))
      .map(customerOf)
      .filter((c) => c.shopId === ctx.member.shopId && !c.archived)
      .map((c) => [c._id, c]),
  );
  return rows.flatMap((x) => {
    const c = customers.get(x._id);
    if (!c) return [];
    const lastPurchaseAt = iso(x.last)!;
    return [{ _id: c._id, name: c.name, phone: c.phone, wechatId: c.wechatId ?? '', level: c.level, purchases: x.purchases, lastPurchaseAt, daysSince: Math.floor((now - Date.parse(lastPurchaseAt)) / DAY_MS), receivableFen: c.receivableFen }];
  });
}
