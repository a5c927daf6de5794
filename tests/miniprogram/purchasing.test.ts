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
  const find = () => comp.querySelector(sheet).querySelectorAll('.van-action-sheet__item').find((i: any) => String(i.dom.textContent).includes(name));
  await waitFor(() => Boolean(find())); // the suppliers may still be loading
  const item = find();
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
  // The unit tags of a line change that line (the tag's own loop index is not the line's).
  edit.querySelectorAll('.line-0 .unit')[1].dispatchEvent('tap');
  await simulate.sleep(10);
  expect(inputValue(edit.querySelectorAll('.line__price')[0])).toBe('1.00');
  edit.querySelectorAll('.line-0 .unit')[0].dispatchEvent('tap');
  await simulate.sleep(10);
  expect(inputValue(edit.querySelectorAll('.line__price')[0])).toBe('24.00');
  await setStepper(edit.querySelectorAll('.line__qty')[0], 2);

  await typeInto(edit.querySelector('.search').querySelector('.van-search__field'), '挂面');
  inputOf(edit.querySelector('.search').querySelector('.van-search__field')).dispatchEvent('confirm', { detail: { value: '挂面' } }); // 回车
  await simulate.sleep(10);
  await waitFor(() => edit.querySelectorAll('.result').length === 1);
  await tapCell(edit.querySelector('.result'));
  expect(text(edit, '.line-1')).toContain('挂面 1kg');
  await typeInto(edit.querySelectorAll('.line__price')[1], '4.5x');
  await tap(edit, '.submit');
  expect(text(edit, '.error')).toContain('价格不正确');
  expect(edit.data.lines[1].lineError).toBe('请输入正确的金额'); // on the line, under its price
  await typeInto(edit.querySelectorAll('.line__price')[1], '4.50');
  expect(edit.data.lines[1].lineError).toBe('');
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
  const calls = wx.calls.length;
  await detail.instance.onLoad({ id: orderId });
  expect(wx.calls.slice(calls).map((c) => c.data.action)).toEqual(['purchase.get']); // one call shows the whole order
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

test('receive: open lines preset to what is still to come; the stepper and a scan set what came; 部分到货 and the received quantities on the order', async () => {
  const receive = renderPage('packages/purchase/pages/order-receive/index');
  await receive.instance.onLoad({ id: orderId });
  expect(texts(receive, '.line__open')).toEqual(['待收 2箱', '待收 10袋']);
  await setStepper(receive.querySelectorAll('.line__qty')[0], 1);
  await setStepper(receive.querySelectorAll('.line__qty')[1], 4);
  // A scan is one bottle: the line counts in bottles from then on (1 case + 1 = 25 bottles).
  wx.scans.push(WATER_CODE);
  await tap(receive, '.scan');
  await waitFor(() => text(receive, '.line__unit').includes('瓶'));
  expect(texts(receive, '.line__unit')).toEqual(['本次收（瓶）', '本次收（袋）']);
  expect(receive.data.lines[0].qty).toBe(25);
  const calls = wx.calls.length;
  wx.toasts.length = 0;
  await Promise.all([tap(receive, '.submit'), tap(receive, '.submit')]);
  await waitFor(() => wx.toasts.length > 0);
  expect(wx.toasts).toEqual(['收货成功：部分到货']);
  expect(wx.calls.slice(calls).filter((c) => c.data.action === 'purchase.receive')).toHaveLength(1);
  expect(texts(receive, '.line__open')).toEqual(['待收 23瓶', '待收 6袋']);

  // More than is still open: the server's refusal is shown on the page and nothing is posted.
  await setStepper(receive.querySelectorAll('.line__qty')[1], 7);
  await tap(receive, '.submit');
  await waitFor(() => !receive.data.submitting && text(receive, '.submit-error') !== '');
  expect(text(receive, '.submit-error')).toContain('最多还能收 6袋');

  const detail = renderPage('packages/purchase/pages/order-detail/index');
  await detail.instance.onLoad({ id: orderId });
  expect(text(detail, '.status')).toBe('部分到货');
  expect(texts(detail, '.line__received')).toEqual(['已到 1箱 1瓶', '已到 4袋']);
  expect(texts(detail, '.receipt__line')).toEqual(['矿泉水 550ml +25瓶', '挂面 1kg +4袋']);
  expect(texts(detail, '.history__label')).toEqual(['创建', '提交', '收货']);
  // Part of it came: cancelling is no longer offered, closing is.
  expect(texts(detail, '.action')).toEqual(['关闭', '收货']);
});

