// What a customer owes (应收, customers/{id}.receivableFen), changed in the transaction of the
// step that changes it: a credit sale or an order's shipment adds what was not paid, a payment or
// the return of a credit sale takes it off, a reversal undoes either. The customer's credit limit
// (creditLimitFen; null or absent: none) is enforced here, where no page can bypass it: going
// above it needs the owner's recorded override.
import { fenToYuan } from '../../miniprogram/utils/money';
import { AppError } from '../core/errors';
import type { GuardDocument } from '../posting/engine';

/** The customer's debt after adding `deltaFen`; refused above the credit limit unless overridden. */
export function owedAfter(doc: Record<string, unknown> | null, customerId: string, shopId: string, deltaFen: number, creditOverride = false): Record<string, unknown> | null {
  if (!doc || doc.shopId !== shopId) throw new AppError('E_NOT_FOUND', '客户不存在');
  if (deltaFen === 0) return null;
  const receivableFen = Number(doc.receivableFen ?? 0);
  const limit = doc.creditLimitFen === null || doc.creditLimitFen === undefined ? null : Number(doc.creditLimitFen);
  if (deltaFen > 0 && limit !== null && receivableFen + deltaFen > limit && !creditOverride) {
    throw new AppError(
      'E_CREDIT_LIMIT',
      `「${String(doc.name ?? '客户')}」赊账额度 ¥${fenToYuan(limit)}，已欠 ¥${fenToYuan(receivableFen)}，这一单再欠 ¥${fenToYuan(deltaFen)} 就超了：请先收款，或由店主填写原因后放行`,
      { customerId, receivableFen, creditLimitFen: limit, addFen: deltaFen },
    );
  }
  return { ...doc, receivableFen: receivableFen + deltaFen };
}

export function receivableGuard(customerId: string, shopId: string, deltaFen: number, creditOverride = false): GuardDocument {
  return { coll: 'customers', id: customerId, apply: (doc) => owedAfter(doc, customerId, shopId, deltaFen, creditOverride) };
}
