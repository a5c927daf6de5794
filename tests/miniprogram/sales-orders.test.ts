// Sales orders through the pages (miniprogram-simulate) and the real api function on localcloud: an
// order agreed in a chat is typed on the edit page (customer and address, a scanned and a searched
// product, shipping fee), confirmed, paid by transfer, shipped with a tracking number scanned from
// the waybill and completed; a credit order beyond the customer's limit shows the figures and the
// owner lets it go with a reason; a partial shipment then 不再发货; a return from a shipment; a
// 收款 retried after a network failure pays once; the order's picture is drawn, saved and shared.
import { LocalCloud } from '../../localcloud';
import { createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';
import { fakeCanvas, installWx, renderPage, simulate, tap, text, type, waitFor, whileOffline, WxBridge } from '../helpers/miniprogram';
import { gs1CheckDigit } from '../../miniprogram/utils/barcode';

let lc: LocalCloud;
let db: any;
let wx: WxBridge;
let shop: TestShop;
let owner: ReturnType<TestShop['as']>;
let tea: { _id: string };
let cup: { _id: string };
let wang: { _id: string; name: string };
let li: { _id: string; name: string };
let chatOrderId = '';
const TEA_CODE = `690123450123${gs1CheckDigit('690123450123')}`;

beforeAll(async () => {
  ({ lc, db } = await startApiCloud());
  shop = await createTestShop(lc, 'pages-sales');
  owner = shop.as(shop.owner);
  tea = await owner('products.create', { name: '绿茶 500ml', baseUnit: '瓶', barcodes: [TEA_CODE], saleUnit: { name: '箱', factor: 12 }, salePriceFen: 500, purchasePriceFen: 300 });
  cup = await owner('products.create', { name: '保温杯', baseUnit: '个', salePriceFen: 3000, purchasePriceFen: 1500 });
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: tea._id, qty: 120, unitCostFen: 300 }, { productId: cup._id, qty: 10, unitCostFen: 1500 }] });
  wang = await owner('customers.save', { name: '王姐', phone: '13800138000', addresses: [{ name: '王姐', phone: '13800138000', address: '杭州市西湖区文三路 1 号' }] });
  li = await owner('customers.save', { name: '李老板', phone: '13900139000', creditLimitFen: 10000 });
  wx = installWx(lc, shop.owner);
});
afterAll(() => lc.stop());

const lastNav = () => wx.navigations[wx.navigations.length - 1];
const queryOf = (url: string) => Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? ''));
const texts = (comp: any, selector: string): string[] => comp.querySelectorAll(selector).map((el: any) => String(el.dom.textContent).replace(/\s+/g, ' ').trim());
const onHand = async (id: string) => (await owner('products.get', { id })).product.onHand;
const reserved = async (id: string) => (await db.collection('stock').where({ productId: id }).get()).data.reduce((s: number, b: any) => s + (b.reserved ?? 0), 0);
async function tapCell(host: any) {
  (host.querySelector('.van-cell') ?? host).dispatchEvent('tap');
  await simulate.sleep(10);
}
async function setStepper(host: any, value: number) {
  host.querySelector('.van-stepper__input').dispatchEvent('input', { detail: { value: String(value) } });
  await simulate.sleep(10);
}
async function toggle(comp: any, selector: string) {
  comp.querySelector(selector).querySelector('.van-switch').dispatchEvent('tap');
  await simulate.sleep(10);
}
/** 选择客户 opens the customers page in pick mode; the customer chosen there comes back through the event channel. */
async function chooseCustomer(edit: any, customer: { _id: string; name: string }) {
  await tapCell(edit.querySelector('.customer'));
  expect(lastNav()).toBe('/packages/sales/pages/customers/index?pick=1');
  wx.openerEvents!.picked({ _id: customer._id, name: customer.name, phone: '', receivableFen: 0, creditLimitFen: null });
  await waitFor(() => edit.data.customerId === customer._id);
}
async function openDetail(id: string) {
  const detail = renderPage('packages/sales/pages/order-detail/index');
  await detail.instance.onLoad({ id });
  await waitFor(() => Boolean(detail.data.order) && detail.data.role !== '');
  return detail;
}
/** Creates, confirms (and pays) an order through the api, as another phone of the shop would. */
async function confirmedOrder(input: Record<string, unknown>, pay = true) {
  const order = await owner('sales.create', { requestId: rid(), ...input });
  await owner('sales.confirm', { id: order._id, requestId: rid() });
  if (pay) await owner('sales.pay', { id: order._id, requestId: rid(), amountFen: order.totalFen, method: 'wechat' });
  return order;
}

