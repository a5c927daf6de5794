// 库存 through the page (miniprogram-simulate) and the real api function on localcloud: a shop with
// two warehouses holds a batch-tracked milk (an expired batch received with confirmExpired, one
// expiring within the shop's 临期 window, one far off) and plain chips; the owner sees each
// warehouse's quantity and value and each batch with its expiry and days left, coloured by the
// shop's window; the warehouse picker narrows the list (one request each); a clerk sees no money.
// The batches' dates are set relative to today in China, so the labels do not depend on the clock.
import { LocalCloud } from '../../localcloud';
import { apiError, createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';
import { installWx, renderPage, simulate, tap, text, waitFor, WxBridge, whileOffline } from '../helpers/miniprogram';

let lc: LocalCloud;
let wx: WxBridge;
let shop: TestShop;
let milk: any;
let chips: any;
let backRoomId = '';

/** A day `n` days from today on the shop's calendar (China, UTC+8). */
const chinaDay = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'pages-balances');
  const owner = shop.as(shop.owner);
  backRoomId = (await owner('warehouses.save', { name: '后仓' })).id;
  milk = await owner('products.create', { name: '纯牛奶', baseUnit: '盒', batchTracked: true, salePriceFen: 350, purchasePriceFen: 230 });
  chips = await owner('products.create', { name: '薯片', baseUnit: '袋', salePriceFen: 600, purchasePriceFen: 300 });
  const frontLines = [
    { productId: milk._id, qty: 6, unitCostFen: 230, batchNo: 'B-OLD', expiryDate: chinaDay(-3) },
    { productId: milk._id, qty: 12, unitCostFen: 230, batchNo: 'B-SOON', expiryDate: chinaDay(10) },
  ];
  // The expired batch needs the user's confirmation before it is received.
  expect((await apiError(owner('stock.receive', { requestId: rid(), lines: frontLines }))).code).toBe('E_CONFIRM_REQUIRED');
  await owner('stock.receive', { requestId: rid(), confirmExpired: true, lines: frontLines });
  await owner('stock.receive', {
    requestId: rid(),
    warehouseId: backRoomId,
    lines: [
      { productId: milk._id, qty: 24, unitCostFen: 230, batchNo: 'B-FAR', expiryDate: chinaDay(200) },
      { productId: chips._id, qty: 10, unitCostFen: 300 },
    ],
  });
  wx = installWx(lc, shop.owner);
});
afterAll(() => lc.stop());
beforeEach(() => {
  wx.openid = shop.owner;
});

const texts = (comp: any, selector: string): string[] => comp.querySelectorAll(selector).map((el: any) => String(el.dom.textContent).replace(/\s+/g, ' ').trim());
const actions = (from: number) => wx.calls.slice(from).map((c) => c.data.action);

async function openBalances() {
  const page = renderPage('packages/stock/pages/balances/index');
  await page.instance.onLoad();
  return page;
}
/** Each row as shown: product @ warehouse, quantity, value (none for clerks). */
function rows(page: any): string[] {
  const [names, warehouses, qtys, values] = ['.balance__name', '.balance__warehouse', '.balance__qty', '.balance__value'].map((sel) => texts(page, sel));
  if (values.length) expect(values).toHaveLength(names.length);
  return names.map((n, i) => `${n} @ ${warehouses[i]}: ${qtys[i]}${values.length ? ` ${values[i]}` : ''}`);
}
/** Each batch as shown, with its colour (expired red, soon orange, ok plain). */
function batches(page: any): string[] {
  const [nos, qtys, expiries] = ['.batch__no', '.batch__qty', '.batch__expiry'].map((sel) => texts(page, sel));
  return page.querySelectorAll('.batch').map((b: any, i: number) => {
    const tone = ['expired', 'soon', 'ok'].find((t) => String(b.dom.className).includes(`batch--${t}`));
    return `${nos[i]} ${qtys[i]} ${expiries[i]} [${tone}]`;
  });
}
async function pickWarehouse(page: any, name: string) {
  const index = page.data.warehouseNames.indexOf(name);
  expect(index).toBeGreaterThanOrEqual(0);
  const sent = wx.calls.length;
  page.querySelector('.warehouse-picker').dispatchEvent('change', { detail: { value: String(index) } });
  await waitFor(() => wx.calls.length > sent && !page.data.loading);
  await simulate.sleep(10);
}

