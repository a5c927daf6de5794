// Warehouses through the pages (miniprogram-simulate) and the real api function on localcloud: the
// owner opens 仓库 from 我的, adds 后仓 and renames it; 入库 and 开单 then offer the warehouse at the
// top of the document (each remembers its own last choice per shop, on the phone) and post into and
// out of 后仓; archiving 后仓 while it holds stock shows the server's refusal, after it is sold out
// archiving works and the pickers disappear (one active warehouse: nothing to choose); the default
// warehouse has no 停用; a clerk cannot manage warehouses.
import { LocalCloud } from '../../localcloud';
import { gs1CheckDigit } from '../../miniprogram/utils/barcode';
import { createTestShop, startApiCloud, TestShop } from '../helpers/cloud';
import { installWx, renderPage, simulate, tap, text, waitFor, WxBridge, whileOffline } from '../helpers/miniprogram';

let lc: LocalCloud;
let wx: WxBridge;
let shop: TestShop;
let cola: any;
let backRoomId = '';
const ean = (body: string) => `${body}${gs1CheckDigit(body)}`;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'pages-warehouses');
  cola = await shop.as(shop.owner)('products.create', { name: '可乐', baseUnit: '罐', barcodes: [ean('690000000301')], salePriceFen: 350, purchasePriceFen: 200 });
  wx = installWx(lc, shop.owner);
});
afterAll(() => lc.stop());
beforeEach(() => {
  wx.openid = shop.owner;
  wx.modalConfirm = true;
  wx.modals.length = 0;
  wx.toasts.length = 0;
});

const calls = (action: string, from = 0) => wx.calls.slice(from).filter((c) => c.data.action === action);
const texts = (comp: any, selector: string): string[] => comp.querySelectorAll(selector).map((el: any) => String(el.dom.textContent).replace(/\s+/g, ' ').trim());
/** The warehouses' names as shown, by section (the default one marked). */
function rows(page: any) {
  const names = texts(page, '.warehouse__name');
  const tagged = texts(page, '.warehouse__tag');
  expect(tagged).toEqual(['默认']); // the default warehouse, always first and active
  names[0] += '（默认）';
  const archived = texts(page, '.warehouse--archived .warehouse__name');
  return { active: names.slice(0, names.length - archived.length), archived };
}
/** Taps a row's button (rename, archive, restore) of the warehouse shown with that name. */
async function tapRow(page: any, name: string, button: string) {
  expect(texts(page, '.warehouse__name')).toContain(name);
  const w = [...page.data.active, ...page.data.archived].find((x: any) => x.name === name);
  await tap(page, `.${button}-${w.id}`);
}
async function openWarehouses() {
  const page = renderPage('packages/stock/pages/warehouses/index');
  await page.instance.onLoad();
  return page;
}
async function openDocument(path: string) {
  const page = renderPage(path);
  page.instance.onLoad?.({});
  await waitFor(() => page.data.shopId !== '');
  return page;
}
async function scan(page: any, ...codes: string[]) {
  wx.scans.push(...codes);
  await tap(page, '.scan');
}
/** The user picks a warehouse from the picker at the top of the document. */
async function pickWarehouse(page: any, name: string) {
  const index = page.data.warehouseNames.indexOf(name);
  expect(index).toBeGreaterThanOrEqual(0);
  page.querySelector('.warehouse-picker').dispatchEvent('change', { detail: { value: String(index) } });
  await simulate.sleep(10);
}
async function submit(page: any, toast: string) {
  wx.toasts.length = 0;
  await tap(page, '.submit');
  await waitFor(() => wx.toasts.length > 0 || (!page.data.submitting && page.data.error !== ''));
  expect(page.data.error).toBe('');
  expect(wx.toasts.pop()).toBe(toast);
}
async function balanceIn(warehouseName: string): Promise<number> {
  const d = await shop.as(shop.owner)('products.get', { id: cola._id });
  return d.balances.find((b: any) => b.warehouseName === warehouseName)?.qty ?? 0;
}

test('我的 leads the owner to 仓库; with only the default warehouse there is nothing to archive and the page says why one would add one', async () => {
  const me = renderPage('pages/me/index');
  me.instance.onLoad();
  await waitFor(() => !me.data.loading);
  expect(text(me, '.warehouses-link')).toContain('1 个在用');
  me.querySelector('.warehouses-link').querySelector('.van-cell').dispatchEvent('tap');
  await simulate.sleep(10);
  expect(wx.navigations.at(-1)).toBe('/packages/stock/pages/warehouses/index');

  const page = await openWarehouses();
  expect(rows(page).active).toEqual(['默认仓库（默认）']);
  expect(page.querySelectorAll('.archive')).toHaveLength(0);
  expect(page.querySelectorAll('.rename')).toHaveLength(1);
  expect(text(page, '.empty')).toContain('只有一个仓库时，开单和入库不用选仓库');

  // and the documents show no warehouse
  const sell = await openDocument('pages/sell/index');
  expect(sell.querySelector('.warehouse-picker')).toBeUndefined();
  expect(sell.data.warehouseId).toBe('');
});

