// 退货给供应商 without a receipt, through the pages (miniprogram-simulate) and the real api function on
// localcloud: a supplier delivered 10 bottles (a quick receipt at ¥3.00); the owner opens the
// supplier's page, taps 退货, scans the product, returns 4 bottles with a double tap: one return is
// posted, what is owed drops by 4 × ¥3.00 and stock by 4. More than is left, or a product never
// bought from this supplier, shows the server's message and changes nothing. A batch number on a
// batch-tracked line returns at that batch's cost.
import { LocalCloud } from '../../localcloud';
import { createTestShop, startApiCloud, TestShop } from '../helpers/cloud';
import { installWx, renderPage, simulate, tap, text, waitFor, WxBridge } from '../helpers/miniprogram';
import { gs1CheckDigit } from '../../miniprogram/utils/barcode';

let lc: LocalCloud;
let wx: WxBridge;
let shop: TestShop;
let owner: TestShop['as'] extends (o: string) => infer F ? F : never;
let supplier: { _id: string; name: string };
let water: { _id: string };
let noodles: { _id: string };
const WATER_CODE = `690123450077${gs1CheckDigit('690123450077')}`;
const rid = () => `sret-${Math.random().toString(36).slice(2, 12)}`;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'pages-supplier-return');
  owner = shop.as(shop.owner);
  supplier = await owner('suppliers.save', { name: '城东批发部' });
  water = await owner('products.create', { name: '矿泉水 550ml', baseUnit: '瓶', barcodes: [WATER_CODE], purchaseUnit: { name: '箱', factor: 12 }, purchasePriceFen: 250, salePriceFen: 500 });
  noodles = await owner('products.create', { name: '挂面 1kg', baseUnit: '袋', purchasePriceFen: 500, salePriceFen: 800 });
  await owner('stock.receive', { requestId: rid(), supplierId: supplier._id, lines: [{ productId: water._id, qty: 10, unitCostFen: 300 }] });
  // bought elsewhere (no supplier): in stock, but never from 城东批发部
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: noodles._id, qty: 5, unitCostFen: 500 }] });
  wx = installWx(lc, shop.owner);
});
afterAll(() => lc.stop());

const lastNav = () => wx.navigations[wx.navigations.length - 1];
const queryOf = (url: string) => Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? ''));
const texts = (comp: any, selector: string): string[] => comp.querySelectorAll(selector).map((el: any) => String(el.dom.textContent).replace(/\s+/g, ' ').trim());
const inputOf = (field: any) => field.querySelectorAll('.van-field__control').find((c: any) => /^WX-(INPUT|TEXTAREA)$/.test(c.dom.tagName));
async function setStepper(host: any, value: number) {
  host.querySelector('.van-stepper__input').dispatchEvent('input', { detail: { value: String(value) } });
  await simulate.sleep(10);
}
async function tapCell(host: any) {
  (host.querySelector('.van-cell') ?? host).dispatchEvent('tap');
  await simulate.sleep(10);
}
const onHand = async (id: string) => (await owner('products.get', { id })).product.onHand as number;
const returnsPosted = (from: number) => wx.calls.slice(from).filter((c) => c.data.action === 'purchase.return');

/** The supplier's page, its 退货 button, and the return page it opens. */
async function openReturn() {
  const detail = renderPage('packages/purchase/pages/supplier-detail/index');
  await detail.instance.onLoad({ id: supplier._id });
  await tap(detail, '.return');
  expect(lastNav()).toMatch(/^\/packages\/purchase\/pages\/supplier-return\/index\?/);
  const page = renderPage('packages/purchase/pages/supplier-return/index');
  await page.instance.onLoad(queryOf(lastNav()));
  return { detail, page };
}