test('an order from a chat: customer and address, scanned and searched lines, confirmed (held), paid by transfer, shipped with a scanned tracking number, completed', async () => {
  const edit = renderPage('packages/sales/pages/order-edit/index');
  await edit.instance.onLoad({});
  await tap(edit, '.confirm');
  expect(text(edit, '.error')).toContain('请扫码或搜索添加商品'); // nothing sent without lines
  await chooseCustomer(edit, wang);
  await waitFor(() => edit.data.addressText !== '');
  expect(text(edit, '.customer')).toContain('王姐');
  // The customer's address fills the shipping address.
  expect([edit.data.addressName, edit.data.addressPhone, edit.data.addressText]).toEqual(['王姐', '13800138000', '杭州市西湖区文三路 1 号']);

  wx.scans.push(TEA_CODE);
  await tap(edit, '.scan');
  await waitFor(() => edit.data.lines.length === 1);
  // Sold by the case by default, at the shop's price of a case (12 × ¥5.00).
  expect(text(edit, '.line-0')).toContain('绿茶 500ml');
  expect(edit.data.lines[0]).toMatchObject({ unit: '箱', price: '60.00' });
  await setStepper(edit.querySelectorAll('.line__qty')[0], 2);
  await type(edit, '.line-0 .line__discount', '2');
  edit.querySelector('.search').dispatchEvent('change', { detail: '保温' });
  edit.querySelector('.search').dispatchEvent('search', { detail: '保温' });
  await waitFor(() => edit.querySelectorAll('.result').length === 1);
  await tapCell(edit.querySelector('.result'));
  expect(text(edit, '.line-1')).toContain('保温杯');
  await type(edit, '.shipping-fee', '10');
  await type(edit, '.note', '微信下单');

  const calls = wx.calls.length;
  await Promise.all([tap(edit, '.confirm'), tap(edit, '.confirm')]); // a double tap makes one order
  await waitFor(() => lastNav()?.startsWith('/packages/sales/pages/order-detail/index?id='));
  const made = wx.calls.slice(calls).map((c) => c.data.action);
  expect(made.filter((a) => a === 'sales.create')).toHaveLength(1);
  expect(made.filter((a) => a === 'sales.confirm')).toHaveLength(1);
  chatOrderId = queryOf(lastNav()).id;
  expect([await reserved(tea._id), await reserved(cup._id)]).toEqual([24, 1]);

  const detail = await openDetail(chatOrderId);
  expect(text(detail, '.status')).toBe('待发货');
  expect(text(detail, '.pay-status')).toBe('未付款');
  // 2 箱 × ¥60.00 − ¥2.00 + ¥30.00 + ¥10.00 shipping
  expect(text(detail, '.total')).toMatch(/^合计 ?¥158\.00$/);
  expect(texts(detail, '.line')).toEqual([expect.stringMatching(/绿茶 500ml.*¥118\.00.*2箱.*优惠 ¥2\.00.*已发 0箱/), expect.stringMatching(/保温杯.*¥30\.00.*1个.*已发 0个/)]);
  await tap(detail, '.copy-address');
  expect(wx.clipboard).toBe('王姐 13800138000 杭州市西湖区文三路 1 号');
  expect(texts(detail, '.action')).toEqual(['取消订单', '收款', '发货']);

  // 收款: the amount due preset, paid by bank transfer.
  await tap(detail, '.action-pay');
  expect(detail.data.payAmount).toBe('158.00');
  detail.querySelector('.method-bank').dispatchEvent('tap');
  await simulate.sleep(10);
  await tap(detail, '.pay-submit');
  await waitFor(() => text(detail, '.pay-status') === '已付款');
  expect(texts(detail, '.payment__text')).toEqual(['银行转账 ¥158.00']);

  // 发货: the carrier from the list, the tracking number scanned from the waybill.
  await tap(detail, '.action-ship');
  detail.querySelector('.carrier-picker').dispatchEvent('change', { detail: { value: '0' } });
  await simulate.sleep(10);
  wx.scans.push('SF1234567890');
  await tap(detail, '.scan-tracking');
  await waitFor(() => detail.data.trackingNo === 'SF1234567890');
  await tap(detail, '.ship-submit');
  await waitFor(() => text(detail, '.status') === '已发货');
  expect(texts(detail, '.shipment__tracking')).toEqual(['顺丰速运 SF1234567890']);
  expect(texts(detail, '.shipment__line')).toEqual(['绿茶 500ml 2箱', '保温杯 1个']);
  await tap(detail, '.copy-tracking');
  expect(wx.clipboard).toBe('SF1234567890');
  expect([await onHand(tea._id), await onHand(cup._id), await reserved(tea._id), await reserved(cup._id)]).toEqual([96, 9, 0, 0]);

  await tap(detail, '.action-complete');
  await waitFor(() => text(detail, '.status') === '已完成');
  expect(texts(detail, '.history__label')).toEqual(['创建', '确认', '收款', '发货', '完成']);

  // The list: found by the tracking number, with its row.
  const list = renderPage('packages/sales/pages/orders/index');
  await list.instance.onLoad({});
  await waitFor(() => !list.data.loading);
  list.querySelector('.search').dispatchEvent('change', { detail: 'SF1234567890' });
  list.querySelector('.search').dispatchEvent('search', { detail: 'SF1234567890' });
  await waitFor(() => !list.data.loading && list.data.keyword !== '' && list.data.page === 1);
  expect(texts(list, '.order')).toEqual([expect.stringMatching(/XS\d{8}-\d{3}.*已完成.*已付款.*王姐 · 绿茶 500ml 等 2 种.*¥158\.00/)]);
});

