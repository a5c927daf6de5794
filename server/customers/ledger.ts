// What a customer owes (应收): customers/{id}.receivableFen, changed by the engine's receivable guard
// with every credit sale, credit return and reversal, and here by 收款 (customer_payments). The
// statement re-derives the same figure from the postings and payments, movement by movement.
import type { CustomerPayment, CustomerStatement, CustomerStatementEntry } from '../../typings/api/customers';
import type { Posting } from '../../typings/models';
import { POSTING_LABELS } from '../../typings/models';
import { AppError } from '../core/errors';
import type { MemberContext } from '../core/router';
import { Movement, runningStatement } from '../documents/statement';
import { CUSTOMER_POSTING_TYPES } from './activity';

const METHOD_LABELS: Record<string, string> = { wechat: '微信', alipay: '支付宝', cash: '现金', bank: '银行转账', card: '刷卡' };

/** How a posting changed what its customer owes: the same rules as the engine guard's callers. */
function owedChange(p: Posting, byId: Map<string, Posting>): number {
  if (p.type === 'sale') return p.payment?.owedFen ?? 0;
  if (p.type === 'sale_return') return p.payment?.method === 'credit' ? p.totals.amountFen ?? 0 : 0;
  // an exchange on credit owes the difference (negative: the refund of what came back)
  if (p.type === 'exchange') return p.payment?.method === 'credit' ? p.payment.owedFen : 0;
  if (p.type === 'reversal' && p.reverses) {
    const original = byId.get(p.reverses);
    return original ? -owedChange(original, byId) : 0;
  }
  return 0;
}

const KIND: Record<string, CustomerStatementEntry['kind']> = { sale: 'sale', sale_return: 'return', exchange: 'exchange', reversal: 'reversal' };

export async function customerStatement(ctx: MemberContext, customer: { _id: string; name: string }, from: string, to: string): Promise<CustomerStatement> {
  const shopId = ctx.member.shopId;
  const _ = ctx.db.command;
  const [postings, payments] = await Promise.all([
    ctx.db.findAll<Posting>('postings', { shopId, partyId: customer._id, type: _.in(CUSTOMER_POSTING_TYPES) }, [['createdAt', 'asc'], ['_id', 'asc']], 20_000),
    ctx.db.findAll<CustomerPayment>('customer_payments', { shopId, customerId: customer._id }, [['createdAt', 'asc'], ['_id', 'asc']], 20_000),
  ]);
  const byId = new Map(postings.map((p) => [p._id, p]));
  const moves: Movement<CustomerStatementEntry['kind']>[] = [
    ...postings.flatMap((p) => {
      const amountFen = owedChange(p, byId);
      if (amountFen === 0) return [];
      return [{ at: new Date(p.createdAt).toISOString(), kind: KIND[p.type], label: p.type === 'sale' ? '赊账销售' : POSTING_LABELS[p.type], ref: p.source.no ?? p._id, amountFen }];
    }),
    ...payments.map((p) => ({ at: new Date(p.createdAt).toISOString(), kind: 'payment' as const, label: `收款（${METHOD_LABELS[p.method] ?? p.method}）`, ref: p._id, amountFen: -p.amountFen })),
  ];
  return { customerId: customer._id, customerName: customer.name, from, to, ...runningStatement(moves, from, to) };
}

/** customer_payments/{shopId}_{requestId}: money that took something off what a customer owes (收款, or paying a credit order's shipped goods). */
export function customerPaymentDoc(ctx: MemberContext, customerId: string, amountFen: number, method: CustomerPayment['method'], note: string): Record<string, unknown> {
  return { shopId: ctx.member.shopId, customerId, amountFen, method, note, by: { openid: ctx.openid, name: ctx.member.name }, createdAt: new Date() };
}

export interface ReceiptInput {
  requestId: string;
  customerId: string;
  amountFen: number;
  method: CustomerPayment['method'];
  note: string;
}

/**
 * 收款 in one transaction: the customer's balance and the payment document together, so a retry
 * (same request id) answers the payment already made and never takes it twice. A payment beyond
 * what is owed is refused: a deposit for an order belongs to that order, and a typo here would
 * otherwise turn into a debt of the shop's.
 */
export async function receivePayment(ctx: MemberContext, input: ReceiptInput) {
  const shopId = ctx.member.shopId;
  const paymentId = `${shopId}_${input.requestId}`;
  return ctx.db.transaction(async (tx) => {
    const [customer, existing] = await Promise.all([
      tx.get<{ shopId: string; name: string; receivableFen?: number }>('customers', input.customerId),
      tx.get<CustomerPayment>('customer_payments', paymentId),
    ]);
    if (!customer || customer.shopId !== shopId) throw new AppError('E_NOT_FOUND', '客户不存在');
    const owed = Number(customer.receivableFen ?? 0);
    if (existing) {
      if (existing.customerId !== input.customerId || existing.amountFen !== input.amountFen || existing.method !== input.method) {
        throw new AppError('E_DUPLICATE', '这个请求编号已用于另一笔收款，请刷新后重新提交');
      }
      return { paymentId, customerId: input.customerId, amountFen: existing.amountFen, method: existing.method, receivableFen: owed, replayed: true };
    }
    if (input.amountFen > owed) {
      throw new AppError('E_VALIDATION', owed > 0 ? `收款金额超过欠款：${customer.name}只欠 ¥${(owed / 100).toFixed(2)}` : `${customer.name}没有欠款，不用收款`);
    }
    const receivableFen = owed - input.amountFen;
    await tx.update('customers', input.customerId, { receivableFen });
    await tx.set('customer_payments', paymentId, customerPaymentDoc(ctx, input.customerId, input.amountFen, input.method, input.note));
    return { paymentId, customerId: input.customerId, amountFen: input.amountFen, method: input.method, receivableFen, replayed: false };
  });
}
