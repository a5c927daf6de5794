// Suppliers through the pages (miniprogram-simulate) and the real api function on localcloud: the
// owner creates a supplier on the edit page (a bad phone shows the server's message and saves
// nothing), finds it in the list, opens its page; after an order is submitted and partly received
// through the api the page shows what is owed, the open order and the scorecard; edit keeps every
// field, 停用 hides the supplier; a clerk sees no 新建 and never the money.
import { LocalCloud } from '../../localcloud';
import { createTestShop, startApiCloud, TestShop } from '../helpers/cloud';
import { installWx, renderPage, simulate, tap, text, type, waitFor, WxBridge } from '../helpers/miniprogram';

let lc: LocalCloud;
let wx: WxBridge;
let shop: TestShop;
let supplierId = '';
let orderId = '';
const phoneCalls: string[] = [];

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'pages-suppliers');
  wx = installWx(lc, shop.owner);
  (global as any).wx.makePhoneCall = (o: { phoneNumber: string }) => {
    phoneCalls.push(o.phoneNumber);
    return Promise.resolve();
  };
});
afterAll(() => lc.stop());

const lastNav = () => wx.navigations[wx.navigations.length - 1];
const queryOf = (url: string) => Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? ''));
const texts = (comp: any, selector: string): string[] => comp.querySelectorAll(selector).map((el: any) => String(el.dom.textContent).replace(/\s+/g, ' ').trim());
const rid = () => `sup-${Math.random().toString(36).slice(2, 12)}`;
/** Each row's parts (separate elements on screen, one of each per row) joined by " | ". */
function rows(comp: any, selector: string, parts: string[]): string[] {
  const columns = parts.map((p) => texts(comp, `${selector} ${p}`));
  return comp.querySelectorAll(selector).map((_: unknown, i: number) => columns.map((c) => c[i] ?? '').join(' | '));
}
/** Taps a van-cell (its inner view carries the handler). */
async function tapCell(host: any) {
  (host.querySelector('.van-cell') ?? host).dispatchEvent('tap');
  await simulate.sleep(10);
}
/** What a van-field's input shows (built-in attributes live on the virtual tree). */
function inputValue(comp: any, selector: string): string {
  const input = comp.querySelector(selector).querySelectorAll('.van-field__control').find((c: any) => /^WX-(INPUT|TEXTAREA)$/.test(c.dom.tagName));
  return String((input.dom.__wxElement._vt.attrs as { name: string; value: unknown }[]).find((a) => a.name === 'value')?.value ?? '');
}
/** The message under a van-field (selectors do not cross into a component: look inside it). */
function fieldError(comp: any, selector: string): string {
  const el = comp.querySelector(selector).querySelector('.van-field__error-message');
  return el ? String(el.dom.textContent).trim() : '';
}
/** Searches the list as the user does: types, then the keyboard's search key. */
async function search(list: any, keyword: string) {
  await type(list.querySelector('.search'), '.van-search__field', keyword);
  await list.instance.onSearch();
}
async function openDetail(id: string) {
  const detail = renderPage('packages/purchase/pages/supplier-detail/index');
  await detail.instance.onLoad({ id });
  return detail;
}