test('the order picture: drawn with the shop, lines, totals and tracking number, then saved and shared', async () => {
  const detail = await openDetail(chatOrderId);
  const canvas = fakeCanvas(detail);
  await tap(detail, '.picture');
  await waitFor(() => detail.data.showPicture);
  const drawn = canvas.texts.map((t) => t.text);
  expect(drawn).toEqual(expect.arrayContaining(['销售单 ' + detail.data.order.no, '客户：王姐', '绿茶 500ml', '保温杯', '¥158.00', '付款', '已付清', '快递：顺丰速运 SF1234567890']));
  expect(drawn).toContain((await owner('shops.mine')).shop.name);
  // The canvas is sized to the picture at the screen's pixel ratio.
  expect(canvas.height).toBe(detail.data.pictureHeight * canvas.scaled[0]);
  await tap(detail, '.save-picture');
  expect(wx.savedImages).toEqual([detail.data.picturePath]);
  expect(wx.toasts.at(-1)).toBe('已保存到相册');
  await tap(detail, '.share-picture');
  expect(wx.sharedImages).toEqual([detail.data.picturePath]);
  // The album refused: the user is told how to allow it.
  wx.albumDenied = true;
  await tap(detail, '.save-picture');
  expect(wx.modals.at(-1)?.title).toBe('无法保存到相册');
  wx.albumDenied = false;
});

test('a return started from a shipment: the goods come back to stock', async () => {
  const detail = await openDetail(chatOrderId);
  await tap(detail, '.return');
  // The return sheet (a component of the sales subpackage) opens on the shipment's products.
  const sheet = detail.querySelector('.return-sheet');
  expect(texts(sheet, '.ship-line__name')).toEqual(['绿茶 500ml（这次发了 24瓶）', '保温杯（这次发了 1个）']);
  await setStepper(sheet.querySelectorAll('.return-line__qty')[0], 6);
  const before = await onHand(tea._id);
  await tap(sheet, '.return-submit');
  await waitFor(() => !detail.data.showReturn);
  expect(wx.modals.at(-1)?.content).toContain('按原付款方式退款给客户');
  // 6 of the 24 bottles of ¥118.00: ¥29.50 back
  expect(wx.toasts.at(-1)).toBe('已退货 ¥29.50');
  expect(await onHand(tea._id)).toBe(before + 6);
  await waitFor(() => detail.data.returns.length === 1);
  expect(texts(detail, '.return-record')[0]).toContain('销售退货 · 退款 ¥29.50');
});

