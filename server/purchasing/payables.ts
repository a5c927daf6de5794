// What the shop owes each supplier (应付), derived, never stored: receipts from the supplier add
// their value at cost, returns and reversals take it off (postings carry the supplier as partyId
// and a signed totals.costFen), payments (supplier_payments) reduce it. Two aggregates answer every
// supplier at once; a statement reads one supplier's postings and payments over a period.
import type { PayableRow, StatementEntry, SupplierStatement } from '../../typings/api/purchasing';
import type { Posting, SupplierPayment } from '../../typings/models';
import { POSTING_LABELS } from '../../typings/models';
import type { MemberContext } from '../core/router';
import { Movement, runningStatement } from '../documents/statement';

const PAYABLE_TYPES = ['purchase_receipt', 'purchase_return', 'reversal'];

export async function payablesBySupplier(ctx: MemberContext, supplierIds?: string[]): Promise<Map<string, number>> {
  const _ = ctx.db.command;
  const $ = _.aggregate;
  const shopId = ctx.member.shopId;
  const party = supplierIds ? { partyId: _.in(supplierIds) } : {};
  const supplier = supplierIds ? { supplierId: _.in(supplierIds) } : {};
  const [goods, paid] = await Promise.all([
    ctx.db.aggregate('postings').match({ shopId, type: _.in(PAYABLE_TYPES), ...party }).group({ _id: '$partyId', fen: $.sum('$totals.costFen') }).limit(1000).end(),
    ctx.db.aggregate('supplier_payments').match({ shopId, ...supplier }).group({ _id: '$supplierId', fen: $.sum('$amountFen') }).limit(1000).end(),
  ]);
  const out = new Map<string, number>();
  for (const r of goods.list as { _id: string | null; fen: number }[]) if (r._id) out.set(r._id, (out.get(r._id) ?? 0) + r.fen);
  for (const r of paid.list as { _id: string; fen: number }[]) out.set(r._id, (out.get(r._id) ?? 0) - r.fen);
  return out;
}

export function payableRows(payables: Map<string, number>, names: Map<string, string>): PayableRow[] {
  return [...names].map(([supplierId, supplierName]) => ({ supplierId, supplierName, payableFen: payables.get(supplierId) ?? 0 })).sort((a, b) => b.payableFen - a.payableFen);
}

/** A supplier's statement over [from, to] (China-time days): opening, every movement, closing. */
export async function supplierStatement(ctx: MemberContext, supplier: { _id: string; name: string }, from: string, to: string): Promise<SupplierStatement> {
  const shopId = ctx.member.shopId;
  const _ = ctx.db.command;
  const [postings, payments] = await Promise.all([
    ctx.db.findAll<Posting>('postings', { shopId, partyId: supplier._id, type: _.in(PAYABLE_TYPES) }, [['createdAt', 'asc'], ['_id', 'asc']], 20_000),
    ctx.db.findAll<SupplierPayment>('supplier_payments', { shopId, supplierId: supplier._id }, [['createdAt', 'asc'], ['_id', 'asc']], 20_000),
  ]);
  const moves: Movement<StatementEntry['kind']>[] = [
    ...postings.map((p) => ({
      at: new Date(p.createdAt).toISOString(),
      kind: p.type === 'purchase_receipt' ? ('receipt' as const) : p.type === 'purchase_return' ? ('return' as const) : ('reversal' as const),
      label: POSTING_LABELS[p.type],
      ref: p.source.no ?? p._id,
      amountFen: p.totals.costFen,
    })),
    ...payments.map((p) => ({ at: new Date(p.createdAt).toISOString(), kind: 'payment' as const, label: '付款', ref: p._id, amountFen: -p.amountFen })),
  ];
  return { supplierId: supplier._id, supplierName: supplier.name, from, to, ...runningStatement(moves, from, to) };
}