test('return: some of the receipt goes back to the supplier, never more than came', async () => {
  const detail = renderPage('packages/purchase/pages/order-detail/index');
  await detail.instance.onLoad({ id: orderId });
  await tap(detail, '.return');
  const nav = queryOf(lastNav());
  expect(lastNav()).toMatch(/^\/packages\/purchase\/pages\/order-return\/index\?/);
  const ret = renderPage('packages/purchase/pages/order-return/index');
  await ret.instance.onLoad(nav);
  expect(texts(ret, '.line__received')).toEqual(['本次收 25瓶', '本次收 4袋']);
  await setStepper(ret.querySelectorAll('.line__qty')[0], 5);
  wx.toasts.length = 0;
  await tap(ret, '.submit');
  await waitFor(() => wx.toasts.length > 0);
  expect(wx.toasts).toEqual(['退货成功']);
  expect(wx.modals.pop()?.content).toContain('退回「城东批发部」1 种商品');
  // The same receipt again: 5 of the 25 are already back.
  const again = renderPage('packages/purchase/pages/order-return/index');
  await again.instance.onLoad(nav);
  await setStepper(again.querySelectorAll('.line__qty')[0], 21);
  await tap(again, '.submit');
  await waitFor(() => text(again, '.submit-error') !== '');
  expect(text(again, '.submit-error')).toContain('最多还能退 20');
  // The order's page shows the return under its receipts.
  const after = renderPage('packages/purchase/pages/order-detail/index');
  await after.instance.onLoad({ id: orderId });
  expect(texts(after, '.returned .receipt__line')).toEqual(['矿泉水 550ml -5瓶']);
});

test('发给供应商 copies the order as a message for the supplier\'s chat, without prices', async () => {
  const detail = renderPage('packages/purchase/pages/order-detail/index');
  await detail.instance.onLoad({ id: orderId });
  await tap(detail, '.send-supplier');
  await waitFor(() => wx.clipboard !== '');
  expect(wx.clipboard).toMatch(/^城东批发部，您好，我想订货（CG\d{8}-\d{3}）：\n1\. 矿泉水 550ml 2箱\n2\. 挂面 1kg 10袋/);
  expect(wx.clipboard).not.toContain('¥');
  expect(wx.toasts.at(-1)).toBe('已复制，去微信粘贴给供应商');
});

test('payables: what is owed the supplier (receipts − returns), its statement, and a payment', async () => {
  const payables = renderPage('packages/purchase/pages/payables/index');
  await payables.instance.onLoad();
  // 25 bottles at ¥1.00 + 4 bags at ¥4.50 − 5 bottles back
  expect(text(payables, '.total')).toBe('¥38.00');
  expect(texts(payables, '.row')).toEqual([expect.stringMatching(/城东批发部.*¥38\.00/), expect.stringMatching(/城西粮油.*已结清/)]);
  await tapCell(payables.querySelectorAll('.row')[0]);
  const statement = renderPage('packages/purchase/pages/supplier-statement/index');
  await statement.instance.onLoad(queryOf(lastNav()));
  expect(text(statement, '.supplier')).toBe('城东批发部');
  const entries = () => texts(statement, '.entry__main').map((t) => t.replace(/([+-]¥)/, ' $1'));
  expect(entries()).toEqual(['采购入库 +¥43.00', '采购退货 -¥5.00']);
  await tap(statement, '.open-pay');
  expect(inputValue(statement.querySelector('.pay-amount'))).toBe('38.00');
  await typeInto(statement.querySelector('.pay-amount'), '30');
  (statement.querySelector('.method-cash').querySelector('.van-tag') ?? statement.querySelector('.method-cash')).dispatchEvent('tap');
  await simulate.sleep(10);
  wx.toasts.length = 0;
  await tap(statement, '.pay-submit');
  await waitFor(() => wx.toasts.length > 0);
  expect(wx.toasts).toEqual(['已付 ¥30.00']);
  await waitFor(() => entries().length === 3);
  expect(entries()[2]).toBe('付款 -¥30.00');
  expect(text(statement, '.closing')).toContain('¥8.00');
  expect(wx.calls.filter((c) => c.data.action === 'purchase.pay').map((c) => c.data.method)).toEqual(['cash']);
});