test('create: a bad phone shows the server\'s message under the field and saves nothing; then the new supplier opens its page', async () => {
  const edit = renderPage('packages/purchase/pages/supplier-edit/index');
  await edit.instance.onLoad({});
  expect(wx.titles.pop()).toBe('新建供应商');
  expect(inputValue(edit, '.field-leadTimeDays')).toBe('3'); // the contract's default
  await type(edit, '.field-name', '城北副食批发');
  await type(edit, '.field-contact', '王姐');
  await type(edit, '.field-phone', '1380013800'); // one digit short
  await type(edit, '.field-wechatId', 'wangjie-pf');
  await type(edit, '.field-address', '城北路 18 号');
  await type(edit, '.field-paymentTerms', '月结30天');
  const calls = wx.calls.length;
  await type(edit, '.field-leadTimeDays', '400');
  await tap(edit, '.save');
  expect(fieldError(edit, '.field-leadTimeDays')).toBe('请输入 0–365 的整数天数');
  expect(wx.calls.length).toBe(calls); // not sent
  await type(edit, '.field-leadTimeDays', '4');
  await tap(edit, '.save');
  await waitFor(() => !edit.data.saving);
  expect(fieldError(edit, '.field-phone')).toBe('应为 11 位手机号，或带区号的固定电话（如 0571-88888888）');
  expect(fieldError(edit, '.field-name')).toBe('');
  expect(wx.navigations).toHaveLength(0);
  expect((await shop.as(shop.owner)<any>('suppliers.list', {})).items).toHaveLength(0); // nothing saved

  await type(edit, '.field-phone', '13800138000');
  expect(fieldError(edit, '.field-phone')).toBe(''); // typing clears it
  await tap(edit, '.save');
  await waitFor(() => Boolean(lastNav()));
  expect(lastNav()).toMatch(/^\/packages\/purchase\/pages\/supplier-detail\/index\?id=/);
  supplierId = queryOf(lastNav()).id;

  const before = wx.calls.length;
  const detail = await openDetail(supplierId);
  expect(wx.calls.slice(before).map((c) => c.data.action)).toEqual(['suppliers.detail']); // one call for the whole page
  expect(wx.titles.pop()).toBe('城北副食批发');
  expect(text(detail, '.name')).toBe('城北副食批发');
  expect(text(detail, '.contact')).toContain('王姐');
  expect(text(detail, '.phone')).toContain('13800138000');
  expect(text(detail, '.terms')).toContain('月结30天');
  expect(text(detail, '.typed-lead')).toContain('4 天');
  // Nothing bought yet: each figure says why it is empty instead of showing 0.
  expect(text(detail, '.payable__amount')).toBe('已结清');
  expect(text(detail, '.open-none')).toBe('没有进行中的采购单');
  const scores = () => rows(detail, '.score', ['.score__label', '.score__value', '.score__hint']);
  expect(scores()).toEqual([
    '准时到货率 | — | 还没有带交货日期的到货',
    '到货率 | — | 还没有收完或关闭的采购单',
    '提前期 | — | 还没有按采购单收过货',
  ]);
  expect(text(detail, '.prices-none')).toContain('还没有到货');

  await tapCell(detail.querySelector('.phone'));
  expect(phoneCalls).toEqual(['13800138000']);
  await tapCell(detail.querySelector('.wechat'));
  expect(wx.clipboard).toBe('wangjie-pf');
  expect(wx.toasts.pop()).toBe('微信号已复制');
});

test('list: the owner finds the supplier by name, sees contact and phone, 新建, and opens it; more than a page loads more', async () => {
  const owner = shop.as(shop.owner);
  for (let i = 0; i < 20; i++) await owner('suppliers.save', { name: `供应商${String(i).padStart(2, '0')}` });
  const list = renderPage('packages/purchase/pages/suppliers/index');
  list.instance.onLoad();
  await waitFor(() => !list.data.loading && list.data.role === 'owner');
  expect(text(list, '.create')).toBe('新建');
  expect(texts(list, '.supplier')).toHaveLength(20);
  expect(text(list, '.load-more')).toBe('加载更多');
  await tap(list, '.load-more');
  await waitFor(() => !list.data.loading && texts(list, '.supplier').length === 21);
  expect(new Set(texts(list, '.supplier__name')).size).toBe(21); // no row twice
  expect(text(list, '.page-state')).toBe('没有更多了');

  await search(list, '城北');
  expect(rows(list, '.supplier', ['.supplier__name', '.supplier__contact'])).toEqual(['城北副食批发 | 王姐 · 13800138000']);
  list.querySelector('.supplier').dispatchEvent('tap');
  await simulate.sleep(10);
  expect(lastNav()).toBe(`/packages/purchase/pages/supplier-detail/index?id=${encodeURIComponent(supplierId)}`);
  await tap(list, '.create');
  expect(lastNav()).toBe('/packages/purchase/pages/supplier-edit/index');

  await search(list, '酱油厂');
  expect(text(list, '.empty')).toContain('没有找到“酱油厂”');
});

