// 临期批次 through the page (miniprogram-simulate) and the real api function on localcloud: a shop with
// two warehouses holds milk in batches (one expired 3 days ago, one expiring in 10 days, one in 40
// and one in 200) and yogurt expiring in 5 days in the back room. The owner reaches the page from
// 预警 (its 临期 alerts come from a real recompute), sees the batches soonest first with days left
// coloured and their value; 含已过期, the range and the warehouse picker each ask once; a clerk sees
// no money; a shop without such batches says so; a failed load offers 重试. Dates are relative to
// today in China, so nothing depends on the clock.
import { LocalCloud } from '../../localcloud';
import { createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';
import { installWx, renderPage, simulate, tap, text, waitFor, WxBridge, whileOffline } from '../helpers/miniprogram';

let lc: LocalCloud;
let wx: WxBridge;
let shop: TestShop;
let milk: any;
let backRoomId = '';

const chinaDay = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'pages-expiring');
  const owner = shop.as(shop.owner);
  backRoomId = (await owner('warehouses.save', { name: '后仓' })).id;
  milk = await owner('products.create', { name: '纯牛奶', baseUnit: '盒', batchTracked: true, salePriceFen: 350, purchasePriceFen: 230 });
  const yogurt = await owner('products.create', { name: '酸奶', baseUnit: '杯', batchTracked: true, salePriceFen: 600, purchasePriceFen: 400 });
  await owner('stock.receive', {
    requestId: rid(),
    confirmExpired: true,
    lines: [
      { productId: milk._id, qty: 6, unitCostFen: 230, batchNo: 'B-OLD', expiryDate: chinaDay(-3) },
      { productId: milk._id, qty: 12, unitCostFen: 230, batchNo: 'B-SOON', expiryDate: chinaDay(10) },
    ],
  });
  await owner('stock.receive', {
    requestId: rid(),
    warehouseId: backRoomId,
    lines: [
      { productId: milk._id, qty: 24, unitCostFen: 230, batchNo: 'B-FAR', expiryDate: chinaDay(200) },
      { productId: milk._id, qty: 5, unitCostFen: 230, batchNo: 'B-MID', expiryDate: chinaDay(40) },
      { productId: yogurt._id, qty: 3, unitCostFen: 400, batchNo: 'Y-2', expiryDate: chinaDay(5) },
    ],
  });
  wx = installWx(lc, shop.owner);
});
afterAll(() => lc.stop());
beforeEach(() => {
  wx.openid = shop.owner;
});

const texts = (comp: any, selector: string): string[] => comp.querySelectorAll(selector).map((el: any) => String(el.dom.textContent).replace(/\s+/g, ' ').trim());
const sentSince = (from: number) => wx.calls.slice(from).map((c) => c.data);

async function openExpiring() {
  const page = renderPage('packages/stock/pages/expiring/index');
  await page.instance.onLoad();
  return page;
}
/** Each row as shown: product, batch · warehouse, quantity, value (none for clerks), expiry with its colour. */
function rows(page: any): string[] {
  const [names, metas, qtys, values, expiries] = ['.row__name', '.row__meta', '.row__qty', '.row__value', '.row__expiry'].map((sel) => texts(page, sel));
  if (values.length) expect(values).toHaveLength(names.length);
  return page.querySelectorAll('.row').map((r: any, i: number) => {
    const tone = ['expired', 'soon', 'ok'].find((t) => String(r.dom.className).includes(`row--${t}`));
    return `${names[i]} | ${metas[i]} | ${qtys[i]}${values.length ? ` ${values[i]}` : ''} | ${expiries[i]} [${tone}]`;
  });
}
/** Waits for the one request a filter change sends, and answers what was sent. */
async function change(page: any, act: () => void) {
  const sent = wx.calls.length;
  act();
  await waitFor(() => wx.calls.length > sent && !page.data.loading);
  await simulate.sleep(10);
  return sentSince(sent);
}

test('预警 leads to 临期批次 from its 临期 alerts', async () => {
  await shop.as(shop.owner)('replenishment.recompute');
  const alerts = renderPage('pages/alerts/index');
  alerts.instance.onLoad();
  await waitFor(() => alerts.data.state === 'ready');
  await simulate.sleep(10);
  expect(alerts.data.groups.map((g: any) => g.kind)).toContain('expiring');
  expect(alerts.querySelectorAll('.expiring-link')).toHaveLength(1);
  wx.navigations.length = 0;
  await tap(alerts, '.expiring-link');
  expect(wx.navigations).toEqual(['/packages/stock/pages/expiring/index']);
});