test('我的 and 仓库 lead to 库存 (for a clerk too)', async () => {
  const me = renderPage('pages/me/index');
  me.instance.onLoad();
  await waitFor(() => !me.data.loading);
  me.querySelector('.balances-link').querySelector('.van-cell').dispatchEvent('tap');
  await simulate.sleep(10);
  expect(wx.navigations.at(-1)).toBe('/packages/stock/pages/balances/index');

  const warehouses = renderPage('packages/stock/pages/warehouses/index');
  await warehouses.instance.onLoad();
  wx.navigations.length = 0;
  warehouses.querySelector('.balances-link').querySelector('.van-cell').dispatchEvent('tap');
  await simulate.sleep(10);
  expect(wx.navigations).toEqual(['/packages/stock/pages/balances/index']);

  wx.openid = shop.clerk;
  const clerkMe = renderPage('pages/me/index');
  clerkMe.instance.onLoad();
  await waitFor(() => !clerkMe.data.loading);
  expect(clerkMe.querySelector('.warehouses-link')).toBeUndefined();
  expect(text(clerkMe, '.balances-link')).toContain('库存');
});

test('the owner sees every warehouse\'s stock with its value, and each batch with its expiry and days left (two requests)', async () => {
  const before = wx.calls.length;
  const page = await openBalances();
  expect(actions(before).sort()).toEqual(['shops.mine', 'stock.balances']);
  expect(wx.calls.find((c, i) => i >= before && c.data.action === 'stock.balances')!.data.includeZero).toBe(false);
  expect(page.data.error).toBe('');
  // by product name (pinyin), then the shop's warehouse order
  expect(rows(page)).toEqual(['纯牛奶 @ 默认仓库: 18 盒 ¥41.40', '纯牛奶 @ 后仓: 24 盒 ¥55.20', '薯片 @ 后仓: 10 袋 ¥30.00']);
  expect(batches(page).sort()).toEqual(
    [
      `批次 B-OLD 6 盒 ${chinaDay(-3)} · 已过期 3 天 [expired]`,
      `批次 B-SOON 12 盒 ${chinaDay(10)} · 还剩 10 天 [soon]`, // within the default 30-day window
      `批次 B-FAR 24 盒 ${chinaDay(200)} · 还剩 200 天 [ok]`,
    ].sort(),
  );
  // the batches of one balance, soonest first
  const frontIndex = page.data.items.findIndex((r: any) => r.warehouseName === '默认仓库');
  expect(page.data.items[frontIndex].batches.map((b: any) => b.batchNo)).toEqual(['B-OLD', 'B-SOON']);
  const front = page.querySelectorAll('.balance')[frontIndex];
  expect(page.querySelectorAll('.batch')).toHaveLength(3);
  expect(text(page, '.page-state')).toBe('没有更多了');

  // a row opens the product
  front.dispatchEvent('tap');
  await simulate.sleep(10);
  expect(wx.navigations.at(-1)).toBe(`/packages/catalog/pages/detail/index?id=${milk._id}`);
});

test('the warehouse picker narrows the list to one warehouse (one request) and back to all', async () => {
  const page = await openBalances();
  expect(page.data.warehouseNames).toEqual(['全部仓库', '默认仓库', '后仓']);
  expect(text(page, '.warehouse')).toContain('全部仓库');

  const before = wx.calls.length;
  await pickWarehouse(page, '后仓');
  expect(wx.calls.slice(before).map((c) => [c.data.action, c.data.warehouseId])).toEqual([['stock.balances', backRoomId]]);
  expect(text(page, '.warehouse')).toContain('后仓');
  expect(rows(page).sort()).toEqual(['纯牛奶 @ 后仓: 24 盒 ¥55.20', '薯片 @ 后仓: 10 袋 ¥30.00']);
  expect(batches(page)).toEqual([`批次 B-FAR 24 盒 ${chinaDay(200)} · 还剩 200 天 [ok]`]);

  await pickWarehouse(page, '默认仓库');
  expect(rows(page)).toEqual(['纯牛奶 @ 默认仓库: 18 盒 ¥41.40']);

  const all = wx.calls.length;
  await pickWarehouse(page, '全部仓库');
  expect(wx.calls.slice(all).map((c) => [c.data.action, c.data.warehouseId])).toEqual([['stock.balances', undefined]]);
  expect(rows(page)).toHaveLength(3);
});