test('the owner adds 后仓 (one request, no reload), a duplicate name shows the server\'s message, and renames it', async () => {
  const page = await openWarehouses();
  wx.modalInput = '仓库二';
  const before = wx.calls.length;
  await tap(page, '.create');
  await waitFor(() => page.data.active.length === 2);
  expect(wx.calls.slice(before).map((c) => c.data.action)).toEqual(['warehouses.save']);
  expect(wx.modals.at(-1)!.title).toBe('新建仓库');
  expect(wx.toasts.pop()).toBe('已新建');
  expect(rows(page).active).toEqual(['默认仓库（默认）', '仓库二']);
  expect(page.querySelectorAll('.archive')).toHaveLength(1); // 仓库二 only: never the default
  expect(page.querySelector('.empty')).toBeUndefined();

  wx.modalInput = '仓库二';
  await tap(page, '.create');
  await waitFor(() => page.data.actionError !== '');
  expect(text(page, '.action-error')).toBe('已有名为「仓库二」的仓库');
  expect(page.data.active).toHaveLength(2);

  wx.modalInput = '后仓';
  await tapRow(page, '仓库二', 'rename');
  await waitFor(() => page.data.active[1].name === '后仓');
  expect(wx.modals.at(-1)).toMatchObject({ title: '仓库改名', content: '仓库二', confirmText: '保存' }); // the old name to edit
  expect(page.querySelector('.action-error')).toBeUndefined(); // a success clears the last refusal
  expect(rows(page).active).toEqual(['默认仓库（默认）', '后仓']);
  backRoomId = page.data.active[1].id;
  const saved = (await shop.as(shop.owner)('shops.mine')).shop.warehouses;
  expect(saved.map((w: any) => [w.name, w.archived])).toEqual([['默认仓库', false], ['后仓', false]]);
});

test('入库 and 开单 offer the warehouse at the top, post into and out of 后仓, and each remembers its last choice', async () => {
  const receive = await openDocument('packages/purchase/pages/receive/index');
  expect(text(receive, '.warehouse')).toContain('默认仓库'); // nothing chosen yet: the default
  await pickWarehouse(receive, '后仓');
  expect(text(receive, '.warehouse')).toContain('后仓');
  await scan(receive, cola.barcodes[0]);
  await waitFor(() => receive.data.lines.length === 1);
  const stepper = receive.querySelector('.lines').querySelector('.line__qty').querySelector('.van-stepper__input');
  stepper.dispatchEvent('input', { detail: { value: '10' } });
  await simulate.sleep(10);
  const before = wx.calls.length;
  await submit(receive, '入库成功');
  expect(calls('stock.receive', before)[0].data.warehouseId).toBe(backRoomId);
  expect(await balanceIn('后仓')).toBe(10);
  expect(await balanceIn('默认仓库')).toBe(0);

  // 开单 has its own memory: goods come into the back room, sales usually leave the front.
  const sell = await openDocument('pages/sell/index');
  expect(text(sell, '.warehouse')).toContain('默认仓库');
  await pickWarehouse(sell, '后仓');
  await scan(sell, cola.barcodes[0], cola.barcodes[0]);
  await waitFor(() => sell.data.lines[0]?.qty === 1);
  await tap(sell, '.scan');
  await waitFor(() => sell.data.lines[0]?.qty === 2);
  const sold = wx.calls.length;
  await submit(sell, '已收 ¥7.00');
  expect(calls('stock.sell', sold)[0].data.warehouseId).toBe(backRoomId);
  expect(await balanceIn('后仓')).toBe(8);

  // Opened again, each document starts on the warehouse chosen last.
  const sellAgain = await openDocument('pages/sell/index');
  expect(sellAgain.data.warehouseId).toBe(backRoomId);
  expect(text(sellAgain, '.warehouse')).toContain('后仓');
  const receiveAgain = await openDocument('packages/purchase/pages/receive/index');
  expect(receiveAgain.data.warehouseName).toBe('后仓');
  expect(Object.keys(wx.storage).filter((k) => k.includes(shop.shopId))).toHaveLength(2);
});

