// Customers (客户): profile (the save shared with suppliers), search, history, regulars who stopped
// coming, 收款, who owes what, and the statement (对账单).
import { schemas } from '../../typings/api';
import type { Customer, CustomerRow } from '../../typings/api/customers';
import type { Posting, Product } from '../../typings/models';
import { AppError } from '../core/errors';
import { escapeRegExp, pageOf } from '../core/query';
import { action } from '../core/router';
import { postingView } from '../stock/views';
import { CUSTOMER_POSTING_TYPES, customerTotals, dormantCustomers, purchaseStats } from '../customers/activity';
import { customerStatement, receivePayment } from '../customers/ledger';
import { customerOf, CUSTOMERS } from '../customers/profile';
import { getOwnParty, saveParty } from './parties';

const MANAGERS = ['owner', 'manager'] as const;
const ALL = ['owner', 'manager', 'clerk'] as const;

export const customerActions = {
  'customers.save': action(MANAGERS, schemas['customers.save'], async (ctx, input) => customerOf(await saveParty<Customer>(ctx, CUSTOMERS, input) as unknown as Record<string, unknown>)),

  'customers.list': action(ALL, schemas['customers.list'], async (ctx, input) => {
    const _ = ctx.db.command;
    const and: Record<string, unknown>[] = [{ shopId: ctx.member.shopId, archived: false }];
    if (input.keyword) {
      // name too: a customer saved before the search text existed is still found by name
      and.push(_.or([{ searchText: ctx.db.regExp(escapeRegExp(input.keyword.toLowerCase()), '') }, { name: ctx.db.regExp(escapeRegExp(input.keyword)) }]));
    }
    if (input.level) and.push(input.level === 'normal' ? _.or([{ level: 'normal' }, { level: _.exists(false) }]) : { level: input.level });
    if (input.tag) and.push({ tags: input.tag });
    const docs = await ctx.db.find<Record<string, unknown>>('customers', and.length === 1 ? and[0] : _.and(and), {
      orderBy: [['name', 'asc']],
      skip: (input.page - 1) * input.pageSize,
      limit: input.pageSize + 1,
    });
    const paged = pageOf(docs.map(customerOf), input.page, input.pageSize);
    const stats = await purchaseStats(ctx, paged.items.map((c) => c._id));
    const items: CustomerRow[] = paged.items.map((c) => ({
      _id: c._id,
      name: c.name,
      phone: c.phone,
      wechatId: c.wechatId ?? '',
      level: c.level,
      tags: c.tags,
      receivableFen: c.receivableFen,
      creditLimitFen: c.creditLimitFen,
      lastPurchaseAt: stats.get(c._id)?.lastPurchaseAt ?? null,
      purchases: stats.get(c._id)?.purchases ?? 0,
      archived: c.archived,
    }));
    return { ...paged, items };
  }),

  'customers.detail': action(ALL, schemas['customers.detail'], async (ctx, input) => {
    const customer = customerOf((await getOwnParty(ctx, 'customers', input.id)) as unknown as Record<string, unknown>);
    const _ = ctx.db.command;
    const [totals, postings] = await Promise.all([
      customerTotals(ctx, customer._id),
      ctx.db.find<Posting>('postings', { shopId: ctx.member.shopId, partyId: customer._id, type: _.in(CUSTOMER_POSTING_TYPES) }, {
        orderBy: [['createdAt', 'desc'], ['_id', 'desc']],
        skip: (input.page - 1) * input.pageSize,
        limit: input.pageSize + 1,
      }),
    ]);
    const paged = pageOf(postings, input.page, input.pageSize);
    const products = await ctx.db.getMany<Product>('products', paged.items.flatMap((p) => p.productIds));
    const units = new Map(products.map((p) => [p._id, p.baseUnit]));
    return {
      customer,
      receivableFen: customer.receivableFen,
      totals,
      history: { ...paged, items: paged.items.map((p) => postingView(p, units, ctx.member.role)) },
    };
  }),

  'customers.dormant': action(ALL, schemas['customers.dormant'], (ctx, input) => dormantCustomers(ctx, input.days)),

  'customers.receive': action(MANAGERS, schemas['customers.receive'], (ctx, input) => receivePayment(ctx, input)),

  'customers.receivables': action(MANAGERS, schemas['customers.receivables'], async (ctx, input) => {
    const _ = ctx.db.command;
    const where = { shopId: ctx.member.shopId, receivableFen: _.gt(0) };
    const [docs, sum] = await Promise.all([
      ctx.db.find<Record<string, unknown>>('customers', where, { orderBy: [['receivableFen', 'desc'], ['_id', 'asc']], skip: (input.page - 1) * input.pageSize, limit: input.pageSize + 1 }),
      ctx.db.aggregate('customers').match(where).group({ _id: null, fen: _.aggregate.sum('$receivableFen'), n: _.aggregate.sum(1) }).limit(1).end(),
    ]);
    const paged = pageOf(docs.map(customerOf), input.page, input.pageSize);
    const stats = await purchaseStats(ctx, paged.items.map((c) => c._id));
    const total = (sum.list as { fen: number; n: number }[])[0];
    return {
      ...paged,
      items: paged.items.map((c) => ({ _id: c._id, name: c.name, phone: c.phone, receivableFen: c.receivableFen, creditLimitFen: c.creditLimitFen, lastPurchaseAt: stats.get(c._id)?.lastPurchaseAt ?? null })),
      totalFen: total?.fen ?? 0,
      customers: total?.n ?? 0,
    };
  }),

  'customers.statement': action(MANAGERS, schemas['customers.statement'], async (ctx, input) => {
    if (input.from > input.to) throw new AppError('E_VALIDATION', '开始日期不能晚于结束日期');
    const customer = await getOwnParty(ctx, 'customers', input.customerId);
    return customerStatement(ctx, customer, input.from, input.to);
  }),
};