test('an exchange from a shipment: a cup back (damaged, written off), two bottles out; the difference is paid back', async () => {
  const detail = await openDetail(chatOrderId);
  await tap(detail, '.return');
  const sheet = detail.querySelector('.return-sheet');
  // What the return before took back is no longer returnable.
  expect(texts(sheet, '.ship-line__name')).toEqual(['绿茶 500ml（这次发了 24瓶，已退 6瓶）', '保温杯（这次发了 1个）']);
  expect(detail.data.returnLines.map((l: any) => l.max)).toEqual([18, 1]);
  sheet.querySelector('.mode-exchange').dispatchEvent('tap');
  await simulate.sleep(10);
  await setStepper(sheet.querySelectorAll('.return-line__qty')[1], 1);
  sheet.querySelector('.to-damage-switch').dispatchEvent('change', { detail: true });
  await simulate.sleep(10);
  expect(sheet.data.toDamage).toBe(true);
  // Two bottles of tea given instead, found by searching.
  sheet.instance.onKeyword({ detail: '绿茶' } as any);
  await sheet.instance.onSearch();
  await waitFor(() => sheet.querySelectorAll('.result').length === 1);
  await tapCell(sheet.querySelector('.result'));
  await setStepper(sheet.querySelector('.exchange-line__qty'), 2);
  expect(sheet.data.exchangeLines).toEqual([expect.objectContaining({ productName: '绿茶 500ml', qty: 2 })]);
  expect(text(sheet, '.return-submit')).toBe('确认换货');
  const [teaBefore, cupBefore] = [await onHand(tea._id), await onHand(cup._id)];
  await tap(sheet, '.return-submit');
  await waitFor(() => !detail.data.showReturn);
  expect(wx.modals.at(-1)?.content).toContain('货已损坏，直接报损');
  expect([await onHand(tea._id), await onHand(cup._id)]).toEqual([teaBefore - 2, cupBefore]);
  expect(wx.toasts.at(-1)).toMatch(/^已换货，(补|退)差价 ¥\d+\.\d\d$/);
  await waitFor(() => detail.data.returns.length === 2);
  expect(texts(detail, '.return-record')[1]).toMatch(/换货 .*保温杯 退回 1个.*保温杯 报损 1个.*绿茶 500ml 换出 2瓶/);
  await tap(detail, '.return');
  expect(detail.data.returnLines.map((l: any) => l.max)).toEqual([18, 0]); // the cup came back

});

test('a credit order beyond the customer\'s limit shows the figures; the owner lets it go with a reason', async () => {
  const edit = renderPage('packages/sales/pages/order-edit/index');
  await edit.instance.onLoad({});
  await waitFor(() => edit.data.role === 'owner');
  await toggle(edit, '.on-credit');
  expect(text(edit, '.error')).toContain('赊账需要先选择客户');
  await chooseCustomer(edit, li);
  await toggle(edit, '.on-credit');
  expect(edit.data.onCredit).toBe(true);
  wx.scans.push(TEA_CODE);
  await tap(edit, '.scan');
  await waitFor(() => edit.data.lines.length === 1);
  await setStepper(edit.querySelectorAll('.line__qty')[0], 3); // 3 箱 = ¥180.00 on credit, limit ¥100.00
  await tap(edit, '.confirm');
  await waitFor(() => edit.data.credit !== null);
  expect(text(edit, '.credit')).toContain('额度 ¥100.00 · 已欠 ¥0.00 · 这一单 ¥180.00');
  expect(text(edit, '.confirm')).toBe('放行并确认');
  await tap(edit, '.confirm');
  expect(text(edit, '.error')).toContain('请填写放行的原因');
  await type(edit, '.override-reason', '老客户，月底结');
  const navs = wx.navigations.length;
  await tap(edit, '.confirm');
  await waitFor(() => wx.navigations.length > navs);
  expect(lastNav()).toMatch(/^\/packages\/sales\/pages\/order-detail\/index\?id=/);
  const detail = await openDetail(queryOf(lastNav()).id);
  expect(text(detail, '.status')).toBe('待发货');
  expect(text(detail, '.override')).toContain('老客户，月底结');
  expect(text(detail, '.pay-status')).toBe('赊账 · 未付款');
  // On credit it ships unpaid; what left is owed.
  await tap(detail, '.action-ship');
  await tap(detail, '.ship-submit');
  await waitFor(() => text(detail, '.status') === '已发货');
  expect((await db.collection('customers').doc(li._id).get()).data.receivableFen).toBe(18000);
  expect(text(detail, '.due')).toMatch(/^赊账未付 ?¥180\.00$/);
});

