// Suppliers and customers: one implementation of what both collections share (their own, save,
// list); suppliers add lead time and payment terms, customers (./customers) addresses, level,
// tags, a credit limit and what they owe.
import { schemas } from '../../typings/api';
import { SUPPLIER_DEFAULTS } from '../../typings/api/parties';
import type { Party } from '../../typings/api/parties';
import { AppError } from '../core/errors';
import { action, MemberContext } from '../core/router';
import { escapeRegExp, pageOf } from '../core/query';
import { newId } from '../core/shop';

export type PartyCollection = 'suppliers' | 'customers';

export async function getOwnParty<T extends Party = Party>(ctx: MemberContext, coll: PartyCollection, id: string): Promise<T> {
  const p = await ctx.db.getById<T>(coll, id);
  if (!p || p.shopId !== ctx.member.shopId) throw new AppError('E_NOT_FOUND', coll === 'suppliers' ? '供应商不存在' : '客户不存在');
  return p;
}

/** What differs between the two kinds of party when saving. */
export interface PartyKind {
  coll: PartyCollection;
  defaults: Record<string, unknown>;
  /** fields computed from the whole party after the change (e.g. a search text) */
  derive?: (party: Record<string, unknown>) => Record<string, unknown>;
}

/** Creates or updates a supplier or customer; an update changes only the fields sent. */
export async function saveParty<T extends Party>(ctx: MemberContext, kind: PartyKind, input: { id?: string } & Record<string, unknown>): Promise<T> {
  const { id, ...sent } = input;
  const fields = Object.fromEntries(Object.entries(sent).filter(([, v]) => v !== undefined));
  if (id) {
    const current = await getOwnParty<T>(ctx, kind.coll, id);
    const merged = { ...current, ...fields };
    const changes = { ...fields, ...kind.derive?.(merged) };
    await ctx.db.update(kind.coll, id, changes);
    return { ...current, ...changes } as T;
  }
  const base = { ...kind.defaults, ...fields, shopId: ctx.member.shopId };
  const doc = { ...base, ...kind.derive?.(base), createdAt: new Date() };
  const _id = newId();
  await ctx.db.set(kind.coll, _id, doc);
  return { ...doc, _id, createdAt: doc.createdAt.toISOString() } as unknown as T;
}

const SUPPLIERS: PartyKind = { coll: 'suppliers', defaults: SUPPLIER_DEFAULTS };

export const partyActionTable = {
  'suppliers.save': action(['owner', 'manager'], schemas['suppliers.save'], (ctx, input) => saveParty<Party>(ctx, SUPPLIERS, input)),
  'suppliers.list': action(['owner', 'manager', 'clerk'], schemas['suppliers.list'], async (ctx, input) => {
    const where: Record<string, unknown> = { shopId: ctx.member.shopId, archived: false };
    if (input.keyword) where.name = ctx.db.regExp(escapeRegExp(input.keyword));
    const rows = await ctx.db.find<Party>('suppliers', where, { orderBy: [['name', 'asc']], skip: (input.page - 1) * input.pageSize, limit: input.pageSize + 1 });
    return pageOf(rows, input.page, input.pageSize);
  }),
};
