// 进销存 over months of history: the demo shop's past (receipts against orders, daily tickets,
// returns, write-offs, counts…) replayed through the api, summarised by the nightly job. The
// report's closing equals the balances and the ledger for every product, at today and at a past
// day, and a period from the first day opens at zero — only true if the summaries equal the ledger.
// Complete months are rolled up: a year's reports over them equal the same reports over the days.
import { DEMO_OWNER_OPENID, seedDemo } from '../../localcloud/demo';
import { Db } from '../../server/core/db';
import { chinaDay } from '../../server/posting/engine';
import { addDays, daysBetween } from '../../server/replenishment/history';
import { firstDayOf, lastDayOf, monthOf, nextMonth, previousMonth } from '../../server/reports/months';
import { summaryStateId } from '../../server/reports/summary';
import type { Posting, StockBalance } from '../../typings/models';
import { callApi, startTestCloud, TestCloud } from '../helpers/cloud';

let t: TestCloud;
let db: Db;
let firstDay: string;
let shopId: string;
const today = chinaDay(new Date());

const owner = async (action: string, input: Record<string, unknown> = {}) => {
  const r = await callApi(t.lc, DEMO_OWNER_OPENID, action, input);
  if (!r.ok) throw new Error(`${action}: ${r.error.code} ${r.error.message}`);
  return r.data;
};

beforeAll(async () => {
  t = await startTestCloud({ functionEnv: { STOCKMATE_DEMO: '1' } });
  db = new Db(t.db);
  const setup = await t.lc.invoke('api', { action: 'system.setup' });
  if (setup.error) throw new Error(setup.error.errMsg);
  const seeded = await seedDemo(t.lc, { days: 90 });
  firstDay = seeded.firstDay!;
  shopId = (await owner('shops.mine')).shop._id;
}, 600_000);
afterAll(() => t?.lc.stop());

/** Σ of the ledger's lines per product up to the end of `day` (China time). */
function ledgerQty(postings: Posting[], through: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of postings) {
    if (chinaDay(new Date(p.createdAt)) > through) continue;
    for (const l of p.lines) out.set(l.productId, (out.get(l.productId) ?? 0) + l.qty);
  }
  return out;
}

test('months of history: the nightly job summarised every complete day', async () => {
  expect(daysBetween(firstDay, today)).toBeGreaterThanOrEqual(89);
  expect((await db.getById<{ lastDay: string }>('job_state', summaryStateId(shopId)))?.lastDay).toBe(addDays(today, -1));
  expect(await db.count('daily_summaries', { shopId })).toBeGreaterThan(60);
});

test('closing = balances = ledger for every product; from the first day the opening is zero', async () => {
  const report = await owner('reports.stock', { period: 'custom', from: firstDay, to: today, pageSize: 100 });
  const balances = await db.findAll<StockBalance>('stock', { shopId });
  const postings = await db.findAll<Posting>('postings', { shopId });
  const ledger = ledgerQty(postings, today);
  expect(report.items.length).toBeGreaterThanOrEqual(8);
  for (const row of report.items) {
    const mine = balances.filter((b) => b.productId === row.productId);
    const onHand = mine.reduce((s, b) => s + b.qty, 0);
    const value = mine.reduce((s, b) => s + b.qty * Number(b.unitCost), 0);
    expect({ name: row.productName, opening: row.opening.qty, closing: row.closing.qty, ledger: ledger.get(row.productId) }).toEqual({ name: row.productName, opening: 0, closing: onHand, ledger: onHand });
    expect(row.closing.valueFen).toBe(Math.round(value));
    // in − out over the whole history is the stock: opening value zero to a fen or two of rounding
    expect(Math.abs(row.opening.valueFen)).toBeLessThanOrEqual(2);
    expect(row.opening.qty + row.inTotal.qty - row.outTotal.qty).toBe(row.closing.qty);
  }
});

test('a past period closes at what the ledger held that day', async () => {
  const end = addDays(firstDay, 45);
  const report = await owner('reports.stock', { period: 'custom', from: addDays(firstDay, 20), to: end, pageSize: 100 });
  const ledger = ledgerQty(await db.findAll<Posting>('postings', { shopId }), end);
  const opening = ledgerQty(await db.findAll<Posting>('postings', { shopId }), addDays(firstDay, 19));
  for (const row of report.items) {
    expect([row.productName, row.closing.qty, row.opening.qty]).toEqual([row.productName, ledger.get(row.productId) ?? 0, opening.get(row.productId) ?? 0]);
  }
});

test('the nightly job rolled up every complete month of the history', async () => {
  const state = await db.getById<{ lastDay: string; lastMonth: string }>('job_state', summaryStateId(shopId));
  expect(state?.lastMonth).toBe(previousMonth(monthOf(today)));
  const months = new Set((await db.findAll<{ month: string }>('monthly_summaries', { shopId }, [['_id', 'asc']], 10_000, { month: true })).map((d) => d.month));
  // every month from the first day's to last month's
  for (let m = monthOf(firstDay); m <= state!.lastMonth; m = nextMonth(m)) expect([m, months.has(m)]).toEqual([m, true]);
});

test("a year's reports over the month roll-ups equal the same reports summed from the days", async () => {
  const periods = [
    { period: 'custom', from: addDays(today, -364), to: today },
    { period: 'custom', from: firstDay, to: lastDayOf(previousMonth(monthOf(today))) },
    { period: 'custom', from: firstDayOf(nextMonth(monthOf(firstDay))), to: addDays(firstDayOf(monthOf(today)), -10) },
  ];
  const reports: [string, Record<string, unknown>][] = [
    ['reports.stock', { pageSize: 100 }],
    ['reports.sales', { by: 'product', pageSize: 100 }],
    ['reports.sales', { by: 'category' }],
    ['reports.sales', { by: 'customer' }],
    ['reports.sales', { by: 'clerk' }],
    ['reports.sales', { by: 'day', pageSize: 100 }],
    ['reports.turnover', { pageSize: 100 }],
    ['reports.returns', { pageSize: 100 }],
    ['reports.purchases', {}],
    ['reports.slow', { pageSize: 100 }],
  ];
  const every = async () => {
    const out: unknown[] = [];
    for (const p of periods) for (const [action, input] of reports) out.push([action, p, await owner(action, { ...p, ...input })]);
    return out;
  };
  const withMonths = await every();
  const state = await db.getById<{ lastMonth: string }>('job_state', summaryStateId(shopId));
  await db.update('job_state', summaryStateId(shopId), { lastMonth: null }); // days only
  try {
    expect(await every()).toEqual(withMonths);
  } finally {
    await db.update('job_state', summaryStateId(shopId), { lastMonth: state!.lastMonth });
  }
  // and the year's 进销存 over the roll-ups still closes at the balances
  const year = withMonths[0] as [string, unknown, { items: { productId: string; closing: { qty: number } }[] }];
  const balances = await db.findAll<StockBalance>('stock', { shopId });
  for (const row of year[2].items) expect(row.closing.qty).toBe(balances.filter((b) => b.productId === row.productId).reduce((s, b) => s + b.qty, 0));
});
