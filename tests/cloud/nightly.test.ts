// The nightly job end to end: the real nightly function on localcloud, over sales made through the
// api and history imported for earlier days; alerts, suggestions, the digest, re-runs, resuming.
import FakeTimers from '@sinonjs/fake-timers';
import { LocalCloud } from '../../localcloud';
import { Db } from '../../server/core/db';
import { addDays, daysBetween } from '../../server/replenishment/history';
import { holidayPhase, SPRING_FESTIVAL } from '../../server/replenishment/holidays';
import { runNightly } from '../../server/replenishment/job';
import { policyFor } from '../../server/replenishment/plan';
import { mulberry32, poisson } from '../../bench/random';
import { apiError, createTestShop, rid, startApiCloud } from '../helpers/cloud';
import { backdate, Fixture, importHistory, realToday, stockedShop } from '../helpers/nightly';

let lc: LocalCloud;
let db: Db;
let cloud: any;

beforeAll(async () => {
  const t = await startApiCloud();
  lc = t.lc;
  db = new Db(t.db);
  cloud = t.cloud;
});
afterAll(() => lc.stop());

/** The job runs "tomorrow": today's sales are then a complete day. */
const runDay = addDays(realToday, 1);

async function nightly(event: Record<string, unknown> = {}) {
  const r = await lc.invoke('nightly', { today: runDay, ...event });
  if (r.error) throw new Error(r.error.errMsg);
  return r.result as any;
}

const byKind = (list: any) => Object.fromEntries(list.groups.map((g: any) => [g.kind, g.items.map((i: any) => `${i.productName}${i.batchNo ? `/${i.batchNo}` : ''}`)]));