test('list: tabs, search and the received share; a clerk sees no prices anywhere and only 收货', async () => {
  const list = renderPage('packages/purchase/pages/orders/index');
  list.instance.onLoad();
  await waitFor(() => !list.data.loading && list.data.role !== '');
  expect(texts(list, '.order__no')).toHaveLength(1);
  expect(text(list, '.order')).toMatch(/CG\d{8}-\d{3}.*部分到货.*城东批发部 · 2 种商品.*已到货 \d+%.*¥93\.00/);
  await tap(list, '.tab-draft');
  await waitFor(() => !list.data.loading);
  expect(text(list, '.empty')).toContain('还没有采购单');
  await tap(list, '.tab-open');
  await waitFor(() => !list.data.loading && list.data.items.length === 1);
  await typeInto(list.querySelector('.search').querySelector('.van-search__field'), '挂面');
  list.instance.onSearch();
  await waitFor(() => !list.data.loading);
  expect(texts(list, '.order__no')).toHaveLength(1);
  await typeInto(list.querySelector('.search').querySelector('.van-search__field'), '酱油');
  list.instance.onSearch();
  await waitFor(() => !list.data.loading);
  expect(text(list, '.empty')).toContain('没有找到相关采购单');

  wx.openid = shop.clerk;
  try {
    const clerkList = renderPage('packages/purchase/pages/orders/index');
    clerkList.instance.onLoad();
    await waitFor(() => !clerkList.data.loading && clerkList.data.role === 'clerk');
    expect(text(clerkList, '.order')).not.toContain('¥');
    expect(clerkList.querySelector('.create')).toBeFalsy();
    const detail = renderPage('packages/purchase/pages/order-detail/index');
    await detail.instance.onLoad({ id: orderId });
    expect(text(detail, '.lines')).not.toContain('¥');
    expect(detail.querySelector('.total')).toBeFalsy();
    expect(texts(detail, '.action')).toEqual(['收货']);
    expect(detail.querySelector('.return')).toBeFalsy();
  } finally {
    wx.openid = shop.owner;
  }
});

describe('steps on the order page', () => {
  const managerOrder = async () => {
    const manager = shop.as(shop.manager);
    const o = await manager<any>('purchase.create', { requestId: `page-${Math.random().toString(36).slice(2, 12)}`, supplierId: supplier._id, lines: [{ productId: water._id, qty: 1 }] });
    return manager<any>('purchase.submit', { id: o._id, requestId: `page-${Math.random().toString(36).slice(2, 12)}` });
  };
  beforeAll(() => shop.as(shop.owner)('shops.updateSettings', { settings: { purchaseApprovalAboveFen: 1000 } }));
  afterAll(() => shop.as(shop.owner)('shops.updateSettings', { settings: { purchaseApprovalAboveFen: null } }));

  test('a manager\'s order above the owner\'s amount waits for approval; a stale page shows the refusal', async () => {
    const order = await managerOrder();
    wx.openid = shop.manager;
    const asManager = renderPage('packages/purchase/pages/order-detail/index');
    await asManager.instance.onLoad({ id: order._id });
    wx.openid = shop.owner;
    expect(text(asManager, '.status')).toBe('待审批');
    expect(texts(asManager, '.action')).toEqual(['取消订单']); // only the owner approves

    const stale = renderPage('packages/purchase/pages/order-detail/index');
    await stale.instance.onLoad({ id: order._id });
    expect(texts(stale, '.action')).toEqual(['取消订单', '退回', '审批通过']);
    const fresh = renderPage('packages/purchase/pages/order-detail/index');
    await fresh.instance.onLoad({ id: order._id });
    wx.modals.length = 0;
    await tap(fresh, '.action-cancel');
    await waitFor(() => text(fresh, '.status') === '已取消');
    expect(wx.modals[0].content).toContain('确定取消吗');
    expect(fresh.querySelector('.action')).toBeFalsy();

    await tap(stale, '.action-approve');
    await waitFor(() => text(stale, '.step-error') !== '');
    expect(text(stale, '.step-error')).toBe('采购单已取消，不能审批');
  });

  test('a step lost to the network is retried with the same request id; the next step gets a new one', async () => {
    const order = await managerOrder();
    const detail = renderPage('packages/purchase/pages/order-detail/index');
    await detail.instance.onLoad({ id: order._id });
    const real = (global as any).wx.cloud.callFunction;
    (global as any).wx.cloud.callFunction = async (o: any) => {
      (global as any).wx.cloud.callFunction = real;
      wx.calls.push({ name: o.name, data: o.data });
      throw { errMsg: 'cloud.callFunction:fail network' };
    };
    const calls = wx.calls.length;
    await tap(detail, '.action-approve');
    await waitFor(() => text(detail, '.step-error') !== '');
    expect(text(detail, '.step-error')).toContain('网络');
    await tap(detail, '.action-approve');
    await waitFor(() => text(detail, '.status') === '已审批');
    const approvals = wx.calls.slice(calls).filter((c) => c.data.action === 'purchase.approve');
    expect(approvals).toHaveLength(2);
    expect(approvals[1].data.requestId).toBe(approvals[0].data.requestId);
    expect(texts(detail, '.history__label')).toEqual(['创建', '提交', '审批']);
    wx.modals.length = 0;
    wx.modalConfirm = false; // the user thinks again
    await tap(detail, '.action-cancel');
    wx.modalConfirm = true;
    expect(wx.modals).toHaveLength(1);
    expect(text(detail, '.status')).toBe('已审批');
    await tap(detail, '.action-cancel');
    await waitFor(() => text(detail, '.status') === '已取消');
    const cancels = wx.calls.slice(calls).filter((c) => c.data.action === 'purchase.cancel');
    expect(cancels).toHaveLength(1);
    expect(cancels[0].data.requestId).not.toBe(approvals[0].data.requestId);
  });
});

