// The owner's morning on the alerts tab (miniprogram-simulate + the real api on localcloud):
// recompute, read the alerts with their charts, subscribe to the digest, acknowledge one, copy the
// order for the supplier; a clerk sees the alerts but none of the owner's buttons.
import { LocalCloud } from '../../localcloud';
import { Db } from '../../server/core/db';
import { startApiCloud } from '../helpers/cloud';
import { installWx, renderPage, tap, text, type, waitFor, WxBridge } from '../helpers/miniprogram';
import { Fixture, stockedShop } from '../helpers/nightly';

let lc: LocalCloud;
let wx: WxBridge;
let f: Fixture;

beforeAll(async () => {
  const t = await startApiCloud();
  lc = t.lc;
  f = await stockedShop(lc, new Db(t.db), 'page');
  wx = installWx(lc, f.shop.owner);
});
afterAll(() => lc.stop());

async function openPage() {
  const page = renderPage('pages/alerts/index');
  page.instance.onLoad();
  await waitFor(() => page.data.state !== 'loading');
  return page;
}

test('before the first night the page says when it will compute; recompute fills it', async () => {
  const page = await openPage();
  expect(page.data.state).toBe('ready');
  expect(text(page, '.empty')).toContain('今晚 2 点自动计算');
  await tap(page, '.recompute');
  await waitFor(() => !page.data.recomputing && page.data.groups.length > 0);
  expect(wx.toasts).toContain('已重新计算');
  expect(text(page, '.summary__counts')).toBe('待处理 4 · 已读 0');
  expect(text(page, '.group--low_stock .group__title')).toBe('库存不足 1');
  expect(text(page, '.group--low_stock .alert__name')).toBe('可乐 330ml');
  // A low-stock alert's message already says stock, reorder point and suggestion: no second line of them.
  expect(text(page, '.group--low_stock .alert__message')).toMatch(/^库存 15罐，不高于再订货点 \d+罐，建议补 \d+箱$/);
  expect(page.querySelector('.group--low_stock .alert__figures')).toBeFalsy();
  expect(text(page, '.group--expiring .alert__figures')).toMatch(/^库存 \d+ · 再订货点 \d+ · 建议补 \d+盒$/);
  // Each alert keeps its reason line and says how far its forecast can be trusted: 可乐 sells 10 a day.
  expect(text(page, '.group--low_stock .alert__accuracy')).toMatch(/^预测准确度：好（每周误差约 ±\d+罐）$/);
  expect(text(page, '.group--dead_stock .alert__accuracy')).toBe('预测准确度：销售记录太少，还算不出');
  expect(text(page, '.group--expiring .alert__message')).toContain('批次 M1 剩 12盒，10 天后过期');
  expect(text(page, '.group--dead_stock .alert__message')).toContain('从未卖出');
  // 8 weeks of sales and the forecast week
  expect(page.querySelector('.group--low_stock .alert__chart').querySelectorAll('.week-bars__bar')).toHaveLength(9);
  // The home page counts them too.
  const home = renderPage('pages/home/index');
  home.instance.onLoad();
  await waitFor(() => home.data.state === 'ready');
  expect(text(home, '.open-alerts')).toContain('4 条');
});

test('the owner subscribes to the digest from a tap', async () => {
  const page = await openPage();
  expect(text(page, '.subscribe__text')).toBe('订阅每日提醒，新预警第一时间知道');
  await tap(page, '.subscribe__button');
  await waitFor(() => page.data.digest.credits === 1);
  expect(wx.subscribeRequests.at(-1)).toEqual(['TPL_DIGEST']);
  expect(text(page, '.subscribe__text')).toBe('每日提醒：还可收到 1 次');
  wx.subscribeAnswer = 'reject';
  await tap(page, '.subscribe__button');
  await waitFor(() => wx.toasts.includes('未订阅提醒'));
  expect(page.data.digest.credits).toBe(1);
  wx.subscribeAnswer = 'accept';
});

test('acknowledging moves an alert to 已读 and it stays listed', async () => {
  const page = await openPage();
  await tap(page, '.group--low_stock .acknowledge');
  await waitFor(() => page.data.counts.acknowledged === 1);
  expect(text(page, '.summary__counts')).toBe('待处理 3 · 已读 1');
  expect(text(page, '.group--low_stock .alert__head')).toContain('已读');
  expect(page.querySelector('.group--low_stock .acknowledge')).toBeUndefined();
});

