// The return sheet alone in simulate, its scans looked up by the real api on localcloud: a barcode
// adds one, a case barcode a case, never past what can come back; a product the sale did not have
// is refused in 退货 and given in 换货; each opening starts afresh; nothing is sent without lines.
import { LocalCloud } from '../../../../../../localcloud';
import { createTestShop, startApiCloud } from '../../../../../../tests/helpers/cloud';
import { gs1CheckDigit } from '../../../../../utils/barcode';
import { installWx, renderPage, simulate, tap, text, waitFor, WxBridge } from '../../../../../../tests/helpers/miniprogram';

let lc: LocalCloud;
let wx: WxBridge;
const code = (body: string) => `${body}${gs1CheckDigit(body)}`;
const TEA = code('690123450209');
const TEA_CASE = code('690123450210');
const MILK = code('690123450211');
let teaId = '';

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  const shop = await createTestShop(lc, 'return-sheet');
  const owner = shop.as(shop.owner);
  teaId = (await owner('products.create', { name: '绿茶', baseUnit: '瓶', barcodes: [TEA], saleUnit: { name: '箱', factor: 6, barcode: TEA_CASE }, salePriceFen: 500 }))._id;
  await owner('products.create', { name: '牛奶', baseUnit: '盒', barcodes: [MILK], salePriceFen: 400 });
  wx = installWx(lc, shop.owner);
});
afterAll(() => lc.stop());

async function scan(sheet: any, code: string) {
  const before = JSON.stringify(sheet.data);
  wx.scans.push(code);
  await tap(sheet, '.scan-return');
  await waitFor(() => JSON.stringify(sheet.data) !== before);
}

test('scans add to what comes back within what can; other products are refused in 退货 and given in 换货', async () => {
  const sheet = renderPage('packages/sales/components/return-sheet/index', { salePostingId: 'sale-1', lines: [{ productId: teaId, productName: '绿茶', baseUnit: '瓶', max: 8, hint: '可退 8瓶' }] });
  sheet.setData({ show: true });
  await simulate.sleep(10);
  expect(text(sheet, '.ship-line__name')).toBe('绿茶（可退 8瓶）');
  await tap(sheet, '.return-submit');
  expect(text(sheet, '.return-error')).toBe('请扫码或填写退回的数量');
  expect(wx.calls.filter((c) => /saleReturn|exchange/.test(c.data.action))).toHaveLength(0);
  await scan(sheet, TEA);
  await scan(sheet, TEA_CASE);
  expect(sheet.data.returnLines[0].qty).toBe(7);
  await scan(sheet, TEA_CASE);
  expect(text(sheet, '.return-error')).toBe('「绿茶」最多还能退 8瓶，已扫 7瓶，不够一箱');
  await scan(sheet, MILK);
  expect(text(sheet, '.return-error')).toContain('原单没有「牛奶」，不能退货');
  expect(sheet.data.exchangeLines).toEqual([]);
  sheet.querySelector('.mode-exchange').dispatchEvent('tap');
  await simulate.sleep(10);
  await scan(sheet, MILK);
  expect(sheet.data.exchangeLines).toEqual([expect.objectContaining({ productName: '牛奶', qty: 1 })]);
  expect(text(sheet, '.return-submit')).toBe('确认换货');
  // Closed and opened again: afresh.
  sheet.setData({ show: false });
  sheet.setData({ show: true });
  await simulate.sleep(10);
  expect([sheet.data.returnLines[0].qty, sheet.data.exchangeLines, sheet.data.exchange]).toEqual([0, [], false]);
});
