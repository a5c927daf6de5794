// A stocked shop with imported history, shared by the nightly job's cloud and page tests.
import { LocalCloud } from '../../localcloud';
import { Db } from '../../server/core/db';
import { addDays, chinaDay, dayOfYear, historyId } from '../../server/replenishment/history';
import { createTestShop, rid, TestShop } from './cloud';

export const realToday = chinaDay(new Date());

/** History as if the shop had used the app for `days` days before today: `perDay(i)` units on day i. */
export async function importHistory(db: Db, shopId: string, productId: string, days: number, perDay: (i: number) => number) {
  const docs = new Map<number, number[]>();
  for (let i = 0; i < days; i++) {
    const { year, index } = dayOfYear(addDays(realToday, -days + i));
    const daily = docs.get(year) ?? Array.from({ length: 366 }, () => 0);
    daily[index] = perDay(i);
    docs.set(year, daily);
  }
  for (const [year, daily] of docs) await db.set('sales_history', historyId(shopId, productId, year), { shopId, productId, year, daily });
}

/** Products are imported with their age: days before a product existed are not days without sales. */
export async function backdate(db: Db, productId: string, days: number) {
  await db.update('products', productId, { createdAt: new Date(Date.now() - days * 86_400_000) });
}

export interface Fixture {
  shop: TestShop;
  cola: any;
  chips: any;
  milk: any;
  cup: any;
  supplier: any;
}

/** 可乐 runs low (lead time 3, 箱 of 24, supplier 宏达批发), 薯片 over its maximum, 鲜牛奶 batch M1 expires in 10 days, 老款杯子 never sold in 200 days. */
export async function stockedShop(lc: LocalCloud, db: Db, prefix: string): Promise<Fixture> {
  const shop = await createTestShop(lc, prefix);
  const owner = shop.as(shop.owner);
  // The digest template is deployment configuration: the functions' environment.
  process.env.STOCKMATE_DIGEST_TEMPLATE_ID = 'TPL_DIGEST';
  await owner('shops.updateSettings', { settings: { deadStockDays: 60, expiryWindowDays: 30 } });
  const supplier = await owner('suppliers.save', { name: '宏达批发' });
  const cola = await owner('products.create', {
    name: '可乐 330ml',
    baseUnit: '罐',
    purchaseUnit: { name: '箱', factor: 24 },
    purchasePriceFen: 200,
    salePriceFen: 350,
    leadTimeDays: 3,
    preferredSupplierId: supplier._id,
  });
  const chips = await owner('products.create', { name: '薯片', baseUnit: '包', purchasePriceFen: 400, maxStock: 50 });
  const milk = await owner('products.create', { name: '鲜牛奶', baseUnit: '盒', purchasePriceFen: 500, batchTracked: true });
  const cup = await owner('products.create', { name: '老款杯子', baseUnit: '个', purchasePriceFen: 1500 });
  for (const p of [cola, chips, milk, cup]) await backdate(db, p._id, 200);
  await importHistory(db, shop.shopId, cola._id, 120, () => 10);
  await importHistory(db, shop.shopId, chips._id, 120, (i) => (i % 2 ? 1 : 2));
  await importHistory(db, shop.shopId, milk._id, 120, () => 2);
  await owner('stock.receive', {
    requestId: rid(),
    supplierId: supplier._id,
    lines: [
      { productId: cola._id, qty: 20, unitCostFen: 200 },
      { productId: chips._id, qty: 100, unitCostFen: 400 },
      { productId: milk._id, qty: 12, unitCostFen: 500, batchNo: 'M1', expiryDate: addDays(realToday, 10) },
      { productId: milk._id, qty: 100, unitCostFen: 500, batchNo: 'M2', expiryDate: addDays(realToday, 90) },
      { productId: cup._id, qty: 5, unitCostFen: 1500 },
    ],
  });
  await owner('stock.sell', { requestId: rid(), lines: [{ productId: cola._id, qty: 5 }] });
  return { shop, cola, chips, milk, cup, supplier };
}