test('receive a batch-tracked product: batch and expiry are asked for; an expired batch is confirmed and sent again as the same request', async () => {
  const owner = shop.as(shop.owner);
  const milk = await owner<any>('products.create', { name: '鲜牛奶 1L', baseUnit: '盒', batchTracked: true, purchasePriceFen: 600, salePriceFen: 900 });
  const o = await owner<any>('purchase.create', { requestId: `page-${Math.random().toString(36).slice(2, 12)}`, supplierId: supplier._id, lines: [{ productId: milk._id, qty: 5 }] });
  await owner('purchase.submit', { id: o._id, requestId: `page-${Math.random().toString(36).slice(2, 12)}` });
  const receive = renderPage('packages/purchase/pages/order-receive/index');
  await receive.instance.onLoad({ id: o._id });
  expect(texts(receive, '.line__open')).toEqual(['待收 5盒']);
  await tap(receive, '.submit');
  expect(text(receive, '.submit-error')).toBe('「鲜牛奶 1L」按批次管理，请填写批号和到期日');
  await typeInto(receive.querySelector('.line__batch-no'), 'N2001');
  receive.querySelector('.expiry-picker').dispatchEvent('change', { detail: { value: '2020-01-31' } });
  await simulate.sleep(10);
  expect(text(receive, '.line__expiry')).toContain('2020-01-31');
  const calls = wx.calls.length;
  wx.modals.length = 0;
  wx.toasts.length = 0;
  await tap(receive, '.submit');
  await waitFor(() => wx.toasts.length > 0);
  expect(wx.modals[0]).toMatchObject({ title: '批次已过期' });
  expect(wx.modals[0].content).toContain('已过期');
  expect(wx.toasts).toEqual(['收货成功：已到货']);
  const sent = wx.calls.slice(calls).filter((c) => c.data.action === 'purchase.receive').map((c) => c.data);
  expect(sent.map((d) => d.confirmExpired)).toEqual([false, true]);
  expect(sent[1].requestId).toBe(sent[0].requestId);
  expect(sent[1].lines).toEqual([{ lineId: 'L1', qty: 5, unit: '盒', batchNo: 'N2001', expiryDate: '2020-01-31' }]);
  expect(text(receive, '.empty')).toContain('全部到齐');
});

test('from suggestions: one draft per supplier; products without a supplier get one picked on the page', async () => {
  const owner = shop.as(shop.owner);
  await owner('products.create', { name: '可乐 330ml', baseUnit: '罐', purchaseUnit: { name: '箱', factor: 24 }, purchasePriceFen: 150, minStock: 48, preferredSupplierId: supplier._id });
  await owner('products.create', { name: '散装糖', baseUnit: '斤', purchasePriceFen: 300, minStock: 10 });
  for (let i = 0; i < 20; i++) if ((await owner<any>('replenishment.recompute')).done) break;
  const list = renderPage('packages/purchase/pages/orders/index');
  list.instance.onLoad();
  await waitFor(() => !list.data.loading && list.data.role === 'owner');
  wx.toasts.length = 0;
  await tap(list, '.from-suggestions');
  await waitFor(() => wx.toasts.length > 0);
  expect(wx.toasts).toEqual(['已生成 1 张草稿']);
  expect(texts(list, '.missing__item')).toEqual([expect.stringContaining('散装糖')]);
  await tap(list, '.missing-create');
  expect(text(list, '.notice')).toBe('请先为商品选择供应商');
  await tapCell(list.querySelector('.missing__item'));
  await chooseInSheet(list, '.supplier-sheet', '城西粮油');
  expect(text(list, '.missing__item')).toContain('城西粮油');
  await tap(list, '.missing-create');
  await waitFor(() => wx.toasts.length > 1);
  expect(wx.toasts[1]).toBe('已生成 1 张草稿');
  expect(list.querySelector('.missing__item')).toBeFalsy();
  await waitFor(() => !list.data.loading && list.data.status === 'draft');
  expect(texts(list, '.order__supplier').map((t) => t.split(' · ')[0]).sort()).toEqual(['城东批发部', '城西粮油']);
  const made = wx.calls.filter((c) => c.data.action === 'purchase.fromSuggestions').map((c) => c.data);
  expect(made[1]).toMatchObject({ productIds: [expect.any(String)], suppliers: expect.any(Object) });
  expect(made[1].requestId).not.toBe(made[0].requestId);
});

