// What a customer owes (应收, customers/{id}.receivableFen), changed in the posting's transaction
// as one of the engine's guard documents: a credit sale adds what was not paid, the return of a
// credit sale takes its refund off, a reversal undoes either.
import { AppError } from '../core/errors';
import type { GuardDocument } from '../posting/engine';

export function receivableGuard(customerId: string, shopId: string, deltaFen: number): GuardDocument {
  return {
    coll: 'customers',
    id: customerId,
    apply: (doc) => {
      if (!doc || doc.shopId !== shopId) throw new AppError('E_NOT_FOUND', '客户不存在');
      if (deltaFen === 0) return null;
      return { ...doc, receivableFen: Number(doc.receivableFen ?? 0) + deltaFen };
    },
  };
}
