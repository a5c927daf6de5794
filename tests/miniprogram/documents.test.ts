// The two scanned documents (开单 and 入库, one shared behavior) as a merchant uses them, through
// the pages (miniprogram-simulate) and the real api function on localcloud: an unknown code is
// created and comes back as a line, prices are typed freely, lines are removed, sales on credit
// name the customer, cash shows the change, a clerk's price outside the limit is refused on the
// line, two batches go on one receipt with picked dates, an expired batch needs a confirmation, a
// refused camera is explained, and 连续扫码 keeps the camera open.
import { LocalCloud } from '../../localcloud';
import { addDays, chinaDay } from '../../server/replenishment/history';
import { gs1CheckDigit } from '../../miniprogram/utils/barcode';
import { createTestShop, startApiCloud, TestShop } from '../helpers/cloud';
import { connectOpener, installWx, renderPage, simulate, tap, text, type, waitFor, WxBridge } from '../helpers/miniprogram';

let lc: LocalCloud;
let wx: WxBridge;
let shop: TestShop;
let cola: any;
let milk: any;
const ean = (body: string) => `${body}${gs1CheckDigit(body)}`;
const today = chinaDay(new Date());

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'docs');
  const owner = shop.as(shop.owner);
  cola = await owner('products.create', { name: '可乐', baseUnit: '罐', barcodes: [ean('690000000001')], salePriceFen: 350, purchasePriceFen: 200 });
  milk = await owner('products.create', { name: '鲜牛奶', baseUnit: '盒', barcodes: [ean('690000000002')], salePriceFen: 600, purchasePriceFen: 400, batchTracked: true });
  await owner('customers.save', { name: '张三' });
  await owner('stock.receive', { requestId: 'seed-cola-0001', lines: [{ productId: cola._id, qty: 50, unitCostFen: 200 }] });
  wx = installWx(lc, shop.owner);
});
afterAll(() => lc.stop());
beforeEach(() => {
  wx.modalConfirm = true;
  wx.modals.length = 0;
});

const lastNav = () => wx.navigations[wx.navigations.length - 1];
const queryOf = (url: string) => Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? ''));
const calls = (action: string, from = 0) => wx.calls.slice(from).filter((c) => c.data.action === action);

/** Leaves a van-field (the user taps elsewhere): Vant emits blur. */
async function blur(field: any) {
  const input = field.querySelectorAll('.van-field__control').find((c: any) => /^WX-INPUT$/.test(c.dom.tagName));
  input.dispatchEvent('blur', { detail: { value: '' } });
  await simulate.sleep(10);
}

async function scan(page: any, ...codes: string[]) {
  wx.scans.push(...codes);
  await tap(page, '.scan');
}

async function onHand(productId: string): Promise<number> {
  return (await shop.as(shop.owner)('products.get', { id: productId })).product.onHand;
}

test('入库: an unknown code is created from the receipt and comes back as a line, then received', async () => {
  const receive = renderPage('packages/purchase/pages/receive/index');
  receive.instance.onLoad({});
  const code = ean('690000000003');
  wx.modals.length = 0;
  await scan(receive, code);
  await waitFor(() => wx.modals.length === 1);
  expect(wx.modals[0].content).toContain(code);
  expect(lastNav()).toBe(`/packages/catalog/pages/edit/index?barcode=${code}&from=document`);

  const edit = renderPage('packages/catalog/pages/edit/index');
  connectOpener(edit, wx);
  await edit.instance.onLoad(queryOf(lastNav()));
  expect(wx.titles.at(-1)).toBe('新建商品');
  await type(edit, '#field-name', '矿泉水 550ml');
  await type(edit, '#field-salePrice', '2');
  await type(edit, '#field-purchasePrice', '1.10');
  const navigations = wx.navigations.length;
  const backs = wx.backs;
  await tap(edit, '.save');
  await waitFor(() => wx.backs === backs + 1);
  expect(wx.navigations.length).toBe(navigations); // back to the receipt, not on to the product page

  await waitFor(() => receive.data.lines.length === 1);
  expect(text(receive, '.lines')).toContain('矿泉水 550ml');
  expect(receive.data.lines[0]).toMatchObject({ qty: 1, priceFen: 110, priceText: '1.10' });
  const stepper = receive.querySelector('.lines').querySelector('.line__qty').querySelector('.van-stepper__input');
  stepper.dispatchEvent('input', { detail: { value: '12' } });
  await simulate.sleep(10);
  wx.toasts.length = 0;
  await tap(receive, '.submit');
  await waitFor(() => wx.toasts.length > 0);
  expect(wx.toasts.pop()).toBe('入库成功');
  const created = (await shop.as(shop.owner)('products.byBarcode', { code })).product;
  expect(await onHand(created._id)).toBe(12);
});