test('edit a draft: the order page offers 修改, the edit page shows its lines and saves changes to the same order', async () => {
  const drafts = await shop.as(shop.owner)<any>('purchase.list', { status: 'draft' });
  const draft = drafts.items.find((o: any) => o.supplierName === '城西粮油');
  const detail = renderPage('packages/purchase/pages/order-detail/index');
  await detail.instance.onLoad({ id: draft._id });
  expect(texts(detail, '.action')).toEqual(['取消订单', '修改', '提交']);
  await tap(detail, '.action-edit');
  expect(lastNav()).toBe(`/packages/purchase/pages/order-edit/index?id=${encodeURIComponent(draft._id)}`);
  const edit = renderPage('packages/purchase/pages/order-edit/index');
  await edit.instance.onLoad(queryOf(lastNav()));
  expect(text(edit, '.supplier')).toContain('城西粮油');
  expect(text(edit, '.line-0')).toContain('散装糖');
  const before = edit.data.lines[0].qty;
  await setStepper(edit.querySelectorAll('.line__qty')[0], before + 5);
  const calls = wx.calls.length;
  wx.toasts.length = 0;
  await tap(edit, '.save-draft');
  await waitFor(() => wx.toasts.length > 0);
  expect(wx.toasts).toEqual(['草稿已保存']);
  expect(wx.calls.slice(calls).map((c) => c.data.action)).toEqual(['purchase.update']);
  const again = renderPage('packages/purchase/pages/order-detail/index');
  await again.instance.onLoad({ id: draft._id });
  expect(text(again, '.line__ordered')).toBe(`订 ${before + 5}斤`);
});

test('list: a failed load shows the error and 重试; more than a page loads more at the bottom', async () => {
  const owner = shop.as(shop.owner);
  const other = await owner<any>('suppliers.list', { keyword: '城西粮油' });
  for (let i = 0; i < 21; i++) {
    await owner('purchase.create', { requestId: `page-many-${i}-${Math.random().toString(36).slice(2, 8)}`, supplierId: other.items[0]._id, lines: [{ productId: water._id, qty: 1 }] });
  }
  const real = (global as any).wx.cloud.callFunction;
  (global as any).wx.cloud.callFunction = async () => {
    throw { errMsg: 'cloud.callFunction:fail network' };
  };
  const list = renderPage('packages/purchase/pages/orders/index');
  list.instance.onLoad();
  await waitFor(() => !list.data.loading);
  (global as any).wx.cloud.callFunction = real;
  expect(text(list, '.error')).toContain('网络');
  expect(list.querySelector('.empty')).toBeFalsy(); // an error is not "no orders"
  await tap(list, '.retry');
  await waitFor(() => !list.data.loading && list.data.items.length > 0);
  expect(texts(list, '.order')).toHaveLength(20);
  expect(text(list, '.load-more')).toBe('加载更多');
  await tap(list, '.load-more');
  await waitFor(() => !list.data.loading && texts(list, '.order').length > 20);
  const all = texts(list, '.order__no');
  expect(new Set(all).size).toBe(all.length); // no row twice
  expect(all.length).toBe((await owner<any>('purchase.list', { pageSize: 100 })).items.length);
  expect(text(list, '.page-state')).toContain('没有更多了');

  await tap(list, '.supplier-filter');
  await chooseInSheet(list, '.supplier-sheet', '城东批发部');
  await waitFor(() => !list.data.loading && list.data.supplierId !== '');
  expect(text(list, '.supplier-filter')).toBe('城东批发部');
  const east = texts(list, '.order__supplier');
  expect(east.length).toBeGreaterThan(0);
  expect(east.every((t) => t.startsWith('城东批发部'))).toBe(true);
  await tap(list, '.supplier-filter'); // clears the filter
  await waitFor(() => !list.data.loading && texts(list, '.order').length === 20);
});