test('detail after buying: what is owed, the open order, on-time rate, lead time and last prices; closing the order gives the fill rate', async () => {
  const owner = shop.as(shop.owner);
  const water = await owner<any>('products.create', { name: '矿泉水 550ml', baseUnit: '瓶', purchaseUnit: { name: '箱', factor: 24 }, purchasePriceFen: 100, salePriceFen: 200 });
  const noodles = await owner<any>('products.create', { name: '挂面 1kg', baseUnit: '袋', purchasePriceFen: 500, salePriceFen: 800 });
  const order = await owner<any>('purchase.create', {
    requestId: rid(),
    supplierId,
    lines: [
      { productId: water._id, qty: 2, unit: '箱', unitPriceFen: 2500, expectedDate: '2099-12-31' },
      { productId: noodles._id, qty: 10, unitPriceFen: 450 },
    ],
  });
  orderId = order._id;
  await owner('purchase.submit', { id: orderId, requestId: rid() }); // the owner's own order is approved at once
  await owner('purchase.receive', { requestId: rid(), orderId, lines: [{ lineId: 'L1', qty: 1, unit: '箱' }, { lineId: 'L2', qty: 4 }] });

  const detail = await openDetail(supplierId);
  // 1 case at ¥25.00 + 4 bags at ¥4.50
  expect(text(detail, '.payable__amount')).toBe('¥43.00');
  expect(rows(detail, '.open-order', ['.order__no', '.order__status', '.order__meta', '.order__total'])).toEqual([`${order.no} | 部分到货 | ${order.createdAt.slice(0, 10)} · 2 种商品 · 已到货 48% | ¥95.00`]);
  expect(detail.querySelector('.recent-order')).toBeFalsy(); // the only order is listed as open
  expect(rows(detail, '.score', ['.score__label', '.score__value', '.score__hint'])).toEqual([
    '准时到货率 | 100% | 1 行带预计日期的到货', // only the water line has an expected date
    '到货率 | — | 还没有收完或关闭的采购单',
    '提前期 | 0 ± 0 天 | 1 次到货，审批到收货', // received the day it was approved
  ]);
  // Per base unit: ¥25.00 a case of 24 is ¥1.0416… a bottle.
  // Each cell: the product, the day of the receipt (its label) and the price.
  expect(texts(detail, '.last-price').map((t) => t.replace(/\d{4}-\d{2}-\d{2}/, ' '))).toEqual(['矿泉水 550ml ¥1.04', '挂面 1kg ¥4.50']);

  await tap(detail, '.statement');
  expect(queryOf(lastNav())).toEqual({ supplierId, name: '城北副食批发' });
  expect(lastNav()).toMatch(/^\/packages\/purchase\/pages\/supplier-statement\/index\?/);
  detail.querySelector('.open-order').dispatchEvent('tap');
  await simulate.sleep(10);
  expect(lastNav()).toBe(`/packages/purchase/pages/order-detail/index?id=${encodeURIComponent(orderId)}`);

  await owner('purchase.close', { id: orderId, requestId: rid() });
  await detail.instance.load();
  // 24 + 4 of 48 + 10 base units ordered
  expect(rows(detail, '.score-fill', ['.score__label', '.score__value', '.score__hint'])).toEqual(['到货率 | 48.3% | 1 张已完成的采购单，到货 ÷ 订货']);
  expect(text(detail, '.open-none')).toBe('没有进行中的采购单');
  expect(texts(detail, '.recent-order')).toEqual([expect.stringContaining('已关闭')]);
});

test('下采购单 opens the order page with the supplier chosen; the order page links back to the supplier', async () => {
  const detail = await openDetail(supplierId);
  await tap(detail, '.new-order');
  expect(lastNav()).toMatch(/^\/packages\/purchase\/pages\/order-edit\/index\?supplierId=/);
  const edit = renderPage('packages/purchase/pages/order-edit/index');
  await edit.instance.onLoad(queryOf(lastNav()));
  expect(text(edit, '.supplier')).toContain('城北副食批发');
  expect(edit.data.supplierId).toBe(supplierId);

  const order = renderPage('packages/purchase/pages/order-detail/index');
  await order.instance.onLoad({ id: orderId });
  order.querySelector('.supplier').dispatchEvent('tap');
  await simulate.sleep(10);
  expect(lastNav()).toBe(`/packages/purchase/pages/supplier-detail/index?id=${encodeURIComponent(supplierId)}`);

  const orders = renderPage('packages/purchase/pages/orders/index');
  orders.instance.onLoad();
  await waitFor(() => !orders.data.loading && orders.data.role === 'owner');
  await tapCell(orders.querySelector('.suppliers-link'));
  expect(lastNav()).toBe('/packages/purchase/pages/suppliers/index');
});

