// Returns and exchanges from a quick sale through the pages (miniprogram-simulate) and the real api
// on localcloud: a sale made on 开单 is found in 开单记录, opened, and its return started by
// scanning — a product the sale did not have and more than can come back are refused with a
// message — then the stock is back, the refund shown and the sale shows 已退 2; an exchange takes a
// damaged item back (written off) and gives a scanned product instead.
import { LocalCloud } from '../../localcloud';
import { createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';
import { installWx, renderPage, simulate, tap, text, waitFor, WxBridge } from '../helpers/miniprogram';
import { gs1CheckDigit } from '../../miniprogram/utils/barcode';

let lc: LocalCloud;
let wx: WxBridge;
let shop: TestShop;
let owner: ReturnType<TestShop['as']>;
let tea: { _id: string };
let cup: { _id: string };
let milk: { _id: string };
let saleId = '';
const code = (body: string) => `${body}${gs1CheckDigit(body)}`;
const TEA = code('690123450201');
const TEA_CASE = code('690123450202');
const CUP = code('690123450203');
const MILK = code('690123450204');

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'pages-quicksales');
  owner = shop.as(shop.owner);
  tea = await owner('products.create', { name: '绿茶 500ml', baseUnit: '瓶', barcodes: [TEA], saleUnit: { name: '箱', factor: 12, barcode: TEA_CASE }, salePriceFen: 500, purchasePriceFen: 300 });
  cup = await owner('products.create', { name: '保温杯', baseUnit: '个', barcodes: [CUP], salePriceFen: 3000, purchasePriceFen: 1500 });
  milk = await owner('products.create', { name: '纯牛奶', baseUnit: '盒', barcodes: [MILK], salePriceFen: 400, purchasePriceFen: 250 });
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: tea._id, qty: 50, unitCostFen: 300 }, { productId: cup._id, qty: 5, unitCostFen: 1500 }, { productId: milk._id, qty: 10, unitCostFen: 250 }] });
  wx = installWx(lc, shop.owner);
});
afterAll(() => lc.stop());

const texts = (comp: any, selector: string): string[] => comp.querySelectorAll(selector).map((el: any) => String(el.dom.textContent).replace(/\s+/g, ' ').trim());
const onHand = async (id: string) => (await owner('products.get', { id })).product.onHand;
async function openSale(id: string) {
  const page = renderPage('packages/sales/pages/sale-detail/index');
  await page.instance.onLoad({ id });
  await waitFor(() => Boolean(page.data.sale) && page.data.role !== '');
  return page;
}
async function openList() {
  const list = renderPage('packages/sales/pages/sales/index');
  await list.instance.onLoad({});
  await waitFor(() => !list.data.loading);
  return list;
}
/** Queues a code for the camera and taps the sheet's 扫码退回, waiting for the sheet to answer. */
async function scan(sheet: any, value: string) {
  const before = JSON.stringify([sheet.data.returnLines, sheet.data.exchangeLines, sheet.data.returnError]);
  wx.scans.push(value);
  await tap(sheet, '.scan-return');
  await waitFor(() => JSON.stringify([sheet.data.returnLines, sheet.data.exchangeLines, sheet.data.returnError]) !== before);
}

