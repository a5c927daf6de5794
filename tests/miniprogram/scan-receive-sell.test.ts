// A merchant's first day, through the pages (miniprogram-simulate) and the real api function on
// localcloud: open a shop, scan an unknown code and create the product, receive it by scanning,
// sell it by scanning, and see the new quantity and its ledger on the product page.
import { LocalCloud } from '../../localcloud';
import { startApiCloud } from '../helpers/cloud';
import { installWx, renderPage, simulate, tap, text, type, waitFor, WxBridge } from '../helpers/miniprogram';

let lc: LocalCloud;
let wx: WxBridge;
const CODE = '6901234500011';

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  wx = installWx(lc, 'merchant-afang');
});
afterAll(() => lc.stop());

const lastNav = () => wx.navigations[wx.navigations.length - 1];
const queryOf = (url: string) => Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? ''));
let productId = '';

test('home: a new user opens a shop', async () => {
  const home = renderPage('pages/home/index');
  home.instance.onLoad();
  await waitFor(() => home.data.state === 'noShop');
  await tap(home, '.create-shop');
  expect(home.data.error).toBe('请填写店铺名称'); // validation before any call
  await type(home, '#shop-name', '阿芳便利店');
  await tap(home, '.create-shop');
  await waitFor(() => home.data.state === 'ready');
  expect(text(home, '.shop-title')).toBe('阿芳便利店');
});

test('products: scanning an unknown code offers to create it, with the code filled in', async () => {
  const list = renderPage('pages/products/index');
  list.instance.onLoad();
  await waitFor(() => !list.data.loading);
  expect(text(list, '.empty')).toContain('还没有商品');
  wx.scans.push(CODE);
  await tap(list, '.scan');
  await waitFor(() => wx.modals.length === 1);
  expect(wx.modals[0].content).toContain(CODE);
  expect(lastNav()).toBe(`/packages/catalog/pages/edit/index?barcode=${CODE}`);

  const edit = renderPage('packages/catalog/pages/edit/index');
  await edit.instance.onLoad(queryOf(lastNav()));
  expect(edit.data.form.barcode).toBe(CODE);
  await tap(edit, '.save');
  expect(edit.data.errors.name).toBe('请填写商品名称');
  await type(edit, '#field-name', '可口可乐 330ml');
  await type(edit, '#field-salePrice', '3.5x');
  await tap(edit, '.save');
  expect(edit.data.errors.salePrice).toContain('正确的金额');
  await type(edit, '#field-salePrice', '3.50');
  await tap(edit, '.save');
  await waitFor(() => lastNav().startsWith('/packages/catalog/pages/detail/index?id='));
  productId = queryOf(lastNav()).id;
  expect(productId).toBeTruthy();
});

test('receive: scan twice adds one line of 2, then posts once', async () => {
  const receive = renderPage('packages/purchase/pages/receive/index');
  receive.instance.onLoad();
  wx.scans.push(CODE, CODE);
  await tap(receive, '.scan');
  await waitFor(() => receive.data.lines.length === 1);
  await tap(receive, '.scan');
  await waitFor(() => receive.data.lines[0].qty === 2);
  expect(receive.data.lines).toHaveLength(1);
  // Type the quantity into the line's stepper and the cost into its price field, as a thumb would.
  const lines = receive.querySelector('.lines');
  const stepperInput = lines.querySelector('.line__qty').querySelector('.van-stepper__input');
  stepperInput.dispatchEvent('input', { detail: { value: '24' } });
  await simulate.sleep(10);
  await type(lines, '.line__price', '1.80');
  expect(receive.data.lines[0]).toMatchObject({ qty: 24, priceFen: 180 });
  expect(receive.data.totalFen).toBe(24 * 180);
  const calls = wx.calls.length;
  wx.toasts.length = 0;
  await Promise.all([tap(receive, '.submit'), tap(receive, '.submit')]); // a double tap
  await waitFor(() => receive.data.lines.length === 0);
  expect(wx.calls.slice(calls).filter((c) => c.data.action === 'stock.receive')).toHaveLength(1);
  expect(wx.toasts.pop()).toBe('入库成功');
});