describe('a night of a stocked shop', () => {
  let f: Fixture;
  let first: any;
  beforeAll(async () => {
    f = await stockedShop(lc, db, 'night');
    expect(await f.shop.as(f.shop.owner)('alerts.subscribe', { templateId: 'TPL_DIGEST', accepted: true })).toEqual({ credits: 1 });
    first = await nightly({ shopIds: [f.shop.shopId] });
  });

  test('opens one alert per problem: low stock, over stock, an expiring batch, dead stock', async () => {
    expect(first.ok).toBe(true);
    expect(first.data.done).toBe(true);
    const list = await f.shop.as(f.shop.owner)('alerts.list');
    expect(byKind(list)).toEqual({
      low_stock: ['可乐 330ml'],
      expiring: ['鲜牛奶/M1'],
      over_stock: ['薯片'],
      dead_stock: ['老款杯子'],
    });
    expect(list.counts).toEqual({ open: 4, acknowledged: 0 });
    const cola = list.groups[0].items[0];
    // 10 a day for 3 days of lead time plus safety stock; 15 on hand after today's sale of 5.
    expect(cola.onHand).toBe(15);
    expect(cola.reorderPoint).toBeGreaterThanOrEqual(30);
    expect(cola.suggestedQty % 24).toBe(0);
    expect(cola.suggestedQty).toBeGreaterThan(cola.reorderPoint - 15);
    expect(cola.chart.weeks).toHaveLength(8);
    expect(cola.chart.weeks.slice(0, 7)).toEqual([70, 70, 70, 70, 70, 70, 70]);
    expect(cola.chart.weeks[7]).toBe(65); // six imported days of 10 and today's 5
    expect(cola.chart.forecastWeek).toBeGreaterThan(40);
    // Worded on the day it is read (today), though computed for tomorrow's run.
    expect(list.groups[1].items[0].message).toBe(`批次 M1 剩 12盒，10 天后过期（${addDays(realToday, 10)}）`);
    expect(list.groups[3].items[0].message).toBe('上架 200 天从未卖出，库存 5个');
    expect(list.lastRun).toMatchObject({ day: runDay, done: true, products: 4, newAlerts: 4 });
  });

  test('an alert computed one night reads with the day count of the day the owner reads it', async () => {
    const at = (day: string) => Date.parse(`${day}T09:00:00+08:00`);
    const clock = FakeTimers.install({ now: at(addDays(runDay, 3)), toFake: ['Date'] });
    try {
      const list = await f.shop.as(f.shop.owner)('alerts.list');
      const kinds = Object.fromEntries(list.groups.map((g: any) => [g.kind, g.items[0].message]));
      expect(kinds.expiring).toBe(`批次 M1 剩 12盒，6 天后过期（${addDays(realToday, 10)}）`);
      expect(kinds.dead_stock).toBe('上架 204 天从未卖出，库存 5个');
      clock.setSystemTime(at(addDays(realToday, 11)));
      const later = await f.shop.as(f.shop.owner)('alerts.list');
      expect(later.groups.find((g: any) => g.kind === 'expiring').items[0].message).toBe('批次 M1 剩 12盒，已过期 1 天');
    } finally {
      clock.uninstall();
    }
  });

  test('suggestions are grouped by supplier with a text ready for the chat', async () => {
    const s = await f.shop.as(f.shop.manager)('replenishment.suggestions');
    expect(s.day).toBe(runDay);
    expect(s.groups).toHaveLength(1);
    const g = s.groups[0];
    expect(g.supplierName).toBe('宏达批发');
    expect(g.items.map((i: any) => i.productName)).toEqual(['可乐 330ml']);
    const item = g.items[0];
    expect(item.packs).toBe(item.suggestedQty / 24);
    expect(item.suggestedCostFen).toBe(item.suggestedQty * 200);
    expect(item.reason).toMatch(/^库存 15罐 不高于再订货点 \d+罐（日均 9\.\d，提前期 3 天，安全库存 \d+），建议订 \d+箱$/);
    expect(g.orderText).toBe(`宏达批发，您好，我想订货：\n1. 可乐 330ml ${item.packs}箱`);
    const record = await db.getById<any>('replenishment', `${f.shop.shopId}_${f.cola._id}`);
    expect(record).toMatchObject({ abcClass: 'A', serviceLevel: 0.98, leadTimeDays: 3 });
    // 119 days of 10 and one of 5: the forecast stays near 10, pulled down a little by the last day.
    expect(record.meanDaily).toBeGreaterThan(9);
    expect(record.meanDaily).toBeLessThanOrEqual(10);
  });

  test('the owner gets one digest message, and only one however often the job runs', async () => {
    const sent = lc.outbox().filter((m: any) => m.payload.template_id === 'TPL_DIGEST' && m.payload.touser === f.shop.owner);
    expect(sent).toHaveLength(1);
    expect(sent[0].payload).toMatchObject({
      page: 'pages/alerts/index',
      data: { thing1: { value: 'night 小店' }, number2: { value: '4' }, thing3: { value: '缺货1 临期1 积压1 滞销1' } },
    });
    const again = await nightly({ shopIds: [f.shop.shopId] });
    expect(again.data.shops).toEqual([]); // already done today
    const forced = await nightly({ shopIds: [f.shop.shopId], force: true });
    expect(forced.data.shops[0]).toMatchObject({ done: true, opened: {}, digest: { status: 'sent' } });
    expect(lc.outbox().filter((m: any) => m.payload.template_id === 'TPL_DIGEST' && m.payload.touser === f.shop.owner)).toHaveLength(1);
    expect((await f.shop.as(f.shop.owner)('alerts.list')).counts).toEqual({ open: 4, acknowledged: 0 });
  });

  test('acknowledged stays acknowledged; receiving stock and recomputing closes the alert', async () => {
    const owner = f.shop.as(f.shop.owner);
    const id = `${f.shop.shopId}_low_stock_${f.cola._id}`;
    expect(await owner('alerts.acknowledge', { ids: [id] })).toEqual({ acknowledged: 1 });
    await nightly({ shopIds: [f.shop.shopId], force: true });
    expect((await db.getById<any>('alerts', id)).status).toBe('acknowledged');

    await owner('stock.receive', { requestId: rid(), lines: [{ productId: f.cola._id, qty: 240, unitCostFen: 200 }] });
    const run = await owner('replenishment.recompute');
    expect(run).toMatchObject({ done: true, products: 4 });
    expect((await db.getById<any>('alerts', id)).status).toBe('closed');
    expect(byKind(await owner('alerts.list')).low_stock).toBeUndefined();
    expect((await owner('replenishment.suggestions')).groups).toEqual([]);
  });

  test('an archived product loses its suggestion record and its alerts close', async () => {
    const owner = f.shop.as(f.shop.owner);
    await owner('products.update', { id: f.cup._id, archived: true });
    await owner('replenishment.recompute');
    expect(await db.getById('replenishment', `${f.shop.shopId}_${f.cup._id}`)).toBeNull();
    expect((await db.getById<any>('alerts', `${f.shop.shopId}_dead_stock_${f.cup._id}`)).status).toBe('closed');
    expect(byKind(await owner('alerts.list')).dead_stock).toBeUndefined();
  });

  test('bad calls get typed errors and change nothing', async () => {
    const clerk = f.shop.as(f.shop.clerk);
    expect((await apiError(clerk('replenishment.suggestions'))).code).toBe('E_FORBIDDEN');
    expect((await apiError(clerk('alerts.subscribe', { templateId: 'TPL_DIGEST', accepted: true }))).code).toBe('E_FORBIDDEN');
    expect((await apiError(f.shop.as(f.shop.owner)('alerts.acknowledge', { ids: ['nope'] }))).code).toBe('E_NOT_FOUND');
    expect((await apiError(f.shop.as(f.shop.owner)('alerts.acknowledge', { ids: [] }))).code).toBe('E_VALIDATION');
    expect((await apiError(f.shop.as(f.shop.owner)('alerts.subscribe', { templateId: 'OTHER', accepted: true }))).code).toBe('E_INVALID_STATE');
    // A mini program user cannot start the job.
    const r = await lc.invoke('nightly', {}, { openid: f.shop.owner });
    expect(r.result).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
    // Clerks still see the alerts (no cost in them).
    expect((await clerk('alerts.list')).counts.open).toBeGreaterThan(0);
  });
});

