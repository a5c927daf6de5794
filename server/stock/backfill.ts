// Products written before the engine kept their on-hand total have no `onHand`: the first posting
// would count from 0. `system.setup` (console only) gives each such product its total from its
// balances, in a transaction per product that reads the balances by id — a posting at the same
// moment conflicts and is retried, so the total is never off.
import type { Product, Shop, StockBalance } from '../../typings/models';
import { Db } from '../core/db';
import { balanceId, stockFlags } from '../posting/engine';

export async function backfillProductTotals(db: Db): Promise<number> {
  const _ = db.command;
  const shops = new Map<string, Shop | null>();
  let fixed = 0;
  for (;;) {
    const page = await db.find<Product>('products', { onHand: _.exists(false) }, { limit: 100 });
    if (page.length === 0) return fixed;
    for (const p of page) {
      if (!shops.has(p.shopId)) shops.set(p.shopId, await db.getById<Shop>('shops', p.shopId));
      const warehouses = shops.get(p.shopId)?.warehouses ?? [];
      await db.transaction(async (tx) => {
        const current = await tx.get<Product>('products', p._id);
        if (!current || current.onHand !== undefined) return;
        const balances = await Promise.all(warehouses.map((w) => tx.get<StockBalance>('stock', balanceId(p.shopId, w.id, p._id))));
        const onHand = balances.reduce((s, b) => s + (b?.qty ?? 0), 0);
        await tx.update('products', p._id, stockFlags({ onHand, minStock: current.minStock ?? 0 }));
      });
      fixed++;
    }
  }
}