test('sold on 开单, found in 开单记录, a return started by scanning the product twice: stock back, refund shown, 已退 2', async () => {
  const sell = renderPage('pages/sell/index');
  wx.scans.push(TEA, TEA, TEA, CUP);
  for (let i = 0; i < 4; i++) {
    await tap(sell, '.scan');
    await waitFor(() => sell.data.lines.reduce((s: number, l: any) => s + l.qty, 0) === i + 1);
  }
  await tap(sell, '.submit');
  await waitFor(() => sell.data.lines.length === 0);

  const list = await openList();
  expect(list.data.period).toBe('today');
  expect(texts(list, '.sale')).toHaveLength(1);
  expect(text(list, '.sale__customer')).toBe('散客');
  expect(text(list, '.sale__products')).toBe('绿茶 500ml 等 2 种');
  expect(text(list, '.sale__amount')).toBe('¥45.00');
  list.querySelector('.sale').dispatchEvent('tap');
  await simulate.sleep(10);
  const url = wx.navigations.at(-1)!;
  expect(url).toMatch(/^\/packages\/sales\/pages\/sale-detail\/index\?id=/);
  saleId = decodeURIComponent(url.split('id=')[1]);

  const detail = await openSale(saleId);
  expect(texts(detail, '.line__name')).toEqual(['绿茶 500ml', '保温杯']);
  await tap(detail, '.return');
  const sheet = detail.querySelector('.return-sheet');
  expect(texts(sheet, '.ship-line__name')).toEqual(['绿茶 500ml（可退 3瓶）', '保温杯（可退 1个）']);
  await scan(sheet, TEA);
  await scan(sheet, TEA);
  expect(sheet.data.returnLines.map((l: any) => l.qty)).toEqual([2, 0]);
  // Milk was not in the sale; a case of 12 is more than the 3 bottles sold.
  await scan(sheet, MILK);
  expect(text(sheet, '.return-error')).toContain('原单没有「纯牛奶」');
  await scan(sheet, TEA_CASE);
  expect(text(sheet, '.return-error')).toContain('「绿茶 500ml」最多还能退 3瓶，已扫 2瓶');
  expect(sheet.data.returnLines.map((l: any) => l.qty)).toEqual([2, 0]);
  expect(text(sheet, '.return-submit')).toBe('确认退货');

  const before = await onHand(tea._id);
  await tap(sheet, '.return-submit');
  await waitFor(() => !detail.data.showReturn);
  expect(wx.modals.at(-1)?.content).toContain('按原付款方式退款给客户');
  expect(wx.toasts.at(-1)).toBe('已退货 ¥10.00');
  expect(await onHand(tea._id)).toBe(before + 2);
  await waitFor(() => detail.data.returns.length === 1);
  expect(texts(detail, '.return-record')[0]).toContain('销售退货 · 退款 ¥10.00');
  expect(text(detail, '.line-0 .returned')).toBe('已退 2瓶');

  const again = await openList();
  expect(text(again, '.sale__returned')).toBe('已退 2');
});

test('an exchange from the quick sale: the cup comes back damaged (written off), a scanned milk is given instead', async () => {
  const detail = await openSale(saleId);
  await tap(detail, '.exchange');
  const sheet = detail.querySelector('.return-sheet');
  expect(sheet.data.exchange).toBe(true);
  await scan(sheet, CUP);
  sheet.querySelector('.to-damage-switch').dispatchEvent('change', { detail: true });
  await simulate.sleep(10);
  // Not in the sale: in 换货 it is what the customer gets instead.
  await scan(sheet, MILK);
  expect(sheet.data.exchangeLines).toEqual([expect.objectContaining({ productName: '纯牛奶', qty: 1 })]);
  expect(text(sheet, '.return-submit')).toBe('确认换货');
  const [cupBefore, milkBefore] = [await onHand(cup._id), await onHand(milk._id)];
  await tap(sheet, '.return-submit');
  await waitFor(() => !detail.data.showReturn);
  expect(wx.modals.at(-1)?.content).toContain('货已损坏，直接报损');
  // ¥30.00 back for the cup, ¥4.00 for the milk: ¥26.00 refunded.
  expect(wx.toasts.at(-1)).toBe('已换货，退差价 ¥26.00');
  expect([await onHand(cup._id), await onHand(milk._id)]).toEqual([cupBefore, milkBefore - 1]);
  await waitFor(() => detail.data.returns.length === 2);
  expect(texts(detail, '.return-record')[1]).toMatch(/换货 · 退差价 ¥26\.00.*保温杯 退回 1个.*保温杯 报损 1个.*纯牛奶 换出 1盒/);
  // Nothing of the cup is left to return.
  expect(detail.data.returnLines.map((l: any) => l.max)).toEqual([1, 0]);
});

test('a clerk sees 开单记录 and the sale but no 退货 / 换货', async () => {
  wx.openid = shop.clerk;
  try {
    const detail = await openSale(saleId);
    expect(detail.data.role).toBe('clerk');
    expect(detail.querySelector('.return')).toBeFalsy();
    expect(text(detail, '.profit')).toBe('');
  } finally {
    wx.openid = shop.owner;
  }
});