describe('the next night of a shop that sold nothing', () => {
  test('rewrites no alert for its day counters: they are worded when read', async () => {
    const f = await stockedShop(lc, db, 'quiet');
    expect((await nightly({ shopIds: [f.shop.shopId] })).data.done).toBe(true);
    // The alerts whose wording counts days (expiring, dead stock) or whose figure follows the
    // forecast's noise (over stock's cover days); 可乐's low-stock figures follow its forecast, which
    // a day without its usual 10 sales does move.
    const counted = async () =>
      (await db.find<any>('alerts', { shopId: f.shop.shopId, kind: db.command.in(['expiring', 'dead_stock', 'over_stock']) }, { limit: 100 }))
        .map((a) => `${a.kind} ${a.updatedAt}`)
        .sort();
    const before = await counted();
    expect(before).toHaveLength(3);
    const next = addDays(runDay, 1);
    expect((await nightly({ shopIds: [f.shop.shopId], today: next })).data.done).toBe(true);
    expect(await counted()).toEqual(before);
    // (which records a night writes: tests/unit/nightly-plan.test.ts and `npm run bench -- nightly`)
  });
});

test('festival effects are pooled over the whole shop, not over a page of products', async () => {
  // Three products on three pages (pageSize 1), each with last 春节's 年货 surge (×2) and closure week (×0.2).
  const shop = await createTestShop(lc, 'pool');
  const owner = shop.as(shop.owner);
  const days = daysBetween(addDays(SPRING_FESTIVAL[2026], -60), realToday);
  for (const name of ['瓜子', '糖果', '饮料']) {
    const p = await owner('products.create', { name, baseUnit: '包', purchasePriceFen: 500 });
    await importHistory(db, shop.shopId, p._id, days, (i) => {
      const phase = holidayPhase(addDays(realToday, -days + i));
      return phase === 'pre' ? 20 : phase === 'festival' ? 2 : 10;
    });
    await backdate(db, p._id, days + 1);
  }
  const reasons = async (day: string) =>
    (await db.find<any>('job_state', { shopId: shop.shopId, kind: 'forecasts', day }, { limit: 10 })).flatMap((page) => Object.values(page.entries).map((e: any) => e.methodReason));
  // The first night pools each page alone (one product), and leaves the shop's pool for the next.
  await nightly({ shopIds: [shop.shopId], pageSize: 1 });
  expect(await reasons(runDay)).toEqual([expect.stringContaining('按全店 1 个商品汇总'), expect.stringContaining('按全店 1 个商品汇总'), expect.stringContaining('按全店 1 个商品汇总')]);
  const pool = await db.getById<any>('job_state', `nightlyp_${shop.shopId}`);
  expect(pool.pool.pre.products).toBe(3);
  expect(pool.pool.pre.factor).toBeCloseTo(1 + (3 / 6) * 1, 1);
  // The next night every page forecasts with the shop's pool, reading each history once.
  await nightly({ shopIds: [shop.shopId], pageSize: 1, today: addDays(runDay, 1) });
  expect(await reasons(addDays(runDay, 1))).toEqual(Array(3).fill(expect.stringContaining('按全店 3 个商品汇总')));
});

