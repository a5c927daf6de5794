// Document numbers per shop and China-time day: CG20261123-001. The counter document
// counters/{shopId}_{prefix}{yyyymmdd} is read and written in the transaction that creates the
// document, so two documents created at once never share a number (the later one conflicts and
// is retried by the database wrapper).
import { Tx } from '../core/db';
import type { GuardDocument } from '../posting/engine';
import { chinaDay } from '../posting/engine';

function counterOf(shopId: string, prefix: string, at: Date) {
  const day = chinaDay(at).replace(/-/g, '');
  return { id: `${shopId}_${prefix}${day}`, day };
}

function advance(shopId: string, prefix: string, day: string, counter: { value?: number } | null) {
  const value = (counter?.value ?? 0) + 1;
  return { doc: { shopId, prefix, day, value }, no: `${prefix}${day}-${String(value).padStart(3, '0')}` };
}

export async function nextNumber(tx: Tx, shopId: string, prefix: string, at: Date): Promise<string> {
  const { id, day } = counterOf(shopId, prefix, at);
  const next = advance(shopId, prefix, day, await tx.get<{ value: number }>('counters', id));
  await tx.set('counters', id, next.doc);
  return next.no;
}

/**
 * The counter as a guard of a posting that creates its document (a transfer made and posted in
 * one tap): the number is taken in the posting's transaction, and `onNumber` hands it to the guards
 * after it, which create the document.
 */
export function numberGuard(shopId: string, prefix: string, at: Date, onNumber: (no: string) => void): GuardDocument {
  const { id, day } = counterOf(shopId, prefix, at);
  return {
    coll: 'counters',
    id,
    apply: (current) => {
      const next = advance(shopId, prefix, day, current as { value?: number } | null);
      onNumber(next.no);
      return next.doc;
    },
  };
}