test('sell: scan three times, submit; short stock gives a clear error and posts nothing', async () => {
  const sell = renderPage('pages/sell/index');
  wx.scans.push(CODE, CODE, CODE);
  for (let i = 1; i <= 3; i++) {
    await tap(sell, '.scan');
    await waitFor(() => sell.data.lines[0]?.qty === i);
  }
  expect(sell.data.totalFen).toBe(3 * 350);
  expect(text(sell, '.van-submit-bar__price') || String(sell.data.totalFen)).toBeTruthy();
  wx.toasts.length = 0;
  await tap(sell, '.submit');
  await waitFor(() => wx.toasts.length > 0);
  expect(wx.toasts.pop()).toBe('已收 ¥10.50');
  expect(sell.data.lines).toEqual([]);

  wx.scans.push(CODE);
  await tap(sell, '.scan');
  await waitFor(() => sell.data.lines.length === 1);
  sell.instance.onLineQty({ detail: { key: productId, qty: 100 } });
  await simulate.sleep(10);
  // Short stock is shown before sending: the line, why 提交 is disabled, and nothing is posted.
  expect(text(sell, '.lines')).toContain('库存仅 21件');
  expect(text(sell, '.blocked')).toBe('库存不足：可口可乐 330ml');
  expect(sell.querySelector('.submit').querySelector('.van-submit-bar__button').data.disabled).toBe(true);
  const calls = wx.calls.length;
  await sell.instance.onSubmit();
  expect(wx.calls.slice(calls).filter((c) => c.data.action === 'stock.sell')).toHaveLength(0);
  expect(text(sell, '.error')).toContain('库存不足');
  expect(sell.data.lines).toHaveLength(1); // kept, so the clerk can fix the quantity
});

test('product page: the new quantity and its ledger, newest first', async () => {
  const detail = renderPage('packages/catalog/pages/detail/index');
  detail.instance.onLoad({ id: productId });
  await waitFor(() => !detail.data.loading);
  expect(detail.data.error).toBe('');
  expect(text(detail, '.on-hand')).toBe('总库存21件');
  expect(detail.data.ledger.map((r: any) => [r.typeLabel, r.qtyText, r.qtyAfter])).toEqual([
    ['销售出库', '-3', 21],
    ['采购入库', '+24', 24],
  ]);
  expect(text(detail, '.ledger-row')).toContain('销售出库 -3');
});

test('a case barcode: entered on the product form, one scan on 入库 adds a whole case', async () => {
  const CASE = '6901234501049';
  const edit = renderPage('packages/catalog/pages/edit/index');
  await edit.instance.onLoad({ id: productId });
  await waitFor(() => edit.data.form.name !== '');
  await type(edit, '#field-packBarcode', CASE);
  await tap(edit, '.save');
  expect(edit.data.errors.packBarcode).toBe('先填写整件单位');
  edit.instance.onField({ currentTarget: { dataset: { field: 'packUnit' } }, detail: '箱' } as any);
  edit.instance.onField({ currentTarget: { dataset: { field: 'packFactor' } }, detail: '24' } as any);
  await tap(edit, '.save');
  await waitFor(() => wx.toasts.includes('已保存'));

  const receive = renderPage('packages/purchase/pages/receive/index');
  receive.instance.onLoad();
  wx.scans.push(CASE, CODE);
  await tap(receive, '.scan');
  await waitFor(() => receive.data.lines[0]?.qty === 24);
  expect(wx.toasts).toContain('整箱 +24件');
  await tap(receive, '.scan');
  await waitFor(() => receive.data.lines[0]?.qty === 25);
  expect(receive.data.lines).toHaveLength(1);
});