test('the owner returns 4 of the 10 delivered: one return on a double tap, what is owed and stock drop', async () => {
  const { detail, page } = await openReturn();
  expect(detail.data.payableFen).toBe(3000);
  expect(text(page, '.head__supplier')).toBe('退给 城东批发部');
  expect(page.querySelector('.warehouse-picker')).toBeUndefined(); // one warehouse: nothing to choose

  wx.scans.push(WATER_CODE);
  await tap(page, '.scan');
  await waitFor(() => page.data.lines.length === 1);
  expect(text(page, '.line-0 .line__name')).toBe('矿泉水 550ml');
  expect(texts(page, '.line-0 .unit')).toEqual(['箱（12）', '瓶']); // purchase unit first, as on an order
  page.querySelectorAll('.line-0 .unit')[1].dispatchEvent('tap');
  await simulate.sleep(10);
  expect(page.data.lines[0].unit).toBe('瓶');
  await setStepper(page.querySelector('.line__qty'), 4);

  const calls = wx.calls.length;
  const backs = wx.backs;
  wx.toasts.length = 0;
  wx.modals.length = 0;
  await Promise.all([tap(page, '.submit'), tap(page, '.submit')]);
  await waitFor(() => wx.toasts.length > 0);
  expect(wx.toasts).toEqual(['退货成功']);
  expect(wx.modals).toHaveLength(1); // the second tap asked nothing and sent nothing
  expect(wx.modals[0].content).toContain('退回「城东批发部」1 种商品');
  expect(returnsPosted(calls)).toHaveLength(1);
  expect(returnsPosted(calls)[0].data).toMatchObject({ supplierId: supplier._id, lines: [{ productId: water._id, qty: 4, unit: '瓶' }] });
  expect(wx.backs).toBe(backs + 1);

  // Back on the supplier's page: 4 × ¥3.00 less is owed.
  detail.instance.onShow();
  await waitFor(() => detail.data.payableFen !== 3000);
  expect(detail.data.payableFen).toBe(1800);
  expect(text(detail, '.payable__amount')).toBe('¥18.00');
  expect(await onHand(water._id)).toBe(6);
});

test('more than is left from this supplier: the server\'s message, nothing changes', async () => {
  const { page } = await openReturn();
  wx.scans.push(WATER_CODE);
  await tap(page, '.scan');
  await waitFor(() => page.data.lines.length === 1);
  // one case is 12 bottles; 6 are left
  expect(page.data.lines[0].unit).toBe('箱');
  await tap(page, '.submit');
  await waitFor(() => !page.data.submitting && text(page, '.submit-error') !== '');
  expect(text(page, '.submit-error')).toContain('「矿泉水 550ml」从这个供应商进货后最多还能退 6瓶');
  expect(wx.toasts).toEqual(['退货成功']); // only the first test's
  expect(await onHand(water._id)).toBe(6);
  expect((await owner('suppliers.detail', { id: supplier._id })).payableFen).toBe(1800);
});

test('a product never bought from this supplier: found by search, refused with the server\'s message', async () => {
  const { page } = await openReturn();
  const field = page.querySelector('.search').querySelector('.van-search__field');
  inputOf(field).dispatchEvent('input', { detail: { value: '挂面' } });
  await simulate.sleep(10);
  inputOf(field).dispatchEvent('confirm', { detail: { value: '挂面' } });
  await waitFor(() => page.querySelectorAll('.result').length === 1);
  expect(text(page, '.result')).toContain('库存 5袋');
  await tapCell(page.querySelector('.result'));
  expect(texts(page, '.line__name')).toEqual(['挂面 1kg']);
  const calls = wx.calls.length;
  await tap(page, '.submit');
  await waitFor(() => !page.data.submitting && text(page, '.submit-error') !== '');
  expect(text(page, '.submit-error')).toContain('没有从「城东批发部」进过「挂面 1kg」');
  expect(returnsPosted(calls)).toHaveLength(1); // asked once, refused
  expect(await onHand(noodles._id)).toBe(5);
});