test('partial shipment, then 不再发货 releases what is still held', async () => {
  const order = await confirmedOrder({ customerId: wang._id, lines: [{ productId: tea._id, qty: 1, unit: '箱' }, { productId: cup._id, qty: 2 }] });
  const detail = await openDetail(order._id);
  await tap(detail, '.action-ship');
  await toggle(detail, '.partial');
  // Whole cases are offered in the order's unit; bottles are a tap away.
  expect(texts(detail, '.ship-line__left')).toEqual(['（待发 1箱（12瓶））', '（待发 2个）']);
  expect(detail.data.shipLines.map((l: any) => [l.unit, l.qty, l.max])).toEqual([['箱', 1, 1], ['个', 2, 2]]);
  detail.querySelector('.ship-unit-base').dispatchEvent('tap');
  await simulate.sleep(10);
  expect(detail.data.shipLines[0]).toMatchObject({ unit: '瓶', qty: 12, max: 12 });
  await setStepper(detail.querySelectorAll('.ship-line__qty')[0], 5);
  await setStepper(detail.querySelectorAll('.ship-line__qty')[1], 0);
  await type(detail, '.tracking-no', 'ZT7300123');
  await tap(detail, '.ship-submit');
  await waitFor(() => text(detail, '.status') === '部分发货');
  expect(texts(detail, '.line__shipped')).toEqual(['已发 5瓶', '已发 0个']);
  expect(texts(detail, '.action')).toEqual(['不再发货', '发货']);
  expect(await reserved(cup._id)).toBe(2);
  await tap(detail, '.action-close');
  await waitFor(() => text(detail, '.status') === '已发货');
  expect(wx.modals.at(-1)?.content).toContain('剩下没发的不再发');
  expect([await reserved(tea._id), await reserved(cup._id)]).toEqual([0, 0]);
  const list = renderPage('packages/sales/pages/orders/index');
  await list.instance.onLoad({});
  await waitFor(() => !list.data.loading && list.data.page === 1);
  expect(list.data.items.find((r: any) => r._id === order._id)).toMatchObject({ statusLabel: '已发货', shippedPct: 35 });
});

test('a 收款 retried after a network failure pays once; 待付款 lists what is not paid in full', async () => {
  const order = await confirmedOrder({ customerId: wang._id, lines: [{ productId: cup._id, qty: 1 }] }, false);
  const detail = await openDetail(order._id);
  await tap(detail, '.action-pay');
  await type(detail, '.pay-amount', '10'); // ¥10.00 of ¥30.00: a double payment would show
  // The first answer is lost on the way back (the server took it); then no network at all.
  const g = (global as any).wx;
  const bridged = g.cloud.callFunction;
  const sent: string[] = [];
  g.cloud.callFunction = async (o: any) => {
    sent.push(o.data.requestId);
    await bridged(o);
    throw { errMsg: 'cloud.callFunction:fail request:fail timeout' };
  };
  await tap(detail, '.pay-submit');
  g.cloud.callFunction = bridged;
  await waitFor(() => detail.data.payError !== '');
  expect(text(detail, '.pay-error')).toContain('网络不太好');
  await whileOffline(() => tap(detail, '.pay-submit'));
  const calls = wx.calls.length;
  await tap(detail, '.pay-submit');
  await waitFor(() => !detail.data.showPay);
  const retried = wx.calls.slice(calls).filter((c) => c.data.action === 'sales.pay');
  expect(retried.map((c) => c.data.requestId)).toEqual(sent);
  const { order: after } = await owner('sales.get', { id: order._id });
  expect(after.payments).toHaveLength(1);
  expect(after.paidFen).toBe(1000);
  expect(text(detail, '.pay-status')).toBe('部分付款');
  expect(text(detail, '.due')).toMatch(/待收 ?¥20\.00/);

  const unpaid = await owner('sales.create', { requestId: rid(), lines: [{ productId: cup._id, qty: 1 }] });
  const list = renderPage('packages/sales/pages/orders/index');
  await list.instance.onLoad({ tab: 'due' });
  await waitFor(() => !list.data.loading && list.data.page === 1);
  const ids = list.data.items.map((r: any) => r._id);
  expect(ids).toContain(unpaid._id);
  expect(ids).toContain(order._id); // paid in part
  expect(ids).not.toContain(chatOrderId); // paid in full
  expect(list.data.items.every((r: any) => r.paymentStatus !== 'paid')).toBe(true);
});
