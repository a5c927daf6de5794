// Transfers through the pages (miniprogram-simulate) and the real api function on localcloud: a
// clerk scans two products, chooses the warehouses and transfers in one tap (the detail opens and
// the stock has moved); a two-step transfer is shipped, shows 在途 in the list, and is received
// short on its detail page, which reports the difference; a shop with one warehouse is sent to add
// one.
import { LocalCloud } from '../../localcloud';
import { createTestShop, startApiCloud, TestShop } from '../helpers/cloud';
import { installWx, renderPage, simulate, tap, text, waitFor, WxBridge } from '../helpers/miniprogram';
import { gs1CheckDigit } from '../../miniprogram/utils/barcode';

let lc: LocalCloud;
let wx: WxBridge;
let shop: TestShop;
let owner: ReturnType<TestShop['as']>;
let cola: { _id: string };
let chips: { _id: string };
let back = '';
let shelf = '';
const COLA = `690123451001${gs1CheckDigit('690123451001')}`;
const CHIPS = `690123451002${gs1CheckDigit('690123451002')}`;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'pages-transfers');
  owner = shop.as(shop.owner);
  cola = await owner('products.create', { name: '可乐 330ml', baseUnit: '罐', barcodes: [COLA], purchasePriceFen: 150, salePriceFen: 300 });
  chips = await owner('products.create', { name: '薯片 70g', baseUnit: '袋', barcodes: [CHIPS], purchasePriceFen: 400, salePriceFen: 700 });
  await owner('stock.receive', { requestId: 'seed-transfer-1', lines: [{ productId: cola._id, qty: 24, unitCostFen: 150 }, { productId: chips._id, qty: 10, unitCostFen: 400 }] });
  back = (await owner('warehouses.save', { name: '后仓' })).id;
  shelf = (await owner('warehouses.save', { name: '二店' })).id;
  wx = installWx(lc, shop.clerk);
});
afterAll(() => lc.stop());

const lastNav = () => wx.navigations[wx.navigations.length - 1];
const idOf = (url: string) => decodeURIComponent(new URLSearchParams(url.split('?')[1] ?? '').get('id') ?? '');
const texts = (comp: any, selector: string): string[] => comp.querySelectorAll(selector).map((el: any) => String(el.dom.textContent).replace(/\s+/g, ' ').trim());
const onHand = async (productId: string, warehouseId: string) => (await owner('stock.balances', { productId, warehouseId })).items[0]?.qty ?? 0;
async function setStepper(host: any, value: number) {
  host.querySelector('.van-stepper__input').dispatchEvent('input', { detail: { value: String(value) } });
  await simulate.sleep(10);
}
async function pick(page: any, selector: string, index: number) {
  page.querySelector(selector).dispatchEvent('change', { detail: { value: String(index) } });
  await simulate.sleep(20);
}

async function openEdit() {
  const edit = renderPage('packages/stock/pages/transfer-edit/index');
  await edit.instance.onLoad();
  await waitFor(() => edit.data.activeCount === 3 && edit.data.toWarehouseId !== '');
  return edit;
}

async function scan(edit: any, code: string, lines: number) {
  wx.scans.push(code);
  await tap(edit, '.scan');
  await waitFor(() => edit.data.lines.length === lines && !edit.data.looking);
}

test('one step: scan two products, choose the warehouses, 确认调拨 — the transfer opens completed and the stock has moved', async () => {
  const edit = await openEdit();
  expect(text(edit, '.from')).toContain('默认仓库');
  expect(text(edit, '.to')).toContain('后仓'); // the first warehouse other than the source
  await pick(edit, '.to-picker', 1);
  expect(text(edit, '.to')).toContain('二店');
  await scan(edit, COLA, 1);
  await scan(edit, COLA, 1); // a repeat scan adds one
  await scan(edit, CHIPS, 2);
  // The source's stock shows on each line; no price for a transfer.
  expect(texts(edit.querySelector('.lines'), '.line__stock')).toEqual(['库存 24罐', '库存 10袋']);
  expect(text(edit, '.lines')).toContain('先到期的批次先调出');
  await setStepper(edit.querySelector('.lines').querySelectorAll('.line__qty')[1], 11);
  expect(text(edit, '.scan-dock__blocked')).toContain('库存不足：薯片 70g'); // more than the source holds
  await setStepper(edit.querySelector('.lines').querySelectorAll('.line__qty')[1], 4);
  expect(text(edit, '.submit')).toContain('确认调拨');

  const calls = wx.calls.length;
  await Promise.all([tap(edit, '.submit'), tap(edit, '.submit')]); // a double tap transfers once
  await waitFor(() => Boolean(lastNav()?.startsWith('/packages/stock/pages/transfer-detail/index?id=')));
  expect(wx.calls.slice(calls).filter((c) => c.data.action === 'transfer.create')).toHaveLength(1);
  expect(wx.toasts.at(-1)).toBe('调拨完成');
  expect(await onHand(cola._id, 'main')).toBe(22);
  expect(await onHand(cola._id, shelf)).toBe(2);
  expect(await onHand(chips._id, shelf)).toBe(4);

  const detail = renderPage('packages/stock/pages/transfer-detail/index');
  await detail.instance.onLoad({ id: idOf(lastNav()) });
  expect(text(detail, '.status')).toBe('已完成');
  expect(text(detail, '.route')).toBe('默认仓库 → 二店');
  expect(texts(detail, '.line__received')).toEqual(['已收 2罐', '已收 4袋']);
  expect(texts(detail, '.history__label')).toEqual(['创建', '调拨']);
  expect(texts(detail, '.line__batch')).toEqual(['2罐', '4袋']); // a clerk sees no cost
  expect(detail.querySelector('.bar')).toBeUndefined(); // nothing left to do
});

