// npm start's demo shop: months of history replayed through the api function under a moved clock,
// then the nightly job — what a merchant sees on first start.
import { DEMO_OWNER_OPENID, DEMO_STAFF, DemoResult, seedDemo } from '../../localcloud/demo';
import { defaultHistoryDays, planDemoHistory } from '../../localcloud/demo-history';
import { Db } from '../../server/core/db';
import { addDays, chinaDay, dayOfYear, SalesHistoryDoc } from '../../server/replenishment/history';
import { holidayPhase, SPRING_FESTIVAL } from '../../server/replenishment/holidays';
import type { Posting, ReplenishmentRecord } from '../../typings/models';
import { callApi, startTestCloud, TestCloud } from '../helpers/cloud';

let t: TestCloud;
let db: Db;
let seeded: DemoResult;
const today = chinaDay(new Date());

const owner = async (action: string, input: Record<string, unknown> = {}) => {
  const r = await callApi(t.lc, DEMO_OWNER_OPENID, action, input);
  if (!r.ok) throw new Error(`${action}: ${r.error.code} ${r.error.message}`);
  return r.data;
};

beforeAll(async () => {
  t = await startTestCloud({ functionEnv: { STOCKMATE_DEMO: '1', STOCKMATE_DIGEST_TEMPLATE_ID: 'LOCAL_DIGEST_TEMPLATE' } });
  db = new Db(t.db);
  const setup = await t.lc.invoke('api', { action: 'system.setup' });
  if (setup.error) throw new Error(setup.error.errMsg);
  seeded = await seedDemo(t.lc); // the real default: what `npm start` replays
}, 600_000);

afterAll(() => t?.lc.stop());

test('the default history reaches back past the last Spring Festival (at least 120 days)', () => {
  const lastFestival = Object.values(SPRING_FESTIVAL).filter((d) => d <= today).sort().pop()!;
  expect(seeded.created).toBe(true);
  expect(seeded.firstDay! < lastFestival).toBe(true);
  expect(defaultHistoryDays(today)).toBeGreaterThanOrEqual(120);
});

test('postings spread over more than 100 days, stamped by the server at the replayed times, and the clock is back', async () => {
  const postings = await db.findAll<Posting>('postings', {}, [['_id', 'asc']], 100_000, { createdAt: true, type: true, reason: true, operator: true });
  expect(postings.length).toBe(seeded.postings);
  const days = new Set(postings.map((p) => chinaDay(new Date(p.createdAt))));
  expect(days.size).toBeGreaterThanOrEqual(100);
  expect([...days].every((d) => d >= seeded.firstDay! && d <= today)).toBe(true);
  // staff took part: the clerk sells, the manager receives
  const operators = new Set(postings.map((p) => `${p.type}:${p.operator.openid}`));
  expect(operators.has(`sale:${DEMO_STAFF.clerk.openid}`)).toBe(true);
  expect(operators.has(`purchase_receipt:${DEMO_STAFF.manager.openid}`)).toBe(true);
  // an expired batch was written off
  expect(postings.some((p) => p.type === 'adjustment' && p.reason === 'expired')).toBe(true);
  expect(chinaDay(new Date())).toBe(today);
});

test('the ledger reconciles and no stock or batch is negative', async () => {
  const rec = await owner('stock.reconcile');
  expect(rec.differences).toEqual([]);
  expect(rec.postingsRead).toBe(seeded.postings);
  const balances = await owner('stock.balances', { pageSize: 100 });
  expect(balances.items.length).toBeGreaterThanOrEqual(9);
  for (const b of balances.items) {
    expect(b.qty).toBeGreaterThanOrEqual(0);
    for (const batch of b.batches) expect(batch.qty).toBeGreaterThan(0);
  }
});

test('the wholesaler is paid monthly: what is owed is only what came in since the last 5th', async () => {
  const [payable] = await owner('purchase.payables');
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const lastFifth = today.slice(8) >= '05' ? `${today.slice(0, 8)}05` : new Date(Date.parse(`${today.slice(0, 8)}05`) - 20 * 86400_000).toISOString().slice(0, 8) + '05';
  const since = await owner('purchase.statement', { supplierId: payable.supplierId, from: lastFifth, to: today });
  expect(since.entries.filter((e: any) => e.kind === 'payment').length).toBeLessThanOrEqual(1);
  expect(payable.payableFen).toBe(since.closingFen);
  const receivedSince = since.entries.filter((e: any) => e.kind !== 'payment' && e.at.slice(0, 10) >= lastFifth).reduce((s: number, e: any) => s + e.amountFen, 0);
  expect(payable.payableFen).toBeLessThanOrEqual(receivedSince + 1);
  expect(payable.payableFen).toBeGreaterThan(0);
});