test('archiving 后仓 while it holds stock shows the server\'s refusal; sold out, it is archived and the documents no longer ask', async () => {
  // 开单 and 我的 are tab pages: they stay open meanwhile.
  const sell = await openDocument('pages/sell/index');
  expect(sell.data.warehouseName).toBe('后仓');
  const me = renderPage('pages/me/index');
  me.instance.onLoad();
  await waitFor(() => !me.data.loading);
  expect(text(me, '.warehouses-link')).toContain('2 个在用');
  const page = await openWarehouses();
  await tapRow(page, '后仓', 'archive');
  await waitFor(() => page.data.actionError !== '');
  expect(wx.modals.at(-1)!.title).toBe('停用「后仓」？');
  expect(text(page, '.action-error')).toBe('仓库「后仓」还有库存：可乐 8 罐。请先盘点清零或调出后再停用');
  expect(rows(page).active).toEqual(['默认仓库（默认）', '后仓']);

  // The user cancels the confirmation: nothing is sent.
  wx.modalConfirm = false;
  const before = wx.calls.length;
  await tapRow(page, '后仓', 'archive');
  expect(calls('warehouses.save', before)).toHaveLength(0);
  wx.modalConfirm = true;

  // Sell the rest from 后仓 (remembered), then archiving works.
  await scan(sell, cola.barcodes[0]);
  await waitFor(() => sell.data.lines.length === 1);
  sell.querySelector('.lines').querySelector('.line__qty').querySelector('.van-stepper__input').dispatchEvent('input', { detail: { value: '8' } });
  await simulate.sleep(10);
  await submit(sell, '已收 ¥28.00');
  expect(await balanceIn('后仓')).toBe(0);
  await tapRow(page, '后仓', 'archive');
  await waitFor(() => page.data.archived.length === 1);
  expect(wx.toasts.pop()).toBe('已停用');
  expect(rows(page)).toEqual({ active: ['默认仓库（默认）'], archived: ['后仓'] });
  expect(page.querySelector('.action-error')).toBeUndefined();

  // Back on 开单: the picker is gone and the sale goes to the default warehouse.
  await sell.instance.onShow();
  await waitFor(() => sell.data.warehouses.length === 0);
  expect(sell.querySelector('.warehouse-picker')).toBeUndefined();
  expect(sell.data.warehouseId).toBe('');
  const receive = await openDocument('packages/purchase/pages/receive/index');
  expect(receive.querySelector('.warehouse-picker')).toBeUndefined();
  await scan(receive, cola.barcodes[0]);
  await waitFor(() => receive.data.lines.length === 1);
  const received = wx.calls.length;
  await submit(receive, '入库成功');
  expect(calls('stock.receive', received)[0].data.warehouseId).toBeUndefined();
  expect(await balanceIn('默认仓库')).toBe(1);

  // 我的 follows when it shows again.
  me.instance.onShow();
  await waitFor(() => !me.data.loading);
  expect(text(me, '.warehouses-link')).toContain('1 个在用');
});

test('an archived warehouse is restored and offered again (still remembered); lines show what the chosen warehouse holds', async () => {
  const page = await openWarehouses();
  await tapRow(page, '后仓', 'restore');
  await waitFor(() => page.data.archived.length === 0);
  expect(rows(page).active).toEqual(['默认仓库（默认）', '后仓']);
  const sell = await openDocument('pages/sell/index');
  expect(sell.data.warehouseName).toBe('后仓');
  // 后仓 is empty while the shop has 1 in the default warehouse: the line shows what 后仓 holds,
  // so 提交 is blocked before anything is sent; switching to the default warehouse re-checks the line.
  await scan(sell, cola.barcodes[0]);
  await waitFor(() => sell.data.lines.length === 1);
  expect(sell.data.lines[0].onHand).toBe(0);
  expect(text(sell, '.blocked')).toBe('库存不足：可乐');
  await pickWarehouse(sell, '默认仓库');
  await waitFor(() => sell.data.lines[0].onHand === 1);
  expect(text(sell, '.blocked')).toBe('');
  await tap(sell, '.submit');
  await waitFor(() => !sell.data.submitting && sell.data.lines.length === 0);
  expect(await balanceIn('默认仓库')).toBe(0);
});

test('a manager manages warehouses; a clerk cannot: no link on 我的, and the page says so', async () => {
  wx.openid = shop.manager;
  const managed = await openWarehouses();
  expect(rows(managed).active).toEqual(['默认仓库（默认）', '后仓']);
  expect(managed.querySelector('.create')).toBeDefined();

  wx.openid = shop.clerk;
  const me = renderPage('pages/me/index');
  me.instance.onLoad();
  await waitFor(() => !me.data.loading);
  expect(me.querySelector('.warehouses-link')).toBeUndefined();
  const page = await openWarehouses();
  expect(text(page, '.forbidden')).toBe('只有店主和店长可以管理仓库');
  expect(page.querySelector('.create')).toBeUndefined();
  expect(page.querySelectorAll('.warehouse')).toHaveLength(0);
  // The clerk still chooses where a sale comes from.
  const sell = await openDocument('pages/sell/index');
  expect(sell.data.warehouseNames).toEqual(['默认仓库', '后仓']);
});

test('a failed load says so and 重试 loads the list', async () => {
  const page = await whileOffline(openWarehouses);
  expect(text(page, '.error')).toBe('网络不太好，请检查网络后重试');
  await tap(page, '.retry');
  await waitFor(() => !page.data.loading);
  expect(rows(page).active).toEqual(['默认仓库（默认）', '后仓']);
});
