// Demand history from the ledger by one server-side aggregate per window, idempotent per day.
import { LocalCloud } from '../../localcloud';
import { Db } from '../../server/core/db';
import { addDays, aggregateSalesHistory, chinaDay, dayOfYear, historyId } from '../../server/replenishment/history';
import { createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';

let lc: LocalCloud;
let db: Db;
let shop: TestShop;

beforeAll(async () => {
  const t = await startApiCloud();
  lc = t.lc;
  db = new Db(t.db);
  shop = await createTestShop(lc, 'history');
});
afterAll(() => lc.stop());

test('sales minus returns per product and China-time day, set (not added) so a re-run changes nothing', async () => {
  const owner = shop.as(shop.owner);
  const a = await owner('products.create', { name: '甲', salePriceFen: 100 });
  const b = await owner('products.create', { name: '乙', salePriceFen: 100 });
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: a._id, qty: 100 }, { productId: b._id, qty: 100 }] });
  const sale = await owner('stock.sell', { requestId: rid(), lines: [{ productId: a._id, qty: 5 }, { productId: b._id, qty: 2 }] });
  await owner('stock.sell', { requestId: rid(), lines: [{ productId: a._id, qty: 3 }] });
  await owner('stock.saleReturn', { requestId: rid(), salePostingId: sale._id, lines: [{ productId: a._id, qty: 1 }] });
  // A sale made by mistake and reversed is no demand.
  const mistake = await owner('stock.sell', { requestId: rid(), lines: [{ productId: a._id, qty: 40 }] });
  await owner('stock.reverse', { postingId: mistake._id });

  const today = chinaDay(new Date());
  const tomorrow = addDays(today, 1); // as the job would see it tomorrow: today is a complete day
  const { year, index } = dayOfYear(today);
  const first = await aggregateSalesHistory(db, shop.shopId, tomorrow, 30);
  expect(first).toMatchObject({ to: today, documents: 2 });
  const docA = await db.getById<any>('sales_history', historyId(shop.shopId, a._id, year));
  const docB = await db.getById<any>('sales_history', historyId(shop.shopId, b._id, year));
  expect(docA.daily[index]).toBe(5 + 3 - 1);
  expect(docB.daily[index]).toBe(2);
  expect(docA.daily.filter((v: number) => v !== 0)).toHaveLength(1);

  // Nothing new after the watermark: no work.
  expect((await aggregateSalesHistory(db, shop.shopId, tomorrow, 30)).from).toBeNull();
  // A run cut off before its watermark was saved runs again: same values, not doubled.
  await db.remove('job_state', `history_${shop.shopId}`);
  await aggregateSalesHistory(db, shop.shopId, tomorrow, 30);
  expect((await db.getById<any>('sales_history', historyId(shop.shopId, a._id, year))).daily[index]).toBe(7);
  // Today's sales are not aggregated while today is incomplete.
  await db.remove('job_state', `history_${shop.shopId}`);
  const partial = await aggregateSalesHistory(db, shop.shopId, today, 30);
  expect(partial.to).toBe(addDays(today, -1));
});
