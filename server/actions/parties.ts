// Suppliers and customers: one implementation for both collections (suppliers add lead time and
// payment terms, customers carry what they owe).
import { schemas } from '../../typings/api';
import { PARTY_DEFAULTS, SUPPLIER_DEFAULTS } from '../../typings/api/parties';
import type { Party } from '../../typings/api/parties';
import { AppError } from '../core/errors';
import { action, MemberContext } from '../core/router';
import { escapeRegExp, pageOf } from '../core/query';
import { newId } from '../core/shop';

type PartyCollection = 'suppliers' | 'customers';

export async function getOwnParty(ctx: MemberContext, coll: PartyCollection, id: string): Promise<Party> {
  const p = await ctx.db.getById<Party>(coll, id);
  if (!p || p.shopId !== ctx.member.shopId) throw new AppError('E_NOT_FOUND', coll === 'suppliers' ? '供应商不存在' : '客户不存在');
  return p;
}

/** Creates or updates a supplier or customer; an update changes only the fields sent. */
async function saveParty(ctx: MemberContext, coll: PartyCollection, input: { id?: string } & Record<string, unknown>): Promise<Party> {
  const { id, ...sent } = input;
  const fields = Object.fromEntries(Object.entries(sent).filter(([, v]) => v !== undefined));
  if (id) {
    const current = await getOwnParty(ctx, coll, id);
    await ctx.db.update(coll, id, fields);
    return { ...current, ...fields } as Party;
  }
  const doc = { ...(coll === 'suppliers' ? SUPPLIER_DEFAULTS : PARTY_DEFAULTS), ...fields, shopId: ctx.member.shopId, createdAt: new Date() };
  const _id = newId();
  await ctx.db.set(coll, _id, doc);
  return { ...doc, _id, createdAt: doc.createdAt.toISOString() } as unknown as Party;
}

function listParties(coll: PartyCollection) {
  return action(['owner', 'manager', 'clerk'], schemas[`${coll}.list` as 'suppliers.list'], async (ctx, input) => {
    const where: Record<string, unknown> = { shopId: ctx.member.shopId, archived: false };
    if (input.keyword) where.name = ctx.db.regExp(escapeRegExp(input.keyword));
    const rows = await ctx.db.find<Party>(coll, where, { orderBy: [['name', 'asc']], skip: (input.page - 1) * input.pageSize, limit: input.pageSize + 1 });
    return pageOf(rows, input.page, input.pageSize);
  });
}

export const partyActionTable = {
  'suppliers.save': action(['owner', 'manager'], schemas['suppliers.save'], (ctx, input) => saveParty(ctx, 'suppliers', input)),
  'suppliers.list': listParties('suppliers'),
  'customers.save': action(['owner', 'manager'], schemas['customers.save'], (ctx, input) => saveParty(ctx, 'customers', input)),
  'customers.list': listParties('customers'),
};