test('a new product borrows the lead-time spread of its category\'s established products, over every page', async () => {
  // Five drinks sold a year with swings (weeks of 2 a day, then of 14); a new drink, 14 days old, sold 6 every day.
  const shop = await createTestShop(lc, 'spread');
  const owner = shop.as(shop.owner);
  const rand = mulberry32(5);
  for (let k = 0; k < 5; k++) {
    const p = await owner('products.create', { name: `果汁${k}`, baseUnit: '瓶', category: '饮料', purchasePriceFen: 300, leadTimeDays: 7 });
    await importHistory(db, shop.shopId, p._id, 365, (i) => poisson(rand, Math.floor((i + 4 * k) / 7) % 2 ? 14 : 2));
    await backdate(db, p._id, 366);
  }
  const fresh = await owner('products.create', { name: '新果汁', baseUnit: '瓶', category: '饮料', purchasePriceFen: 300, leadTimeDays: 7 });
  await importHistory(db, shop.shopId, fresh._id, 14, () => 6);
  await backdate(db, fresh._id, 14);
  await nightly({ shopIds: [shop.shopId], pageSize: 2 });
  const record = await db.getById<any>('replenishment', `${shop.shopId}_${fresh._id}`);
  expect(record.reason).toContain('波动参考同类 5 个商品');
  expect(record).not.toHaveProperty('category');
  // Its own 14 steady days alone would put the reorder point near 50 (a week's 42 and a Poisson spread).
  const alone = policyFor({ forecast: record, abcClass: record.abcClass, product: { ...fresh, _id: fresh._id }, onHand: 0, onOrder: 0, reserved: 0, unitCostFen: 300, settings: { orderCostFen: 2000, holdingRate: 0.25 } });
  expect(record.reorderPoint).toBeGreaterThan(alone.reorderPoint + 10);
});

test('a run cut off after every step ends exactly where an uninterrupted run does', async () => {
  const f = await stockedShop(lc, db, 'resume');
  let invocations = 0;
  for (;;) {
    invocations++;
    const r = await runNightly(db, cloud, { shopIds: [f.shop.shopId], today: runDay, deadline: 0, pageSize: 1, sendDigest: false });
    if (r.done) break;
    expect(invocations).toBeLessThan(30);
  }
  // history, the reports' daily summaries, 4 forecast pages + the empty one, 4 policy pages + the empty one, digest
  expect(invocations).toBe(13);
  const snapshot = async () => {
    const records = await db.findAll<any>('replenishment', { shopId: f.shop.shopId });
    const alerts = await db.findAll<any>('alerts', { shopId: f.shop.shopId });
    return {
      records: records.map(({ updatedAt, ...r }) => r),
      alerts: alerts.map(({ updatedAt, openedAt, ...a }) => a),
    };
  };
  const stepped = await snapshot();
  expect(stepped.records).toHaveLength(4);
  expect(stepped.alerts).toHaveLength(4);
  const whole = await runNightly(db, cloud, { shopIds: [f.shop.shopId], today: runDay, deadline: Date.now() + 60_000, force: true, sendDigest: false });
  expect(whole.shops[0]).toMatchObject({ done: true, products: 4 });
  expect(await snapshot()).toEqual(stepped);
});

test('two runs at once: one works, the other finds the shop busy', async () => {
  const f = await stockedShop(lc, db, 'lease');
  const [a, b] = await Promise.all([
    runNightly(db, cloud, { shopIds: [f.shop.shopId], today: runDay, deadline: Date.now() + 60_000, sendDigest: false }),
    runNightly(db, cloud, { shopIds: [f.shop.shopId], today: runDay, deadline: Date.now() + 60_000, sendDigest: false }),
  ]);
  const busy = [a.shops[0].busy, b.shops[0].busy].sort();
  expect(busy).toEqual([false, true]);
});
