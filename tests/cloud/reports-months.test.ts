// Month roll-ups (server/reports/months.ts) through the real api and nightly functions on localcloud:
// postings on days of the two months before this one (clock set to each day, Date only), the
// nightly job rolls both up, and every report over them equals the same report summed from the
// days, gives the hand-computed figures, and follows a rebuild of the days.
import { LocalCloud } from '../../localcloud';
import { Db } from '../../server/core/db';
import { chinaDay } from '../../server/posting/engine';
import { addDays } from '../../server/replenishment/history';
import { firstDayOf, lastDayOf, loadMonths, monthDocuments, monthOf, previousMonth, ROWS_PER_PART, Span } from '../../server/reports/months';
import { aggregateDailySummaries, summaryStateId } from '../../server/reports/summary';
import { createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';
import { onDay as on } from '../helpers/clock';

let lc: LocalCloud;
let db: Db;
let shop: TestShop;
const today = chinaDay(new Date());
const M1 = previousMonth(monthOf(today)); // last month
const M2 = previousMonth(M1); // the month before
const a = addDays(firstDayOf(M2), 4);
const b = lastDayOf(M2);
const c = addDays(firstDayOf(M1), 9);
const e = addDays(lastDayOf(M1), -1);
let A: any;
let B: any;

beforeAll(async () => {
  const t = await startApiCloud();
  lc = t.lc;
  db = new Db(t.db);
  shop = await createTestShop(lc, 'months');
  const owner = shop.as(shop.owner);
  const clerk = shop.as(shop.clerk);
  let lastOfM2: any;
  await on(a, async () => {
    const supplier = await owner('suppliers.save', { name: '宏达批发' });
    A = await owner('products.create', { name: '可乐', baseUnit: '罐', category: '饮料', salePriceFen: 1000, purchasePriceFen: 600 });
    B = await owner('products.create', { name: '薯片', baseUnit: '包', category: '零食', salePriceFen: 500, purchasePriceFen: 200 });
    await owner('stock.receive', { requestId: rid(), supplierId: supplier._id, lines: [{ productId: A._id, qty: 20, unitCostFen: 600 }, { productId: B._id, qty: 30, unitCostFen: 200 }] });
    await clerk('stock.sell', { requestId: rid(), lines: [{ productId: A._id, qty: 3 }, { productId: B._id, qty: 5 }] });
  });
  await on(b, async () => {
    const customer = await owner('customers.save', { name: '张阿姨' });
    lastOfM2 = await owner('stock.sell', { requestId: rid(), customerId: customer._id, lines: [{ productId: A._id, qty: 2 }] });
  });
  await on(c, async () => {
    const [supplier] = (await owner('suppliers.list', {})).items;
    await owner('stock.receive', { requestId: rid(), supplierId: supplier._id, lines: [{ productId: A._id, qty: 10, unitCostFen: 650 }] });
    await clerk('stock.sell', { requestId: rid(), lines: [{ productId: A._id, qty: 4 }] });
  });
  await on(e, async () => {
    await owner('stock.adjust', { requestId: rid(), reason: 'damage', lines: [{ productId: B._id, qty: -2 }] });
  });
  // Today: last-but-one month's sale reversed (a correction is counted today) and a sale.
  await owner('stock.reverse', { postingId: lastOfM2._id });
  await clerk('stock.sell', { requestId: rid(), lines: [{ productId: B._id, qty: 1 }] });
  const r = await lc.invoke('nightly', { shopIds: [shop.shopId] });
  if (!(r.result as any)?.data?.done) throw new Error(`nightly: ${JSON.stringify(r.result ?? r.error)}`);
}, 120_000);
afterAll(() => lc.stop());

const year = { period: 'custom', from: addDays(today, -364), to: today };
const REPORTS: [string, Record<string, unknown>][] = [
  ['reports.stock', { pageSize: 100 }],
  ['reports.sales', { by: 'product' }],
  ['reports.sales', { by: 'category', sort: 'profit' }],
  ['reports.sales', { by: 'customer' }],
  ['reports.sales', { by: 'clerk' }],
  ['reports.sales', { by: 'day', pageSize: 100 }],
  ['reports.turnover', {}],
  ['reports.returns', {}],
  ['reports.purchases', {}],
  ['reports.slow', {}],
];
const PERIODS = [
  year,
  { period: 'custom', from: firstDayOf(M2), to: lastDayOf(M1) }, // two whole months in the past: closing from the days after
  { period: 'custom', from: addDays(a, 1), to: c }, // month pieces: days only
  { period: 'custom', from: firstDayOf(M2), to: e },
  { period: 'custom', from: firstDayOf(M2), to: lastDayOf(M2) }, // one month: its last sale and receipt inside it
  { period: 'year' },
];

async function everyReport() {
  const owner = shop.as(shop.owner);
  const out: unknown[] = [];
  for (const p of PERIODS) for (const [action, input] of REPORTS) out.push([action, p, await owner(action, { ...p, ...input })]);
  return out;
}

const rowsBy = (r: any) => Object.fromEntries(r.items.map((x: any) => [x.label ?? x.productName ?? x.supplierName, x]));

test('the nightly job rolled up both complete months, from their days; this month is not rolled up', async () => {
  const state = await db.getById<any>('job_state', summaryStateId(shop.shopId));
  expect(state).toMatchObject({ lastDay: addDays(today, -1), lastMonth: M1 });
  const docs = await db.findAll<any>('monthly_summaries', { shopId: shop.shopId }, [['_id', 'asc']]);
  expect([...new Set(docs.map((d) => d.month))].sort()).toEqual([M2, M1]);
  const m2 = Object.fromEntries(docs.filter((d) => d.month === M2).map((d) => [d.section, d]));
  expect(Object.keys(m2).sort()).toEqual(['clerks', 'customers', 'daily', 'moves', 'receiptDays', 'sales', 'suppliers']);
  // 可乐 in M2: 3 sold on a, 2 on b (its reversal belongs to today, not to the closed month)
  expect(m2.sales.rows.find((r: any) => r.p === A._id)).toMatchObject({ q: 5, a: 5000, c: 3000, sq: 5, ls: b });
  expect(m2.daily.rows.map((r: any) => [r.d, r.a, r.n])).toEqual([[a, 5500, 1], [b, 2000, 1]]);
  expect(m2.moves.rows.find((r: any) => r.p === A._id && r.b === 'purchase_receipt')).toMatchObject({ i: 20, iv: 12000, lr: a });
});

test('over the month roll-ups every report equals the same report summed from the days', async () => {
  const withMonths = await everyReport();
  const state = await db.getById<any>('job_state', summaryStateId(shop.shopId));
  await db.update('job_state', summaryStateId(shop.shopId), { lastMonth: null }); // the reports fall back to days
  try {
    expect(await everyReport()).toEqual(withMonths);
  } finally {
    await db.update('job_state', summaryStateId(shop.shopId), { lastMonth: state.lastMonth });
  }
});

test("a year's figures over the roll-ups equal the hand-computed ones", async () => {
  const owner = shop.as(shop.owner);
  const stock = rowsBy(await owner('reports.stock', year));
  expect(stock['可乐']).toMatchObject({
    opening: { qty: 0, valueFen: 0 },
    in: { purchase_receipt: { qty: 30, valueFen: 18500 } },
    // 3 + 2 + 4 sold, the reversed 2 back
    out: { sale: { qty: 7, valueFen: 4280 } }, // at 600, 600, then the average 620
    closing: { qty: 23 },
  });
  expect(stock['薯片']).toMatchObject({ out: { sale: { qty: 6, valueFen: 1200 }, adjustment: { qty: 2, valueFen: 400 } }, closing: { qty: 22, valueFen: 4400 } });
  const byDay = await owner('reports.sales', { ...year, by: 'day' });
  expect(byDay.items.map((x: any) => [x.key, x.amountFen, x.orders])).toEqual([
    [a, 5500, 1],
    [b, 2000, 1],
    [c, 4000, 1],
    [today, -1500, 0], // the reversed 2000 of b, one ticket less, and a 500 sale
  ]);
  // The two whole past months: their closing is today's balance less what moved after them.
  const past = rowsBy(await owner('reports.stock', { period: 'custom', from: firstDayOf(M2), to: lastDayOf(M1) }));
  expect(past['可乐'].closing.qty).toBe(21);
  expect(past['薯片'].closing.qty).toBe(23);
  const purchases = (await owner('reports.purchases', year)).items[0];
  expect(purchases).toMatchObject({ supplierName: '宏达批发', receivedFen: 24500, receiptDays: 2 });
  expect(purchases.prices.find((p: any) => p.productName === '可乐')).toMatchObject({ firstCostFen: 600, lastCostFen: 650, changePct: 8.3, valueFen: 18500 });
  const slow = rowsBy(await owner('reports.slow', year));
  expect(slow['可乐']).toMatchObject({ lastSaleDay: c });
  expect(slow['薯片']).toMatchObject({ lastSaleDay: today });
});

test("a year's report costs a bounded number of requests, whatever the number of months", async () => {
  for (const [action, input] of REPORTS) {
    const r = await lc.invoke('api', { action, ...year, ...input }, { openid: shop.owner });
    expect((r.result as any).ok).toBe(true);
    // state, products, the months, two runs of days, today's two aggregates, balances (+ names for a page)
    expect([action, input, lc.invocationStats(r.requestId).total <= 12]).toEqual([action, input, true]);
    expect(lc.bytesAnswered(r.requestId)).toBeGreaterThan(0);
  }
});

test('the reports read the month documents (a changed roll-up changes the report)', async () => {
  const owner = shop.as(shop.owner);
  const id = `${shop.shopId}_${M2.replace('-', '')}_sales_0`;
  const doc = await db.getById<any>('monthly_summaries', id);
  const before = rowsBy(await owner('reports.sales', { ...year, by: 'product' }))['可乐'].qty;
  await db.update('monthly_summaries', id, { rows: doc.rows.map((r: any) => (r.p === A._id ? { ...r, q: r.q + 100 } : r)) });
  try {
    expect(rowsBy(await owner('reports.sales', { ...year, by: 'product' }))['可乐'].qty).toBe(before + 100);
  } finally {
    await db.update('monthly_summaries', id, { rows: doc.rows });
  }
});

test('rewriting days of a rolled-up month rolls it (and the later ones) up again; re-running changes nothing', async () => {
  const strip = (docs: any[]) => docs.map(({ builtAt, ...x }) => x);
  const all = () => db.findAll<any>('monthly_summaries', { shopId: shop.shopId }, [['_id', 'asc']]);
  const before = strip(await all());
  expect((await aggregateDailySummaries(db, shop.shopId, today)).months).toBe(0); // nothing new
  // The days' watermark back inside M2 (a rebuild from there): M2 and M1 roll up again.
  await db.update('job_state', summaryStateId(shop.shopId), { lastDay: addDays(b, -3) });
  const run = await aggregateDailySummaries(db, shop.shopId, today);
  expect(run).toMatchObject({ months: 2, done: true });
  expect(strip(await all())).toEqual(before);
  // And from nothing at all.
  await db.remove('job_state', summaryStateId(shop.shopId));
  expect((await aggregateDailySummaries(db, shop.shopId, today)).months).toBe(2);
  expect(strip(await all())).toEqual(before);
  expect(await db.getById<any>('job_state', summaryStateId(shop.shopId))).toMatchObject({ lastMonth: M1, lastDay: addDays(today, -1) });
});

test('a month bigger than one document is written in parts and read back whole', async () => {
  const shopId = 'parts-shop';
  const n = ROWS_PER_PART * 2 + 17;
  const span: Span = {
    shopId,
    day: firstDayOf(M2),
    through: lastDayOf(M2),
    moves: Array.from({ length: n }, (_, i) => ({ p: `p${i}`, w: 'w1', b: 'sale' as const, i: 0, iv: 0, o: i, ov: i * 1.5 })),
    sales: [],
    customers: [],
    clerks: [],
    suppliers: [],
    daily: [],
    receiptDays: [],
  };
  const docs = monthDocuments(span, M2);
  expect(docs.map((d) => [d.section, d.part, d.rows.length])).toEqual([['moves', 0, ROWS_PER_PART], ['moves', 1, ROWS_PER_PART], ['moves', 2, 17]]);
  for (const d of docs) await db.set('monthly_summaries', d._id, d as unknown as Record<string, unknown>);
  const [read] = await loadMonths(db, shopId, [M2], ['moves', 'sales']);
  expect(read.moves).toEqual(span.moves);
  expect(read.sales).toEqual([]);
});

test('backup → restore brings the month roll-ups along: the restored shop reads them and answers the same year', async () => {
  const exp = (openid: string) => async (action: string, input: Record<string, unknown> = {}) => {
    const body = (await lc.invoke('export', { action, ...input }, { openid })).result as any;
    if (!body?.ok) throw new Error(`${action}: ${JSON.stringify(body?.error)}`);
    return body.data;
  };
  const backup = await exp(shop.owner)('backup.create');
  const dst = await createTestShop(lc, 'months-restored');
  expect((await exp(dst.owner)('backup.restore', { fileID: backup.fileID, restoreKey: backup.restoreKey })).done).toBe(true);
  expect(await db.getById<any>('job_state', summaryStateId(dst.shopId))).toMatchObject({ lastMonth: M1 });
  expect(await db.count('monthly_summaries', { shopId: dst.shopId })).toBe(await db.count('monthly_summaries', { shopId: shop.shopId }));
  const strip = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (k, x) => (/(^_id$|Id$|^key$|^id$|^shopId$)/.test(k) ? undefined : x)));
  for (const [action, input] of REPORTS) {
    const [mine, theirs] = [await shop.as(shop.owner)(action, { ...year, ...input }), await dst.as(dst.owner)(action, { ...year, ...input })];
    expect([action, input, strip(theirs)]).toEqual([action, input, strip(mine)]);
  }
});