test('开单: a typed price keeps what is typed and is formatted when the field is left', async () => {
  const sell = renderPage('pages/sell/index');
  await scan(sell, cola.barcodes[0]);
  await waitFor(() => sell.data.lines.length === 1);
  const field = () => sell.querySelector('.lines').querySelector('.line__price');
  expect(field().data.value).toBe('3.50');
  await type(sell.querySelector('.lines'), '.line__price', '4');
  expect(field().data.value).toBe('4'); // not rewritten to 4.00 under the thumb
  expect(sell.data.totalFen).toBe(400);
  await type(sell.querySelector('.lines'), '.line__price', '4.5');
  expect(field().data.value).toBe('4.5');
  expect(sell.data.totalFen).toBe(450);
  await blur(field());
  expect(field().data.value).toBe('4.50');
  // A price that is not an amount: said on the line, and 提交 waits for it.
  await type(sell.querySelector('.lines'), '.line__price', '4.5.');
  expect(text(sell, '.lines')).toContain('请输入正确的金额');
  expect(text(sell, '.blocked')).toContain('请输入正确的金额');
  expect(sell.querySelector('.submit').querySelector('.van-submit-bar__button').data.disabled).toBe(true);
  await type(sell.querySelector('.lines'), '.line__price', '4');
  expect(text(sell, '.blocked')).toBe('');
  // Remove the line with its delete icon.
  sell.querySelector('.lines').querySelector('.line__remove').dispatchEvent('tap');
  await simulate.sleep(10);
  expect(sell.data.lines).toEqual([]);
  expect(text(sell, '.empty')).toContain('扫码添加商品');
});

test('开单: short stock disables 提交 and says which product', async () => {
  const sell = renderPage('pages/sell/index');
  await waitFor(() => sell.data.role === 'owner');
  await scan(sell, milk.barcodes[0]); // none in stock yet
  await waitFor(() => sell.data.lines.length === 1);
  expect(text(sell, '.lines')).toContain('库存仅 0盒');
  expect(text(sell, '.blocked')).toBe('库存不足：鲜牛奶');
  expect(sell.querySelector('.submit').querySelector('.van-submit-bar__button').data.disabled).toBe(true);
});

test('开单: 赊账 needs a customer and says who owes what', async () => {
  const sell = renderPage('pages/sell/index');
  sell.instance.onLoad();
  await scan(sell, cola.barcodes[0], cola.barcodes[0]);
  await waitFor(() => sell.data.lines[0]?.qty === 1);
  await tap(sell, '.scan');
  await waitFor(() => sell.data.lines[0]?.qty === 2);
  sell.querySelector('.payment-credit').querySelector('.van-radio__icon-wrap').dispatchEvent('tap');
  await simulate.sleep(10);
  expect(sell.data.payment).toBe('credit');
  expect(text(sell, '.customer')).toContain('赊账必选');
  const before = wx.calls.length;
  await tap(sell, '.submit');
  expect(text(sell, '.error')).toContain('赊账请先选择客户');
  expect(calls('stock.sell', before)).toHaveLength(0);
  // The customer picker (sales subpackage) answers through the event channel.
  sell.querySelector('.customer').querySelector('.van-cell').dispatchEvent('tap');
  await simulate.sleep(10);
  expect(lastNav()).toBe('/packages/sales/pages/customers/index?pick=1');
  const picker = renderPage('packages/sales/pages/customers/index');
  connectOpener(picker, wx);
  picker.instance.onLoad({ pick: '1' });
  await waitFor(() => picker.data.items.length === 1);
  picker.querySelector('.customer').dispatchEvent('tap');
  await waitFor(() => sell.data.customerName === '张三');
  expect(text(sell, '.customer')).toContain('张三');
  wx.toasts.length = 0;
  await tap(sell, '.submit');
  await waitFor(() => wx.toasts.length > 0);
  expect(wx.toasts.pop()).toBe('赊账 ¥7.00：张三欠 ¥7.00');
  expect(calls('stock.sell', before)[0].data).toMatchObject({ customerId: expect.any(String), payment: { method: 'credit', paidFen: 0 } });

  // A new customer is added right there (a name is enough) and chosen.
  await scan(sell, cola.barcodes[0]);
  await waitFor(() => sell.data.lines.length === 1);
  wx.modalInput = '李四';
  sell.querySelector('.new-customer').dispatchEvent('tap');
  await waitFor(() => sell.data.customerName === '李四');
  expect(text(sell, '.customer')).toContain('李四');
  wx.toasts.length = 0;
  await tap(sell, '.submit');
  await waitFor(() => wx.toasts.length > 0);
  expect(wx.toasts.pop()).toBe('赊账 ¥3.50：李四欠 ¥3.50');
});