test('a batch-tracked product: a batch number given, that batch\'s cost comes off what is owed', async () => {
  const day = (n: number) => new Date(Date.now() + n * 86400_000).toISOString().slice(0, 10);
  const milk = await owner('products.create', { name: '鲜牛奶 1L', baseUnit: '盒', batchTracked: true, purchasePriceFen: 500, salePriceFen: 900 });
  await owner('stock.receive', { requestId: rid(), supplierId: supplier._id, lines: [{ productId: milk._id, qty: 2, unitCostFen: 400, batchNo: 'B1', expiryDate: day(20) }] });
  await owner('stock.receive', { requestId: rid(), supplierId: supplier._id, lines: [{ productId: milk._id, qty: 2, unitCostFen: 600, batchNo: 'B2', expiryDate: day(30) }] });
  const { detail, page } = await openReturn();
  expect(detail.data.payableFen).toBe(1800 + 800 + 1200);
  const field = page.querySelector('.search').querySelector('.van-search__field');
  inputOf(field).dispatchEvent('input', { detail: { value: '鲜牛奶' } });
  await simulate.sleep(10);
  inputOf(field).dispatchEvent('confirm', { detail: { value: '鲜牛奶' } });
  await waitFor(() => page.querySelectorAll('.result').length === 1);
  await tapCell(page.querySelector('.result'));
  wx.scans.push(WATER_CODE);
  await tap(page, '.scan');
  await waitFor(() => page.data.lines.length === 2);
  expect(page.querySelectorAll('.line__batch')).toHaveLength(1); // only the batch-tracked line asks for a batch
  inputOf(page.querySelector('.line-0 .line__batch')).dispatchEvent('input', { detail: { value: 'B1' } });
  await simulate.sleep(10);
  await tap(page, '.line-1 .line__remove');
  expect(texts(page, '.line__name')).toEqual(['鲜牛奶 1L']);
  wx.toasts.length = 0;
  await tap(page, '.submit');
  await waitFor(() => wx.toasts.length > 0);
  expect(wx.toasts).toEqual(['退货成功']);
  detail.instance.onShow();
  await waitFor(() => detail.data.payableFen !== 3800);
  expect(detail.data.payableFen).toBe(3800 - 400); // B1's cost, not the latest delivery's ¥6.00
});

test('with a back room the return leaves the warehouse chosen, remembered for the next return (not for 入库)', async () => {
  const backRoom = await owner('warehouses.save', { name: '后仓' });
  await owner('stock.receive', { requestId: rid(), supplierId: supplier._id, warehouseId: backRoom.id, lines: [{ productId: water._id, qty: 5, unitCostFen: 300 }] });
  const where = async () => Object.fromEntries((await owner('stock.balances', { productId: water._id })).items.map((b: any) => [b.warehouseName, b.qty]));
  expect(await where()).toEqual({ 默认仓库: 6, 后仓: 5 });

  const { page } = await openReturn();
  expect(page.data.warehouseNames).toEqual(['默认仓库', '后仓']);
  expect(text(page, '.warehouse')).toContain('默认仓库'); // the default one at first
  page.querySelector('.warehouse-picker').dispatchEvent('change', { detail: { value: '1' } });
  await simulate.sleep(10);
  expect(text(page, '.warehouse')).toContain('后仓');

  wx.scans.push(WATER_CODE);
  await tap(page, '.scan');
  await waitFor(() => page.data.lines.length === 1);
  page.querySelectorAll('.line-0 .unit')[1].dispatchEvent('tap');
  await simulate.sleep(10);
  await setStepper(page.querySelector('.line__qty'), 2);
  const calls = wx.calls.length;
  wx.toasts.length = 0;
  wx.modals.length = 0;
  await tap(page, '.submit');
  await waitFor(() => wx.toasts.length > 0);
  expect(wx.toasts).toEqual(['退货成功']);
  expect(wx.modals[0].content).toContain('从「后仓」退回「城东批发部」1 种商品');
  expect(returnsPosted(calls).map((c) => c.data.warehouseId)).toEqual([backRoom.id]);
  expect(await where()).toEqual({ 默认仓库: 6, 后仓: 3 });

  const again = (await openReturn()).page;
  expect(text(again, '.warehouse')).toContain('后仓');
  expect(Object.keys(wx.storage).filter((k) => k.startsWith('stockmate.warehouse.'))).toEqual([`stockmate.warehouse.${shop.shopId}.supplier_return`]);
});