test('edit keeps every field it did not change; 停用 asks first, keeps the fields and hides the supplier from the list', async () => {
  const owner = shop.as(shop.owner);
  const detail = await openDetail(supplierId);
  await tap(detail, '.edit');
  const edit = renderPage('packages/purchase/pages/supplier-edit/index');
  await edit.instance.onLoad(queryOf(lastNav()));
  expect(wx.titles.pop()).toBe('编辑供应商');
  expect(inputValue(edit, '.field-wechatId')).toBe('wangjie-pf');
  await type(edit, '.field-paymentTerms', '货到付款');
  wx.toasts.length = 0;
  await tap(edit, '.save');
  await waitFor(() => wx.toasts.length > 0);
  expect(wx.toasts).toEqual(['已保存']);
  expect(wx.backs).toBe(1); // back to the supplier's page
  await detail.instance.load();
  expect(text(detail, '.terms')).toContain('货到付款');
  expect(text(detail, '.typed-lead')).toContain('4 天');
  expect(text(detail, '.wechat')).toContain('wangjie-pf');

  wx.modals.length = 0;
  wx.modalConfirm = false; // thinks again
  await tap(detail, '.archive');
  wx.modalConfirm = true;
  expect(wx.modals[0].content).toContain('确定停用吗');
  expect((await owner<any>('suppliers.list', { keyword: '城北' })).items).toHaveLength(1);
  await tap(detail, '.archive');
  await waitFor(() => text(detail, '.archived') === '已停用');
  expect(text(detail, '.archive')).toBe('启用');
  expect(detail.querySelector('.new-order')).toBeFalsy();
  const d = await owner<any>('suppliers.detail', { id: supplierId });
  expect(d.supplier).toMatchObject({ archived: true, contact: '王姐', phone: '13800138000', wechatId: 'wangjie-pf', address: '城北路 18 号', leadTimeDays: 4, paymentTerms: '货到付款' });
  const list = renderPage('packages/purchase/pages/suppliers/index');
  await list.instance.onLoad();
  await search(list, '城北');
  expect(text(list, '.empty')).toContain('没有找到“城北”');

  await tap(detail, '.archive'); // 启用 brings it back
  await waitFor(() => !detail.querySelector('.archived'));
  expect((await owner<any>('suppliers.list', { keyword: '城北' })).items).toHaveLength(1);
});

test('a clerk reads the list without 新建 and never sees a supplier\'s money', async () => {
  wx.openid = shop.clerk;
  try {
    const list = renderPage('packages/purchase/pages/suppliers/index');
    list.instance.onLoad();
    await waitFor(() => !list.data.loading && list.data.role === 'clerk');
    expect(list.querySelector('.create')).toBeFalsy();
    await search(list, '城北');
    expect(rows(list, '.supplier', ['.supplier__name', '.supplier__contact'])).toEqual(['城北副食批发 | 王姐 · 13800138000']);
    const navs = wx.navigations.length;
    list.querySelector('.supplier').dispatchEvent('tap');
    await simulate.sleep(10);
    expect(wx.navigations).toHaveLength(navs); // the supplier's page is not theirs

    const detail = await openDetail(supplierId);
    expect(text(detail, '.error')).toBe('你没有权限执行此操作');
    expect(String(detail.dom.textContent)).not.toContain('¥');
    expect(detail.querySelector('.payable')).toBeFalsy();

    const order = renderPage('packages/purchase/pages/order-detail/index');
    await order.instance.onLoad({ id: orderId });
    expect(text(order, '.supplier')).toBe('城北副食批发');
    order.querySelector('.supplier').dispatchEvent('tap');
    await simulate.sleep(10);
    expect(wx.navigations).toHaveLength(navs); // no link to a page that would refuse them
  } finally {
    wx.openid = shop.owner;
  }
});
