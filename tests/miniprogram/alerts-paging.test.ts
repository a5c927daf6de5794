// A big shop's alerts tab: 2,000 alerts (what the nightly job writes, put straight into the
// database here) reach the page a few per kind and then page by page as the user scrolls, each
// setData well under WeChat's recommended size, and every alert can be reached.
import { LocalCloud } from '../../localcloud';
import { Db } from '../../server/core/db';
import { forEachLimit } from '../../server/core/pool';
import { recordId } from '../../server/replenishment/job';
import { ALERT_KINDS } from '../../typings/models';
import { createTestShop, startApiCloud, TestShop } from '../helpers/cloud';
import { installWx, measureSetData, renderPage, text, waitFor } from '../helpers/miniprogram';

const PRODUCTS = 500; // × 4 kinds = 2,000 alerts
/** Products with a nightly record (numbers and a chart on their alerts): simulate re-renders every
 * chart of the page on each setData, so all 500 would make this test minutes long. */
const CHARTS = 60;
const MAX_SETDATA = 64 * 1024;
let lc: LocalCloud;
let clerk = '';
let shop: TestShop;

beforeAll(async () => {
  const t = await startApiCloud();
  lc = t.lc;
  const db = new Db(t.db);
  shop = await createTestShop(lc, 'big');
  clerk = shop.clerk;
  const now = Date.now();
  const products = Array.from({ length: PRODUCTS }, (_, i) => `prod${String(i).padStart(4, '0')}`);
  const alerts = products.flatMap((productId, i) =>
    ALERT_KINDS.map((kind, k) => ({
      _id: `${shop.shopId}_${kind}_${productId}`,
      shopId: shop.shopId,
      kind,
      productId,
      productName: `商品 ${i} 号（规格 500ml×24）`,
      batchNo: kind === 'expiring' ? `B${i}` : null,
      status: (i + k) % 3 === 0 ? 'acknowledged' : 'open',
      message: `第 ${i} 号商品：库存 ${i % 40}，预计 ${(i % 9) + 1} 天后卖完，建议尽快补货 2 箱`,
      data: { onHand: i % 40, days: (i % 9) + 1, reorderPoint: 30, suggestedQty: 48 },
      openedAt: new Date(now - i * 60_000).toISOString(),
      openedDay: '2026-11-20',
      updatedAt: new Date(now - i * 60_000 - k).toISOString(),
      closedAt: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
    })),
  );
  await forEachLimit(alerts, 16, (a) => db.set('alerts', a._id, a));
  // The products' nightly records: each alert shows its numbers and 8 weeks + the forecast week.
  await forEachLimit(products.slice(0, CHARTS), 16, (productId) =>
    db.set('replenishment', recordId(shop.shopId, productId), {
      shopId: shop.shopId,
      productId,
      productName: productId,
      baseUnit: '罐',
      onHand: 12,
      reorderPoint: 30,
      suggestedQty: 48,
      weeklySales: [70, 68, 75, 80, 66, 71, 90, 85],
      forecast: Array.from({ length: 28 }, () => 10.37),
    }),
  );
  installWx(lc, clerk);
});
afterAll(() => lc.stop());

test('2,000 alerts: small first view, small pages while scrolling, every alert reachable', async () => {
  const page = renderPage('pages/alerts/index');
  const sizes = measureSetData(page);
  page.instance.onLoad();
  await waitFor(() => page.data.state === 'ready');
  expect(text(page, '.summary__counts')).toBe(`待处理 ${page.data.counts.open} · 已读 ${page.data.counts.acknowledged}`);
  expect(page.data.counts.open + page.data.counts.acknowledged).toBe(PRODUCTS * 4);
  // Exact counts per kind in the group titles, a few alerts each on the first view.
  expect(text(page, '.group--low_stock .group__title')).toBe(`库存不足 ${PRODUCTS}`);
  expect(page.data.groups.map((g: any) => g.items.length)).toEqual([10, 10, 10, 10]);
  const first = Math.max(...sizes);
  expect(first).toBeLessThan(MAX_SETDATA);

  // Meanwhile the owner acknowledges three alerts the clerk is looking at: they move down their
  // kind, past the page's cursor; nothing may be skipped and nothing shown twice.
  const seen = page.data.groups[0].items.filter((a: any) => a.status === 'open').slice(0, 3).map((a: any) => a._id);
  expect(seen).toHaveLength(3);
  await shop.as(shop.owner)('alerts.acknowledge', { ids: seen });

  let scrolls = 0;
  while (page.data.moreLeft) {
    const before = sizes.length;
    page.instance.onReachBottom();
    await waitFor(() => !page.data.loadingMore && sizes.length > before);
    if (++scrolls > 200) throw new Error('scrolling does not end');
  }
  const ids = page.data.groups.flatMap((g: any) => g.items.map((a: any) => a._id));
  expect(ids).toHaveLength(PRODUCTS * 4);
  expect(new Set(ids).size).toBe(PRODUCTS * 4);
  expect(page.querySelectorAll('.alert')).toHaveLength(PRODUCTS * 4);
  // Open before acknowledged within each kind.
  for (const g of page.data.groups) {
    const firstAck = g.items.findIndex((a: any) => a.status === 'acknowledged');
    expect(g.items.slice(firstAck).every((a: any) => a.status === 'acknowledged')).toBe(true);
  }
  expect(text(page, '.more-state')).toBe('没有更多了');
  const largest = Math.max(...sizes);
  expect(largest).toBeLessThan(MAX_SETDATA);
  expect(scrolls).toBe(40); // 50 more per scroll
}, 240_000); // simulate re-renders the whole page on each setData: slow here, not on a phone
