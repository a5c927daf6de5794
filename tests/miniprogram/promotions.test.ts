// 促销日 through the page (miniprogram-simulate) and the real api function: the owner reaches it
// from 我的, adds a yearly day (双11) and a one-off day with the date picker, removes one; a day
// already there and the contract's limit are refused with a message and change nothing; a clerk
// reads the days without the buttons.
import { LocalCloud } from '../../localcloud';
import { apiError, createTestShop, startApiCloud, TestShop } from '../helpers/cloud';
import { installWx, renderPage, simulate, tap, text, waitFor, WxBridge } from '../helpers/miniprogram';

let lc: LocalCloud;
let wx: WxBridge;
let shop: TestShop;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'pages-promo');
  wx = installWx(lc, shop.owner);
});
afterAll(() => lc.stop());

const texts = (comp: any, selector: string): string[] => comp.querySelectorAll(selector).map((el: any) => String(el.dom.textContent).replace(/\s+/g, ' ').trim());
const saved = async () => (await shop.as(shop.owner)('shops.mine')).shop.settings.promotionDays ?? [];

async function openPage() {
  const page = renderPage('packages/shop/pages/promotions/index');
  page.instance.onLoad();
  await waitFor(() => page.data.state !== 'loading');
  return page;
}

async function pick(page: any, day: string, repeat: boolean) {
  page.querySelector('.date-picker').dispatchEvent('change', { detail: { value: day } });
  // The switch flips on a tap, as the user does it.
  if (page.data.repeat !== repeat) page.querySelector('.repeat').querySelector('.van-switch').dispatchEvent('tap');
  await simulate.sleep(10);
}

test('the owner adds 双11 every year and a one-off day, and removes one', async () => {
  const me = renderPage('pages/me/index');
  me.instance.onLoad();
  await waitFor(() => !me.data.loading && Boolean(me.querySelector('.promotions-link')));
  expect(text(me, '.promotions-link')).toContain('未设置');
  me.querySelector('.promotions-link').querySelector('.van-cell').dispatchEvent('tap');
  await simulate.sleep(10);
  expect(wx.navigations.at(-1)).toBe('/packages/shop/pages/promotions/index');

  const page = await openPage();
  expect(text(page, '.empty')).toContain('还没有促销日');
  await pick(page, '2026-11-11', true);
  expect(text(page, '.repeat-cell')).toContain('每年的 11-11 都是促销日');
  await tap(page, '.add-day');
  await waitFor(() => page.data.rows.length === 1);
  expect(wx.toasts.at(-1)).toBe('已添加');
  await pick(page, '2025-06-18', false);
  expect(text(page, '.repeat-cell')).toContain('只有 2025-06-18 这一天');
  await tap(page, '.add-day');
  await waitFor(() => page.data.rows.length === 2);
  expect(texts(page, '.day-row')).toEqual(['每年 11月11日每年重复删除', '2025年6月18日只一次 · 已过去，用来学习效果删除']);
  expect(await saved()).toEqual(['11-11', '2025-06-18'].sort());

  // The same day again: said so, nothing sent.
  await pick(page, '2027-11-11', true);
  await tap(page, '.add-day');
  expect(text(page, '.save-error')).toBe('每年 11月11日已经是促销日');
  expect(await saved()).toHaveLength(2);

  // Removing asks first; 取消 keeps the day.
  wx.modalConfirm = false;
  page.querySelectorAll('.remove')[0].querySelector('.van-button').dispatchEvent('tap');
  await waitFor(() => wx.modals.length > 0);
  expect(wx.modals.at(-1)).toMatchObject({ title: '删除促销日', content: expect.stringContaining('删除「每年 11月11日」后') });
  await simulate.sleep(20);
  expect(page.data.rows).toHaveLength(2);
  expect(await saved()).toHaveLength(2);
  wx.modalConfirm = true;
  page.querySelectorAll('.remove')[0].querySelector('.van-button').dispatchEvent('tap');
  await waitFor(() => page.data.rows.length === 1);
  expect(wx.toasts.at(-1)).toBe('已删除');
  expect(await saved()).toEqual(['2025-06-18']);

  // 我的 shows the new count when it shows again.
  me.instance.onShow();
  await waitFor(() => !me.data.loading && me.data.promotionCount === 1);
  expect(text(me, '.promotions-link')).toContain('1 天');
});

test('the contract refuses bad days with its message and changes nothing', async () => {
  const owner = shop.as(shop.owner);
  const before = await saved();
  for (const bad of ['11-31', '2026-02-29', '双11', '2026/11/11']) {
    const e = await apiError(owner('shops.updateSettings', { settings: { promotionDays: [bad] } }));
    expect(e.code).toBe('E_VALIDATION');
    expect(e.message).toContain('促销日应为 MM-DD');
  }
  expect(await saved()).toEqual(before);

  // At the limit the page shows the contract's own message and keeps the saved list.
  const sixty = Array.from({ length: 60 }, (_x, i) => `2024-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`);
  await owner('shops.updateSettings', { settings: { promotionDays: sixty } });
  const page = await openPage();
  expect(page.data.rows).toHaveLength(60);
  await pick(page, '2026-12-12', true);
  await tap(page, '.add-day');
  await waitFor(() => page.data.saveError !== '');
  expect(text(page, '.save-error')).toContain('促销日最多 60 个');
  expect(page.data.rows).toHaveLength(60);
  expect(await saved()).toEqual(sixty);
  await owner('shops.updateSettings', { settings: { promotionDays: before } });
});

test('a clerk reads the days without the buttons', async () => {
  wx.openid = shop.clerk;
  const page = await openPage();
  expect(page.data.rows.map((r: any) => r.day)).toEqual(await saved());
  expect(page.querySelector('.remove')).toBeUndefined();
  expect(page.querySelector('.add-day')).toBeUndefined();
  expect(text(page, '.hint')).toBe('只有店主可以修改促销日');
  wx.openid = shop.owner;
});
