// Every collection the app uses. A deployment creates them once with `system.setup` (the cloud
// refuses reads and writes to a collection that was never created); database/indexes.json lists
// the indexes to create in the console, and localcloud builds the same ones.
import { Db } from './db';

export const COLLECTIONS = [
  'shops',
  'members',
  'invites',
  'products',
  'barcodes',
  'suppliers',
  'customers',
  'stock',
  'postings',
  'returns',
  'sales_history',
  'replenishment',
  'alerts',
  'job_state',
  'subscriptions',
  'counters',
  'purchase_orders',
  'purchase_returns',
  'supplier_payments',
  'transfers',
  'counts',
  'count_lines',
  'sales_orders',
  'audit',
  'customer_payments',
  'daily_summaries',
  'monthly_summaries',
] as const;

export type CollectionName = (typeof COLLECTIONS)[number];

export async function ensureCollections(db: Db): Promise<string[]> {
  const created: string[] = [];
  for (const name of COLLECTIONS) {
    try {
      await db.raw.createCollection(name);
      created.push(name);
    } catch (e) {
      const text = `${(e as any)?.errMsg ?? ''} ${(e as any)?.message ?? ''}`;
      if (!/exist/i.test(text)) throw e;
    }
  }
  return created;
}