test('开单: cash with 实收 shows the change before and after submitting', async () => {
  const sell = renderPage('pages/sell/index');
  sell.instance.onLoad();
  await scan(sell, cola.barcodes[0]);
  await waitFor(() => sell.data.lines.length === 1);
  sell.querySelector('.payment-cash').querySelector('.van-radio__icon-wrap').dispatchEvent('tap');
  await simulate.sleep(10);
  await type(sell, '.tendered', '2');
  expect(text(sell, '.change-text')).toBe('还差 ¥1.50');
  await type(sell, '.tendered', '10');
  expect(text(sell, '.change-text')).toBe('找零 ¥6.50');
  wx.toasts.length = 0;
  const before = wx.calls.length;
  await tap(sell, '.submit');
  await waitFor(() => wx.toasts.length > 0);
  expect(wx.toasts.pop()).toBe('已收 ¥3.50，找零 ¥6.50');
  expect(calls('stock.sell', before)[0].data.payment).toEqual({ method: 'cash', tenderedFen: 1000 });
});

test('开单: 整单优惠 lowers what is paid, the change follows it, and the server splits it over the lines', async () => {
  const sell = renderPage('pages/sell/index');
  sell.instance.onLoad();
  await scan(sell, cola.barcodes[0]);
  await waitFor(() => sell.data.lines.length === 1);
  sell.instance.onLineQty({ detail: { key: sell.data.lines[0].key, qty: 2 } });
  await waitFor(() => sell.data.lines[0]?.qty === 2);
  await type(sell, '.discount', '1.5x');
  await tap(sell, '.submit');
  expect(sell.data.error).toBe('整单优惠格式不对，如 5 或 5.50');
  await type(sell, '.discount', '1');
  expect(sell.data.payableFen).toBe(600);
  expect(text(sell, '.submit')).toContain('优惠后');
  sell.querySelector('.payment-cash').querySelector('.van-radio__icon-wrap').dispatchEvent('tap');
  await simulate.sleep(10);
  await type(sell, '.tendered', '10');
  expect(text(sell, '.change-text')).toBe('找零 ¥4.00');
  wx.toasts.length = 0;
  const before = wx.calls.length;
  await tap(sell, '.submit');
  await waitFor(() => wx.toasts.length > 0);
  expect(wx.toasts.pop()).toBe('已收 ¥6.00，找零 ¥4.00');
  expect(calls('stock.sell', before)[0].data.discountFen).toBe(100);
  expect(sell.data.discount).toBe('');
});

test('开单: a clerk\'s price beyond the discount limit is refused with the server\'s message on the line', async () => {
  await shop.as(shop.owner)('shops.updateSettings', { settings: { clerkDiscountLimitPct: 10 } });
  wx.openid = shop.clerk;
  try {
    const sell = renderPage('pages/sell/index');
    await waitFor(() => sell.data.role === 'clerk');
    await scan(sell, cola.barcodes[0]);
    await waitFor(() => sell.data.lines.length === 1);
    await type(sell.querySelector('.lines'), '.line__price', '2.00'); // 43% off 3.50
    const before = wx.calls.length;
    await tap(sell, '.submit');
    await waitFor(() => !sell.data.submitting && calls('stock.sell', before).length === 1);
    const answer = sell.data.error;
    expect(answer).toMatch(/\S/);
    expect(text(sell, '.error')).toBe(answer);
    expect(text(sell, '.lines')).toContain(answer);
    expect(sell.data.lines).toHaveLength(1);
    // Within the limit the same sale goes through.
    await type(sell.querySelector('.lines'), '.line__price', '3.20');
    expect(text(sell, '.lines')).not.toContain(answer);
    wx.toasts.length = 0;
    await tap(sell, '.submit');
    await waitFor(() => wx.toasts.length > 0);
    expect(wx.toasts.pop()).toBe('已收 ¥3.20');
  } finally {
    wx.openid = shop.owner;
  }
});