test('sales follow the week and the Spring Festival: busier weekends, a 年货 rush, closed on 初一', async () => {
  const cola = (await owner('products.list', { keyword: '可口可乐' })).items[0];
  const docs = await db.findAll<SalesHistoryDoc>('sales_history', { productId: cola._id });
  const qtyOn = (day: string) => {
    const { year, index } = dayOfYear(day);
    return docs.find((d) => d.year === year)?.daily[index] ?? 0;
  };
  const plan = planDemoHistory({ now: new Date() });
  const saleDays = [...new Set(plan.steps.filter((s) => s.kind === 'sell').map((s) => s.day))].filter((d) => d < today);
  const mean = (days: string[]) => days.reduce((s, d) => s + qtyOn(d), 0) / days.length;
  const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
  const ordinary = saleDays.filter((d) => holidayPhase(d) === null);
  expect(mean(ordinary.filter((d) => weekday(d) === 6))).toBeGreaterThan(mean(ordinary.filter((d) => weekday(d) >= 1 && weekday(d) <= 4)));
  const newYear = Object.values(SPRING_FESTIVAL).filter((d) => d <= today).sort().pop()!;
  expect(qtyOn(newYear)).toBe(0);
  // the rush against the four weeks before it (the baseline the forecast compares with)
  const rush = saleDays.filter((d) => holidayPhase(d) === 'pre');
  const baseline = saleDays.filter((d) => d < rush[0] && d >= addDays(rush[0], -28));
  expect(mean(rush)).toBeGreaterThan(1.3 * mean(baseline));
});

test('the nightly job forecast every product from its weekly sales and raised each kind of alert the story holds', async () => {
  const records = await db.findAll<ReplenishmentRecord>('replenishment', { day: today });
  expect(records.length).toBe(9);
  const selling = records.filter((r) => r.weeklySales.some((w) => w > 0));
  expect(selling.length).toBeGreaterThanOrEqual(7);
  expect(records.some((r) => r.holiday !== null)).toBe(true);
  const alerts = await owner('alerts.list');
  const byKind = Object.fromEntries(alerts.groups.map((g: any) => [g.kind, g.items.map((a: any) => a.productName)]));
  expect(byKind.low_stock).toContain('奥利奥夹心饼干 97g');
  expect(byKind.dead_stock).toContain('不锈钢保温杯 500ml');
  expect(byKind.expiring).toContain('玻尿酸补水面膜');
  const oreo = (await owner('products.list', { keyword: '奥利奥' })).items[0];
  expect(oreo.onHand).toBeLessThanOrEqual(oreo.minStock);
  const suggestions = await owner('replenishment.suggestions');
  expect(suggestions.groups.flatMap((g: any) => g.items.map((i: any) => i.productName))).toContain('奥利奥夹心饼干 97g');
});

test('deliveries came against purchase orders: the supplier scores them, the nightly job learned the lead time, orders are open today', async () => {
  const supplier = (await owner('suppliers.list')).items[0];
  const { scorecard, openOrders } = await owner('suppliers.detail', { id: supplier._id });
  // some came a day late, some short (closed a few days later), ordered two or three days ahead
  expect(scorecard.onTimeRate).toBeGreaterThan(0);
  expect(scorecard.onTimeRate).toBeLessThan(1);
  expect(scorecard.fillRate).toBeGreaterThan(0.5);
  expect(scorecard.fillRate).toBeLessThan(1);
  expect(scorecard.leadTimeDays.receipts).toBeGreaterThanOrEqual(3);
  expect(scorecard.leadTimeDays.mean).toBeGreaterThanOrEqual(2);
  expect(scorecard.leadTimeDays.mean).toBeLessThanOrEqual(4);
  expect(scorecard.leadTimeDays.sigma).toBeGreaterThan(0);
  // the orders list shows what is still coming
  const open = await owner('purchase.list', { status: 'open' });
  expect(open.items.length).toBeGreaterThanOrEqual(1);
  expect(openOrders.length).toBe(open.items.length);
  expect(open.items.some((o: any) => o.status === 'partially_received' || o.status === 'approved')).toBe(true);
  // a manager's large order waited for the owner's approval; a short one was closed
  const orders = await db.findAll<{ status: string; history: { action: string; by: { openid: string } }[] }>('purchase_orders', {});
  expect(orders.some((o) => o.history.some((h) => h.action === 'approve' && h.by.openid === DEMO_OWNER_OPENID))).toBe(true);
  expect(orders.some((o) => o.status === 'closed')).toBe(true);
  // the lead time typed for every product is 2 days; the receipts taught the nightly job another
  const records = await db.findAll<ReplenishmentRecord>('replenishment', { day: today });
  const learned = records.filter((r) => r.leadTimeDays !== 2);
  expect(learned.length).toBeGreaterThanOrEqual(1);
  const suggestions = await owner('replenishment.suggestions');
  const reasons = suggestions.groups.flatMap((g: any) => g.items.map((i: any) => i.reason)).join('\n');
  if (!/近 \d+ 次到货实测/.test(reasons)) expect(learned.every((r) => r.leadTimeDays === 3)).toBe(true);
});

test('a second start keeps the shop as it is', async () => {
  const again = await seedDemo(t.lc);
  expect(again.created).toBe(false);
  expect((await owner('stock.reconcile')).postingsRead).toBe(seeded.postings);
});