test('two steps: 确认发货 leaves the goods in transit; the detail receives them short and reports the difference', async () => {
  const edit = await openEdit();
  // The destination chosen last time is remembered; the source can be changed too.
  expect(text(edit, '.to')).toContain('二店');
  await pick(edit, '.to-picker', 0);
  expect(text(edit, '.to')).toContain('后仓');
  edit.querySelector('.two-step').dispatchEvent('change', { detail: true });
  await simulate.sleep(10);
  expect(text(edit, '.submit')).toContain('确认发货');
  await scan(edit, COLA, 1);
  await setStepper(edit.querySelector('.lines').querySelectorAll('.line__qty')[0], 6);
  await tap(edit, '.submit');
  await waitFor(() => Boolean(lastNav()?.startsWith('/packages/stock/pages/transfer-detail/index?id=')) && !edit.data.submitting);
  expect(wx.toasts.at(-1)).toBe('已发货');
  const id = idOf(lastNav());
  expect(await onHand(cola._id, 'main')).toBe(16);
  expect(await onHand(cola._id, back)).toBe(0); // in transit

  const list = renderPage('packages/stock/pages/transfers/index');
  await list.instance.onLoad();
  await waitFor(() => !list.data.loading);
  list.querySelector('.tab-in_transit').dispatchEvent('tap');
  await waitFor(() => !list.data.loading && list.data.status === 'in_transit');
  expect(texts(list, '.transfer')).toEqual([expect.stringMatching(/DB\d{8}-\d{3}.*在途.*默认仓库 → 后仓.*两步调拨 · 1 种 6 件/)]);
  list.querySelector('.transfer').dispatchEvent('tap');
  await simulate.sleep(10);
  expect(idOf(lastNav())).toBe(id);

  const detail = renderPage('packages/stock/pages/transfer-detail/index');
  await detail.instance.onLoad({ id });
  expect(text(detail, '.status')).toBe('在途');
  expect(texts(detail, '.line__receive-label')).toEqual(['实收（罐，发出 6）']);
  await setStepper(detail.querySelector('.receive-qty'), 5);
  wx.modals.length = 0;
  await tap(detail, '.action-receive');
  await waitFor(() => text(detail, '.status') === '已收货');
  expect(wx.modals[0].content).toContain('可乐 330ml 少 1罐');
  expect(texts(detail, '.line__received')).toEqual(['已收 5罐，在途差异 1罐']);
  expect(texts(detail, '.history__label')).toEqual(['创建', '发货', '收货']);
  expect(await onHand(cola._id, back)).toBe(5);

  // The owner sees what the difference cost (1 can at ¥1.50).
  wx.openid = shop.owner;
  const owned = renderPage('packages/stock/pages/transfer-detail/index');
  await owned.instance.onLoad({ id });
  expect(text(owned, '.difference-cost')).toContain('在途损耗 ¥1.50');
  expect(texts(owned, '.line__batch')).toEqual(['6罐 · 成本 ¥1.50/罐']);
  wx.openid = shop.clerk;
  expect((await owner('stock.reconcile')).differences).toEqual([]);
});

test('a refused transfer shows why and moves nothing; one warehouse is not enough to transfer', async () => {
  const edit = await openEdit();
  await scan(edit, CHIPS, 1);
  // Someone sells the chips meanwhile: the server refuses, the page says why.
  await owner('stock.sell', { requestId: 'sell-all-chips', lines: [{ productId: chips._id, qty: 6 }] });
  await tap(edit, '.submit');
  await waitFor(() => !edit.data.submitting && edit.data.error !== '');
  expect(text(edit, '.error')).toContain('库存不足');
  expect(await onHand(chips._id, back)).toBe(0);

  const solo = await createTestShop(lc, 'pages-transfers-solo');
  wx.openid = solo.owner;
  const lonely = renderPage('packages/stock/pages/transfer-edit/index');
  await lonely.instance.onLoad();
  await waitFor(() => lonely.data.activeCount === 1);
  expect(text(lonely, '.need-two')).toContain('调拨需要至少两个在用的仓库');
  await tap(lonely, '.add-warehouse');
  expect(lastNav()).toBe('/packages/stock/pages/warehouses/index');
  wx.openid = shop.clerk;
});
