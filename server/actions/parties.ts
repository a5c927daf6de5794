// Suppliers and customers: one shape, one implementation for both collections.
import { schemas } from '../../typings/api';
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

function partyActions<C extends PartyCollection>(coll: C) {
  const save = schemas[`${coll}.save` as 'suppliers.save'];
  const list = schemas[`${coll}.list` as 'suppliers.list'];
  return {
    save: action(['owner', 'manager'], save, async (ctx, input): Promise<Party> => {
      const { id, ...fields } = input;
      if (id) {
        const current = await getOwnParty(ctx, coll, id);
        const next = { ...current, ...fields };
        await ctx.db.update(coll, id, fields);
        return next;
      }
      const doc = { ...fields, shopId: ctx.member.shopId, createdAt: new Date() };
      const _id = newId();
      await ctx.db.set(coll, _id, doc);
      return { ...doc, _id, createdAt: doc.createdAt.toISOString() };
    }),
    list: action(['owner', 'manager', 'clerk'], list, async (ctx, input) => {
      const where: Record<string, unknown> = { shopId: ctx.member.shopId, archived: false };
      if (input.keyword) where.name = ctx.db.regExp(escapeRegExp(input.keyword));
      const rows = await ctx.db.find<Party>(coll, where, { orderBy: [['name', 'asc']], skip: (input.page - 1) * input.pageSize, limit: input.pageSize + 1 });
      return pageOf(rows, input.page, input.pageSize);
    }),
  };
}

const suppliers = partyActions('suppliers');
const customers = partyActions('customers');

export const partyActionTable = {
  'suppliers.save': suppliers.save,
  'suppliers.list': suppliers.list,
  'customers.save': customers.save,
  'customers.list': customers.list,
};
