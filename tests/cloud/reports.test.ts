// Reports over daily summaries, through the real api and nightly functions on localcloud: a few
// days of known receipts, sales, returns, adjustments and a reversal posted with this process's
// clock set to each day (Date only, as localcloud/demo.ts replays history), then figures compared
// with hand-computed ones, before the nightly job (all live) and after it (from summaries).
import { LocalCloud } from '../../localcloud';
import { Db } from '../../server/core/db';
import { chinaDay } from '../../server/posting/engine';
import { addDays } from '../../server/replenishment/history';
import { aggregateDailySummaries, summaryId, summaryStateId } from '../../server/reports/summary';
import { onDay as on } from '../helpers/clock';
import { apiError, createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';

let lc: LocalCloud;
let db: Db;
let shop: TestShop;
let other: TestShop;
const today = chinaDay(new Date());
const d = (n: number) => addDays(today, n);
let A: any;
let B: any;
let customer: any;

beforeAll(async () => {
  const t = await startApiCloud();
  lc = t.lc;
  db = new Db(t.db);
  shop = await createTestShop(lc, 'rep');
  other = await createTestShop(lc, 'rep-other');
  const owner = shop.as(shop.owner);
  const manager = shop.as(shop.manager);
  const clerk = shop.as(shop.clerk);
  // Another shop sells the same day: it must never appear.
  await on(d(-3), async () => {
    const o = other.as(other.owner);
    const x = await o('products.create', { name: '别家商品', baseUnit: '个', salePriceFen: 9900 });
    await o('stock.receive', { requestId: rid(), lines: [{ productId: x._id, qty: 50, unitCostFen: 5000 }] });
    await o('stock.sell', { requestId: rid(), lines: [{ productId: x._id, qty: 7 }] });
  });
  let clerkSale: any;
  let ownerSale: any;
  await on(d(-3), async () => {
    const supplier = await owner('suppliers.save', { name: '宏达批发' });
    customer = await owner('customers.save', { name: '张阿姨' });
    A = await owner('products.create', { name: '可乐', baseUnit: '罐', category: '饮料', salePriceFen: 1000, purchasePriceFen: 600 });
    B = await owner('products.create', { name: '薯片', baseUnit: '包', category: '零食', salePriceFen: 500, purchasePriceFen: 200 });
    await owner('stock.receive', { requestId: rid(), supplierId: supplier._id, lines: [{ productId: A._id, qty: 20, unitCostFen: 600 }, { productId: B._id, qty: 30, unitCostFen: 200 }] });
    clerkSale = await clerk('stock.sell', { requestId: rid(), customerId: customer._id, lines: [{ productId: A._id, qty: 3 }, { productId: B._id, qty: 5 }] });
  });
  await on(d(-2), async () => {
    ownerSale = await owner('stock.sell', { requestId: rid(), lines: [{ productId: A._id, qty: 2 }] });
    await manager('stock.saleReturn', { requestId: rid(), salePostingId: clerkSale._id, lines: [{ productId: A._id, qty: 1 }] });
    await manager('stock.adjust', { requestId: rid(), reason: 'damage', lines: [{ productId: B._id, qty: -2 }] });
  });
  await on(d(-1), async () => {
    await manager('stock.adjust', { requestId: rid(), reason: 'found', lines: [{ productId: A._id, qty: 1 }] });
    await manager('stock.saleReturn', { requestId: rid(), salePostingId: clerkSale._id, lines: [{ productId: B._id, qty: 1 }], toDamage: true });
    await owner('stock.reverse', { postingId: ownerSale._id });
  });
  await clerk('stock.sell', { requestId: rid(), lines: [{ productId: A._id, qty: 4 }] });
});
afterAll(() => lc.stop());

const custom = { period: 'custom', from: d(-3), to: today };
const rowsBy = (r: any) => Object.fromEntries(r.items.map((x: any) => [x.label ?? x.productName, x]));

/** Every figure the test knows by hand; run before and after the nightly job. */
async function expectHandFigures() {
  const owner = shop.as(shop.owner);
  const stock = await owner('reports.stock', custom);
  const s = Object.fromEntries(stock.items.map((x: any) => [x.productName, x]));
  expect(Object.keys(s).sort()).toEqual(['可乐', '薯片']);
  expect(s['可乐']).toMatchObject({
    opening: { qty: 0, valueFen: 0 },
    in: { purchase_receipt: { qty: 20, valueFen: 12000 }, sale_return: { qty: 1, valueFen: 600 }, adjustment: { qty: 1, valueFen: 600 } },
    // sold 3 + 2 + 4, the reversed 2 taken back off 销售
    out: { sale: { qty: 7, valueFen: 4200 } },
    closing: { qty: 15, valueFen: 9000 },
  });
  expect(s['薯片']).toMatchObject({
    in: { purchase_receipt: { qty: 30, valueFen: 6000 }, sale_return: { qty: 1, valueFen: 200 } },
    out: { sale: { qty: 5, valueFen: 1000 }, adjustment: { qty: 2, valueFen: 400 }, damage: { qty: 1, valueFen: 200 } },
    closing: { qty: 23, valueFen: 4600 },
  });
  // Over the last two complete days only: opening is what the ledger held before them.
  const mid = await owner('reports.stock', { period: 'custom', from: d(-2), to: d(-1) });
  const m = Object.fromEntries(mid.items.map((x: any) => [x.productName, x]));
  expect(m['可乐'].opening.qty).toBe(17);
  expect(m['可乐'].closing.qty).toBe(19);
  expect(m['薯片'].opening.qty).toBe(25);

  const byDay = await owner('reports.sales', { ...custom, by: 'day' });
  expect(byDay.items.map((x: any) => [x.key, x.amountFen, x.costFen, x.profitFen, x.orders])).toEqual([
    [d(-3), 5500, 2800, 2700, 1],
    [d(-2), 1000, 600, 400, 1],
    // the reversed sale (−2000, cost −1200, one ticket less) and the damaged return (−500, cost −200)
    [d(-1), -2500, -1400, -1100, -1],
    [today, 4000, 2400, 1600, 1],
  ]);
  expect(byDay.totals).toEqual({ qty: 10, amountFen: 8000, costFen: 4400, profitFen: 3600, orders: 2 });
  const byProduct = rowsBy(await owner('reports.sales', { ...custom, by: 'product' }));
  // 可乐: 3 + 2 − 1 returned − 2 reversed + 4
  expect(byProduct['可乐']).toMatchObject({ qty: 6, amountFen: 6000, costFen: 3600, profitFen: 2400, margin: 0.4 });
  expect(byProduct['薯片']).toMatchObject({ qty: 4, amountFen: 2000, costFen: 800, profitFen: 1200, margin: 0.6 });
  const byCategory = await owner('reports.sales', { ...custom, by: 'category', sort: 'profit' });
  expect(byCategory.items.map((x: any) => [x.label, x.profitFen])).toEqual([['饮料', 2400], ['零食', 1200]]);
  const byCustomer = rowsBy(await owner('reports.sales', { ...custom, by: 'customer' }));
  expect(byCustomer['张阿姨']).toMatchObject({ amountFen: 4000, orders: 1 });
  expect(byCustomer['散客']).toMatchObject({ amountFen: 4000, orders: 1 });
  const byClerk = rowsBy(await owner('reports.sales', { ...custom, by: 'clerk' }));
  // Returns count against who took them back; the owner's sale and its reversal cancel out.
  expect(byClerk['店员小李']).toMatchObject({ amountFen: 9500, orders: 2 });
  expect(byClerk['店长小王']).toMatchObject({ amountFen: -1500, orders: 0 });

  const returns = rowsBy(await owner('reports.returns', custom));
  expect(returns['可乐']).toMatchObject({ soldQty: 7, returnedQty: 1, refundFen: 1000, damagedQty: 0 });
  expect(returns['薯片']).toMatchObject({ soldQty: 5, returnedQty: 1, rate: 0.2, refundFen: 500, damagedQty: 1, damagedFen: 200 });

  const purchases = await owner('reports.purchases', custom);
  expect(purchases.items).toHaveLength(1);
  expect(purchases.items[0]).toMatchObject({ supplierName: '宏达批发', receivedFen: 18000, netFen: 18000, receiptDays: 1 });

  const turnover = rowsBy(await owner('reports.turnover', custom));
  // cost of sales 3600 over an average stock of (0 + 9000) / 2; 15 left at 6 sold in 4 days
  expect(turnover['可乐']).toMatchObject({ costOfSalesFen: 3600, averageStockFen: 4500, turnover: 0.8, coverDays: 10 });

  const slow = await owner('reports.slow', custom);
  expect(slow.items.map((x: any) => [x.productName, x.daysSinceSale, x.valueFen])).toEqual([['薯片', 3, 4600], ['可乐', 0, 9000]]);
}

test('figures equal the hand-computed ones, live (no summaries yet) and from the summaries the nightly job built', async () => {
  await expectHandFigures();
  expect(await db.getById('daily_summaries', summaryId(shop.shopId, d(-1)))).toBeNull();
  const r = await lc.invoke('nightly', { shopIds: [shop.shopId, other.shopId] });
  expect((r.result as any).data.done).toBe(true);
  const stored = await db.getById<any>('daily_summaries', summaryId(shop.shopId, d(-1)));
  expect(stored).toMatchObject({ shopId: shop.shopId, day: d(-1) });
  // Today is never stored: it is still going on.
  expect(await db.getById('daily_summaries', summaryId(shop.shopId, today))).toBeNull();
  const period = (await shop.as(shop.owner)('reports.stock', custom)).period;
  expect(period).toMatchObject({ from: d(-3), to: today, days: 4, summarizedThrough: d(-1) });
  await expectHandFigures();
});

test('closing = balances = ledger, and a period from the first day opens at zero', async () => {
  const owner = shop.as(shop.owner);
  const report = await owner('reports.stock', { period: 'custom', from: d(-3), to: today, pageSize: 100 });
  const balances = await owner('stock.balances', { pageSize: 100 });
  const ledger = await db.findAll<any>('postings', { shopId: shop.shopId });
  for (const row of report.items) {
    expect(row.opening).toEqual({ qty: 0, valueFen: 0 });
    const onHand = balances.items.filter((b: any) => b.productId === row.productId).reduce((s: number, b: any) => s + b.qty, 0);
    const posted = ledger.flatMap((p) => p.lines).filter((l: any) => l.productId === row.productId).reduce((s: number, l: any) => s + l.qty, 0);
    expect([row.closing.qty, row.productName]).toEqual([onHand, row.productName]);
    expect(posted).toBe(onHand);
  }
  expect(report.totals.closing).toEqual({ qty: 38, valueFen: 13600 });
});

test('the summaries are idempotent: aggregating the same days again changes nothing', async () => {
  const ids = [d(-3), d(-2), d(-1)].map((x) => summaryId(shop.shopId, x));
  const strip = (docs: any[]) => docs.map(({ builtAt, ...x }) => x).sort((a, b) => a.day.localeCompare(b.day));
  const before = strip(await db.getMany<any>('daily_summaries', ids));
  expect(before).toHaveLength(3);
  expect((await aggregateDailySummaries(db, shop.shopId, today)).documents).toBe(0); // nothing after the watermark
  await db.remove('job_state', summaryStateId(shop.shopId));
  expect((await aggregateDailySummaries(db, shop.shopId, today)).documents).toBe(3);
  expect(strip(await db.getMany<any>('daily_summaries', ids))).toEqual(before);
  // No product of the other shop in any of this shop's summaries.
  expect(before.flatMap((s) => s.sales.map((r: any) => r.n))).not.toContain('别家商品');
});

test('a clerk sees only their own sales on the dashboard, no cost, no profit, and no report', async () => {
  const mine = await shop.as(shop.clerk)('reports.dashboard');
  expect(mine).toMatchObject({ scope: 'mine', stockValueFen: null, bestSellers: [] });
  expect(mine.figures.today).toEqual({ amountFen: 4000, orders: 1, qty: 4, profitFen: null });
  expect(mine.figures.yesterday).toEqual({ amountFen: 0, orders: 0, qty: 0, profitFen: null });
  expect(mine.series.slice(-4).map((x: any) => x.amountFen)).toEqual([5500, 0, 0, 4000]);
  expect(JSON.stringify(mine)).not.toMatch(/cost/i);
  for (const action of ['reports.sales', 'reports.stock', 'reports.turnover', 'reports.returns', 'reports.purchases', 'reports.slow']) {
    expect((await apiError(shop.as(shop.clerk)(action, {}))).code).toBe('E_FORBIDDEN');
  }
});

test("the owner's dashboard: today against yesterday and last week, 30 days, stock value, best sellers", async () => {
  const dash = await shop.as(shop.owner)('reports.dashboard');
  expect(dash.scope).toBe('shop');
  expect(dash.figures.today).toEqual({ amountFen: 4000, orders: 1, qty: 4, profitFen: 1600 });
  expect(dash.figures.yesterday).toEqual({ amountFen: -2500, orders: -1, qty: -3, profitFen: -1100 });
  expect(dash.figures.lastWeek).toEqual({ amountFen: 0, orders: 0, qty: 0, profitFen: 0 });
  expect(dash.series).toHaveLength(30);
  expect(dash.series[29]).toEqual({ day: today, amountFen: 4000 });
  expect(dash.stockValueFen).toBe(13600);
  const other = await shop.as(other_owner())('reports.dashboard');
  expect(other.series.slice(-4).map((x: any) => x.amountFen)).toEqual([7 * 9900, 0, 0, 0]);
});

const other_owner = () => other.owner;

test('bad periods and another shop’s warehouse answer typed errors', async () => {
  const owner = shop.as(shop.owner);
  expect((await apiError(owner('reports.stock', { period: 'custom', from: today }))).code).toBe('E_VALIDATION');
  expect((await apiError(owner('reports.sales', { period: 'custom', from: today, to: d(-1) }))).code).toBe('E_VALIDATION');
  expect((await apiError(owner('reports.sales', { period: 'custom', from: d(5), to: d(6) }))).code).toBe('E_VALIDATION');
  expect((await apiError(owner('reports.stock', { warehouseId: 'nope' }))).code).toBe('E_NOT_FOUND');
});