test('the owner sees the batches within 30 days and the expired one, soonest first, coloured, with value (two requests)', async () => {
  const before = wx.calls.length;
  const page = await openExpiring();
  expect(sentSince(before).map((c) => c.action).sort()).toEqual(['shops.mine', 'stock.expiring']);
  expect(sentSince(before).find((c) => c.action === 'stock.expiring')).toMatchObject({ withinDays: 30, includeExpired: true });
  expect(rows(page)).toEqual([
    `纯牛奶 | 批次 B-OLD · 默认仓库 | 6 盒 ¥13.80 | ${chinaDay(-3)} 到期 · 已过期 3 天 [expired]`,
    `酸奶 | 批次 Y-2 · 后仓 | 3 杯 ¥12.00 | ${chinaDay(5)} 到期 · 还剩 5 天 [soon]`,
    `纯牛奶 | 批次 B-SOON · 默认仓库 | 12 盒 ¥27.60 | ${chinaDay(10)} 到期 · 还剩 10 天 [soon]`,
  ]);
  expect(text(page, '.summary')).toBe('共 3 个批次 · 货值 ¥53.40');
  expect(text(page, '.range')).toContain('30 天内');
  expect(text(page, '.page-state')).toBe('没有更多了');

  page.querySelectorAll('.row')[2].dispatchEvent('tap');
  await simulate.sleep(10);
  expect(wx.navigations.at(-1)).toBe(`/packages/catalog/pages/detail/index?id=${milk._id}`);
});

test('含已过期 off, a wider range and a warehouse each ask once and narrow or widen the list', async () => {
  const page = await openExpiring();
  const noExpired = await change(page, () => page.querySelector('.expired-switch').querySelector('.van-switch').dispatchEvent('tap'));
  expect(noExpired).toMatchObject([{ action: 'stock.expiring', includeExpired: false }]);
  expect(page.data.items.map((r: any) => r.batchNo)).toEqual(['Y-2', 'B-SOON']);

  const sixty = await change(page, () => page.querySelector('.range-picker').dispatchEvent('change', { detail: { value: String(page.data.rangeNames.indexOf('60 天内')) } }));
  expect(sixty).toMatchObject([{ action: 'stock.expiring', withinDays: 60, includeExpired: false }]);
  expect(text(page, '.range')).toContain('60 天内');
  // 40 days out is beyond the shop's 30-day 临期 window: listed, not orange
  expect(rows(page).at(-1)).toBe(`纯牛奶 | 批次 B-MID · 后仓 | 5 盒 ¥11.50 | ${chinaDay(40)} 到期 · 还剩 40 天 [ok]`);

  expect(page.data.warehouseNames).toEqual(['全部仓库', '默认仓库', '后仓']);
  const back = await change(page, () => page.querySelector('.warehouse-picker').dispatchEvent('change', { detail: { value: '2' } }));
  expect(back).toMatchObject([{ action: 'stock.expiring', warehouseId: backRoomId, withinDays: 60 }]);
  expect(page.data.items.map((r: any) => r.batchNo)).toEqual(['Y-2', 'B-MID']);
  expect(text(page, '.summary')).toBe('共 2 个批次 · 货值 ¥23.50');
});

test('a clerk sees the batches and quantities but no money', async () => {
  wx.openid = shop.clerk;
  const page = await openExpiring();
  expect(rows(page)).toEqual([
    `纯牛奶 | 批次 B-OLD · 默认仓库 | 6 盒 | ${chinaDay(-3)} 到期 · 已过期 3 天 [expired]`,
    `酸奶 | 批次 Y-2 · 后仓 | 3 杯 | ${chinaDay(5)} 到期 · 还剩 5 天 [soon]`,
    `纯牛奶 | 批次 B-SOON · 默认仓库 | 12 盒 | ${chinaDay(10)} 到期 · 还剩 10 天 [soon]`,
  ]);
  expect(text(page, '.summary')).toBe('共 3 个批次');
  expect(texts(page, '.list').join('')).not.toContain('¥');
});

test('a warehouse without such batches says so', async () => {
  const page = await openExpiring();
  await change(page, () => page.querySelector('.expired-switch').querySelector('.van-switch').dispatchEvent('tap'));
  await change(page, () => page.querySelector('.warehouse-picker').dispatchEvent('change', { detail: { value: '1' } }));
  await change(page, () => page.querySelector('.range-picker').dispatchEvent('change', { detail: { value: '0' } }));
  expect(rows(page)).toEqual([]);
  expect(text(page, '.empty')).toContain('默认仓库 7 天内没有临期批次');
  expect(page.querySelector('.summary')).toBeUndefined();
});

test('a shop with no batches about to expire: 30 天内没有临期批次', async () => {
  const empty = await createTestShop(lc, 'pages-expiring-empty');
  wx.openid = empty.owner;
  const page = await openExpiring();
  expect(page.querySelector('.warehouse-picker')).toBeUndefined(); // one warehouse: nothing to choose
  expect(text(page, '.empty')).toContain('30 天内没有临期批次，也没有过期的');
});

test('a failed load says so and 重试 loads the list', async () => {
  const page = await whileOffline(openExpiring);
  expect(text(page, '.error')).toBe('网络不太好，请检查网络后重试');
  expect(page.querySelectorAll('.row')).toHaveLength(0);
  await tap(page, '.retry');
  await waitFor(() => !page.data.loading);
  expect(page.data.items.map((r: any) => r.batchNo)).toEqual(['B-OLD', 'Y-2', 'B-SOON']);
});
