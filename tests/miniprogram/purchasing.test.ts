// Purchasing through the pages (miniprogram-simulate) and the real api function on localcloud: the
// owner orders on the edit page and submits, opens the order, receives part of it with the stepper,
// sees 部分到货 and what came, returns some from the receipt and sees what is owed on the payables
// page; a clerk receives but never sees a price.
import { LocalCloud } from '../../localcloud';
import { createTestShop, startApiCloud, TestShop } from '../helpers/cloud';
import { installWx, renderPage, simulate, tap, text, waitFor, WxBridge } from '../helpers/miniprogram';
import { gs1CheckDigit } from '../../miniprogram/utils/barcode';

let lc: LocalCloud;
let wx: WxBridge;
let shop: TestShop;
let supplier: { _id: string; name: string };
let water: { _id: string };
let orderId = '';
const WATER_CODE = `690123450099${gs1CheckDigit('690123450099')}`;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'pages-purchasing');
  const owner = shop.as(shop.owner);
  supplier = await owner('suppliers.save', { name: '城东批发部' });
  await owner('suppliers.save', { name: '城西粮油' });
  water = await owner('products.create', { name: '矿泉水 550ml', baseUnit: '瓶', barcodes: [WATER_CODE], purchaseUnit: { name: '箱', factor: 24 }, purchasePriceFen: 100, salePriceFen: 200 });
  await owner('products.create', { name: '挂面 1kg', baseUnit: '袋', purchasePriceFen: 500, salePriceFen: 800 });
  wx = installWx(lc, shop.owner);
});
afterAll(() => lc.stop());

const lastNav = () => wx.navigations[wx.navigations.length - 1];
const queryOf = (url: string) => Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? ''));
const texts = (comp: any, selector: string): string[] => comp.querySelectorAll(selector).map((el: any) => String(el.dom.textContent).replace(/\s+/g, ' ').trim());
/** Taps a van-cell (its inner view carries the handler). */
async function tapCell(host: any) {
  (host.querySelector('.van-cell') ?? host).dispatchEvent('tap');
  await simulate.sleep(10);
}
/** Chooses an item of a van-action-sheet by its name, as a thumb would. */
async function chooseInSheet(comp: any, sheet: string, name: string) {
  const items = comp.querySelector(sheet).querySelectorAll('.van-action-sheet__item');
  const item = items.find((i: any) => String(i.dom.textContent).includes(name));
  if (!item) throw new Error(`no ${name} in ${sheet}`);
  item.dispatchEvent('tap');
  await simulate.sleep(10);
}
const inputOf = (field: any) => field.querySelectorAll('.van-field__control').find((c: any) => /^WX-(INPUT|TEXTAREA)$/.test(c.dom.tagName));
/** What a van-field's input shows (built-in attributes live on the virtual tree). */
const inputValue = (field: any): string => String((inputOf(field).dom.__wxElement._vt.attrs as { name: string; value: unknown }[]).find((a) => a.name === 'value')?.value ?? '');
async function typeInto(field: any, value: string) {
  inputOf(field).dispatchEvent('input', { detail: { value } });
  await simulate.sleep(10);
}
async function setStepper(host: any, value: number) {
  host.querySelector('.van-stepper__input').dispatchEvent('input', { detail: { value: String(value) } });
  await simulate.sleep(10);
}

test('edit: the owner picks a supplier, adds products by scanning and searching, prices per unit, and submits', async () => {
  const edit = renderPage('packages/purchase/pages/order-edit/index');
  await edit.instance.onLoad({});
  await tap(edit, '.submit');
  expect(text(edit, '.error')).toContain('请选择供应商'); // nothing sent without a supplier
  await tapCell(edit.querySelector('.supplier'));
  await chooseInSheet(edit, '.supplier-sheet', '城东批发部');
  expect(text(edit, '.supplier')).toContain('城东批发部');

  wx.scans.push(WATER_CODE);
  await tap(edit, '.scan');
  await waitFor(() => edit.data.lines.length === 1);
  // Ordered in cases by default, at the reference price of a case (24 × ¥1.00).
  expect(text(edit, '.line-0')).toContain('矿泉水 550ml');
  expect(inputValue(edit.querySelectorAll('.line__price')[0])).toBe('24.00');
  await setStepper(edit.querySelectorAll('.line__qty')[0], 2);

  await typeInto(edit.querySelector('.search').querySelector('.van-search__field'), '挂面');
  await tap(edit, '.search-button');
  await waitFor(() => edit.querySelectorAll('.result').length === 1);
  await tapCell(edit.querySelector('.result'));
  expect(text(edit, '.line-1')).toContain('挂面 1kg');
  await typeInto(edit.querySelectorAll('.line__price')[1], '4.5x');
  await tap(edit, '.submit');
  expect(text(edit, '.error')).toContain('价格不正确');
  await typeInto(edit.querySelectorAll('.line__price')[1], '4.50');
  await setStepper(edit.querySelectorAll('.line__qty')[1], 10);

  const calls = wx.calls.length;
  await Promise.all([tap(edit, '.submit'), tap(edit, '.submit')]); // a double tap makes one order
  await waitFor(() => lastNav()?.startsWith('/packages/purchase/pages/order-detail/index?id='));
  const made = wx.calls.slice(calls).map((c) => c.data.action);
  expect(made.filter((a) => a === 'purchase.create')).toHaveLength(1);
  expect(made.filter((a) => a === 'purchase.submit')).toHaveLength(1);
  orderId = queryOf(lastNav()).id;
});

test('detail: lines with ordered and received, the total, who did what, and only the allowed buttons', async () => {
  const detail = renderPage('packages/purchase/pages/order-detail/index');
  await detail.instance.onLoad({ id: orderId });
  expect(text(detail, '.status')).toBe('已审批'); // the owner's own order needs no approval
  expect(text(detail, '.supplier')).toBe('城东批发部');
  expect(texts(detail, '.line')).toEqual([
    expect.stringMatching(/矿泉水 550ml.*订 2箱.*已到 0箱.*¥24\.00\/箱 · 小计 ¥48\.00/),
    expect.stringMatching(/挂面 1kg.*订 10袋.*已到 0袋.*¥4\.50\/袋 · 小计 ¥45\.00/),
  ]);
  expect(text(detail, '.total')).toBe('合计 ¥93.00');
  expect(texts(detail, '.history__label')).toEqual(['创建', '提交']);
  expect(texts(detail, '.action')).toEqual(['取消订单', '收货']);
});