test('an empty warehouse says so', async () => {
  const third = await shop.as(shop.owner)('warehouses.save', { name: '门店二' });
  const page = await openBalances();
  await pickWarehouse(page, '门店二');
  expect(rows(page)).toEqual([]);
  expect(text(page, '.empty')).toContain('门店二还没有库存');
  await shop.as(shop.owner)('warehouses.save', { id: third.id, name: third.name, archived: true });
});

test('the orange follows the shop\'s 临期提醒天数: with 5 days the batch 10 days out is plain', async () => {
  await shop.as(shop.owner)('shops.updateSettings', { settings: { expiryWindowDays: 5 } });
  try {
    const page = await openBalances();
    expect(batches(page)).toContain(`批次 B-SOON 12 盒 ${chinaDay(10)} · 还剩 10 天 [ok]`);
    expect(batches(page)).toContain(`批次 B-OLD 6 盒 ${chinaDay(-3)} · 已过期 3 天 [expired]`);
  } finally {
    await shop.as(shop.owner)('shops.updateSettings', { settings: { expiryWindowDays: 30 } });
  }
});

test('a clerk sees the quantities and batches but no money', async () => {
  wx.openid = shop.clerk;
  const page = await openBalances();
  expect(rows(page).sort()).toEqual(['纯牛奶 @ 后仓: 24 盒', '纯牛奶 @ 默认仓库: 18 盒', '薯片 @ 后仓: 10 袋'].sort());
  expect(page.querySelectorAll('.balance__value')).toHaveLength(0);
  expect(texts(page, '.list').join('')).not.toContain('¥');
  expect(batches(page)).toHaveLength(3);
  // the filter is everyone's
  await pickWarehouse(page, '后仓');
  expect(rows(page).sort()).toEqual(['纯牛奶 @ 后仓: 24 盒', '薯片 @ 后仓: 10 袋']);
});

test('a failed load says so and 重试 loads the list', async () => {
  const page = await whileOffline(openBalances);
  expect(text(page, '.error')).toBe('网络不太好，请检查网络后重试');
  await tap(page, '.retry');
  await waitFor(() => !page.data.loading);
  expect(rows(page)).toHaveLength(3);
  expect(page.data.warehouseNames).toEqual(['全部仓库', '默认仓库', '后仓']);
});

test('a product gone from a warehouse leaves the list; 显示已清零的商品 lists it there at 0, greyed', async () => {
  await shop.as(shop.owner)('stock.adjust', { requestId: rid(), warehouseId: backRoomId, reason: 'loss', lines: [{ productId: chips._id, qty: -10 }] });
  const page = await openBalances();
  expect(rows(page)).toEqual(['纯牛奶 @ 默认仓库: 18 盒 ¥41.40', '纯牛奶 @ 后仓: 24 盒 ¥55.20']);
  expect(page.querySelectorAll('.balance--empty')).toHaveLength(0);

  const sent = wx.calls.length;
  page.querySelector('.zero-switch').querySelector('.van-switch').dispatchEvent('tap');
  await waitFor(() => wx.calls.length > sent && !page.data.loading);
  await simulate.sleep(10);
  expect(wx.calls.slice(sent).map((c) => [c.data.action, c.data.includeZero])).toEqual([['stock.balances', true]]);
  expect(rows(page)).toEqual(['纯牛奶 @ 默认仓库: 18 盒 ¥41.40', '纯牛奶 @ 后仓: 24 盒 ¥55.20', '薯片 @ 后仓: 0 袋 ¥0.00']);
  const i = page.data.items.findIndex((r: any) => r.productName === '薯片');
  expect(String(page.querySelectorAll('.balance')[i].dom.className)).toContain('balance--empty');
  expect(page.querySelectorAll('.balance--empty')).toHaveLength(1);
});

test('临期批次 is one tap away', async () => {
  const page = await openBalances();
  wx.navigations.length = 0;
  page.querySelector('.expiring-link').querySelector('.van-cell').dispatchEvent('tap');
  await simulate.sleep(10);
  expect(wx.navigations).toEqual(['/packages/stock/pages/expiring/index']);
});