test('入库: two batches of one product, dates picked; an expired batch is received after confirming', async () => {
  const receive = renderPage('packages/purchase/pages/receive/index');
  receive.instance.onLoad({});
  await scan(receive, milk.barcodes[0]);
  await waitFor(() => receive.data.lines.length === 1);
  const lines = () => receive.querySelector('.lines');
  await tap(lines(), '.line__split');
  expect(receive.data.lines.map((l: any) => l.productId)).toEqual([milk._id, milk._id]);
  await type(lines(), '.line__batch-no', 'M-OLD');
  lines().querySelectorAll('.line__expiry')[0].dispatchEvent('change', { detail: { value: addDays(today, -3) } });
  await simulate.sleep(10);
  expect(text(receive, '.blocked')).toBe('');
  const before = wx.calls.length;
  await tap(receive, '.submit');
  expect(text(receive, '.error')).toContain('请填写批号和到期日'); // the second batch is empty
  expect(calls('stock.receive', before)).toHaveLength(0);
  const second = lines().querySelectorAll('.line__batch-no')[1];
  second.querySelectorAll('.van-field__control').find((c: any) => c.dom.tagName === 'WX-INPUT').dispatchEvent('input', { detail: { value: 'M-NEW' } });
  await simulate.sleep(10);
  lines().querySelectorAll('.line__expiry')[1].dispatchEvent('change', { detail: { value: addDays(today, 60) } });
  await simulate.sleep(10);
  expect(receive.data.lines.map((l: any) => [l.batchNo, l.expiryDate])).toEqual([
    ['M-OLD', addDays(today, -3)],
    ['M-NEW', addDays(today, 60)],
  ]);

  // The user first declines: nothing is posted, the receipt stays.
  wx.modals.length = 0;
  wx.modalConfirm = false;
  await tap(receive, '.submit');
  await waitFor(() => wx.modals.length === 1 && !receive.data.submitting);
  expect(wx.modals[0].content).toContain('已过期'); // the server's words
  expect(receive.data.lines).toHaveLength(2);
  wx.modalConfirm = true;
  wx.toasts.length = 0;
  await tap(receive, '.submit');
  await waitFor(() => wx.toasts.length > 0);
  expect(wx.toasts.pop()).toBe('入库成功');
  const sent = calls('stock.receive', before);
  expect(sent.map((c) => Boolean(c.data.confirmExpired))).toEqual([false, false, true]);
  expect(sent[2].data.requestId).toBe(sent[1].data.requestId); // the confirmed one is the same request
  expect(await onHand(milk._id)).toBe(2);
});

test('a refused camera is explained and leads to the settings', async () => {
  const sell = renderPage('pages/sell/index');
  wx.cameraDenied = true;
  wx.modals.length = 0;
  try {
    await tap(sell, '.scan');
    await waitFor(() => wx.modals.length === 1);
    expect(wx.modals[0].title).toBe('无法使用相机');
    await waitFor(() => wx.openSettings === 1);
  } finally {
    wx.cameraDenied = false;
  }
  // A plain cancel says nothing.
  await tap(sell, '.scan');
  await simulate.sleep(20);
  expect(wx.modals).toHaveLength(1);
});

test('连续扫码 reopens the camera after each scan until the user closes it', async () => {
  const sell = renderPage('pages/sell/index');
  sell.querySelector('.continuous').querySelector('.van-switch').dispatchEvent('tap');
  await simulate.sleep(10);
  expect(sell.data.continuous).toBe(true);
  await scan(sell, cola.barcodes[0], cola.barcodes[0], milk.barcodes[0]);
  await waitFor(() => sell.data.lines.length === 2 && sell.data.lines[0].qty === 2);
  expect(wx.scans).toEqual([]); // one tap, three scans, then the cancel ended it
});

test('入库 by a clerk: no cost on the lines (the server costs it), and an unknown code is for the owner to create', async () => {
  wx.openid = shop.clerk;
  try {
    const receive = renderPage('packages/purchase/pages/receive/index');
    receive.instance.onLoad({});
    await waitFor(() => receive.data.role === 'clerk');
    await scan(receive, cola.barcodes[0]);
    await waitFor(() => receive.data.lines.length === 1);
    // The line's price slot holds the note, not a price field.
    expect(receive.querySelector('.lines').querySelectorAll('.line__price')).toHaveLength(1);
    expect(text(receive.querySelector('.lines'), '.line__price')).toBe('按参考进价入库');
    const before = wx.calls.length;
    const stock = await onHand(cola._id);
    wx.toasts.length = 0;
    await tap(receive, '.submit');
    await waitFor(() => wx.toasts.length > 0);
    expect(wx.toasts.pop()).toBe('入库成功');
    expect(calls('stock.receive', before)[0].data.lines[0]).not.toHaveProperty('unitCostFen');
    expect(await onHand(cola._id)).toBe(stock + 1);

    const navigations = wx.navigations.length;
    await scan(receive, ean('690000000099'));
    await waitFor(() => wx.modals.length === 1);
    expect(wx.modals[0].content).toContain('请店主或店长先新建');
    expect(wx.navigations.length).toBe(navigations);
  } finally {
    wx.openid = shop.owner;
  }
});