test('suggestions by supplier, copied as an order text', async () => {
  const page = await openPage();
  await tap(page, '.tab-suggestions');
  await waitFor(() => page.data.suggestionsState === 'ready');
  expect(text(page, '.supplier__name')).toBe('宏达批发');
  expect(text(page, '.suggestion__name')).toBe('可乐 330ml');
  const qty = text(page, '.suggestion__qty');
  expect(qty).toMatch(/^\d+箱$/);
  expect(text(page, '.suggestion__reason')).toMatch(/^库存 15罐 不高于再订货点 \d+罐（日均 [\d.]+，提前期 3 天，安全库存 \d+），建议订 \d+箱$/);
  expect(text(page, '.suggestion__accuracy')).toMatch(/^预测准确度：好（每周误差约 ±\d+罐）$/);
  expect(text(page, '.supplier__total')).toMatch(/^约 ¥\d+\.\d\d$/);
  await tap(page, '.copy-order');
  expect(wx.clipboard).toBe(`宏达批发，您好，我想订货：\n1. 可乐 330ml ${qty}`);
  expect(wx.toasts.at(-1)).toBe('订货单已复制，可粘贴给供应商');
  // One tap: the supplier's suggestions become a draft purchase order, opened for review.
  await tap(page, '.make-order');
  await waitFor(() => (wx.navigations.at(-1) ?? '').startsWith('/packages/purchase/pages/order-detail/index?id='));
  const orderId = decodeURIComponent(wx.navigations.at(-1)!.split('id=')[1]);
  const { order } = await f.shop.as(f.shop.owner)('purchase.get', { id: orderId });
  expect(order).toMatchObject({ status: 'draft', supplierName: '宏达批发', note: '来自补货建议' });
  expect(order.lines.map((l: any) => `${l.productName} ${l.qty}${l.unit}`)).toEqual([`可乐 330ml ${qty}`]);
});

test('a clerk sees the alerts, without recompute, acknowledge, subscribe or suggestions', async () => {
  wx.openid = f.shop.clerk;
  const page = await openPage();
  expect(page.data.counts.open).toBe(3);
  expect(page.querySelector('.recompute')).toBeUndefined();
  expect(page.querySelector('.acknowledge')).toBeUndefined();
  expect(page.querySelector('.subscribe')).toBeUndefined();
  expect(page.querySelector('.tab-suggestions')).toBeUndefined();
  wx.openid = f.shop.owner;
});

test('a user without a shop is sent to open or join one', async () => {
  wx.openid = 'stranger';
  const page = await openPage();
  expect(page.data.state).toBe('noShop');
  expect(text(page, '.page-state')).toContain('加入店铺后才能看到预警');
  wx.openid = f.shop.owner;
});

test('the owner sets the alert rules and the clerk discount limit on 我的', async () => {
  const me = renderPage('pages/me/index');
  me.instance.onLoad();
  await waitFor(() => !me.data.loading);
  expect(me.data.settings).toEqual({ expiryWindowDays: '30', deadStockDays: '60', overStockDays: '120', orderCostYuan: '20.00', clerkDiscountLimitPct: '0' });
  await type(me, '#setting-expiry', '4x');
  await tap(me, '.save-settings');
  expect(text(me, '.settings-error')).toBe('天数和折扣请填整数，下单成本请填金额'); // checked before any call
  await type(me, '#setting-expiry', '400');
  await tap(me, '.save-settings');
  await waitFor(() => !me.data.savingSettings);
  expect(me.data.settingsError).toBe('输入有误：设置 临期提醒天数：不能大于 365'); // the server's range check, named in Chinese; nothing saved
  await type(me, '#setting-expiry', '14');
  await type(me, '#setting-order-cost', '5');
  await type(me, '#setting-discount', '10');
  await tap(me, '.save-settings');
  await waitFor(() => !me.data.savingSettings && wx.toasts.at(-1) === '已保存');
  const mine = await f.shop.as(f.shop.owner)('shops.mine');
  expect(mine.shop.settings).toMatchObject({ expiryWindowDays: 14, orderCostFen: 500, clerkDiscountLimitPct: 10 });
});
