// Document numbers per shop and China-time day: CG20261123-001. The counter document
// counters/{shopId}_{prefix}{yyyymmdd} is read and written in the transaction that creates the
// document, so two documents created at once never share a number (the later one conflicts and
// is retried by the database wrapper).
import { Tx } from '../core/db';
import { chinaDay } from '../posting/engine';

export async function nextNumber(tx: Tx, shopId: string, prefix: string, at: Date): Promise<string> {
  const day = chinaDay(at).replace(/-/g, '');
  const id = `${shopId}_${prefix}${day}`;
  const counter = await tx.get<{ value: number }>('counters', id);
  const value = (counter?.value ?? 0) + 1;
  await tx.set('counters', id, { shopId, prefix, day, value });
  return `${prefix}${day}-${String(value).padStart(3, '0')}`;
}
