// Stock counts through the pages (miniprogram-simulate) and the real api function on localcloud:
// the owner starts a count, scans (each scan one, a case in 按箱 mode), types a number, submits,
// reviews the differences and their value, gives a reason, posts with the uncounted kept — and the
// stock is what was counted. A clerk in a blind count never sees the book; a batch-tracked product
// asks for its batch; a scan cut off by the network is retried with its request id and counts once.
import { LocalCloud } from '../../localcloud';
import { createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';
import { installWx, renderPage, simulate, tap, text, type, waitFor, whileOffline, WxBridge } from '../helpers/miniprogram';
import { gs1CheckDigit } from '../../miniprogram/utils/barcode';

let lc: LocalCloud;
let wx: WxBridge;
let shop: TestShop;
let owner: ReturnType<TestShop['as']>;
let water: { _id: string };
let noodles: { _id: string };
let soap: { _id: string };
let milk: { _id: string };
const code = (body: string) => `${body}${gs1CheckDigit(body)}`;
const WATER = code('690123450011');
const MILK = code('690123450028');

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'pages-counts');
  owner = shop.as(shop.owner);
  const make = (fields: Record<string, unknown>) => owner('products.create', { salePriceFen: 300, purchasePriceFen: 100, ...fields });
  water = await make({ name: '矿泉水 550ml', baseUnit: '瓶', barcodes: [WATER], purchaseUnit: { name: '箱', factor: 24 }, category: '饮料' });
  noodles = await make({ name: '挂面 1kg', baseUnit: '袋', category: '粮油' });
  soap = await make({ name: '香皂', baseUnit: '块', category: '日化' });
  milk = await make({ name: '鲜牛奶 1L', baseUnit: '盒', barcodes: [MILK], batchTracked: true, category: '乳品' });
  await owner('stock.receive', {
    requestId: rid(),
    lines: [
      { productId: water._id, qty: 30, unitCostFen: 100 },
      { productId: noodles._id, qty: 10, unitCostFen: 450 },
      { productId: soap._id, qty: 7, unitCostFen: 200 },
      { productId: milk._id, qty: 6, unitCostFen: 500, batchNo: 'M01', expiryDate: '2030-01-01' },
    ],
  });
  wx = installWx(lc, shop.owner);
});
afterAll(() => lc.stop());

const lastNav = () => wx.navigations[wx.navigations.length - 1];
const idOf = (url: string) => decodeURIComponent(new URLSearchParams(url.split('?')[1]).get('id') ?? '');
const onHand = async (id: string) => (await owner('products.get', { id })).product.onHand;
const pageText = (page: any) => String(page.dom.textContent).replace(/\s+/g, ' ');
async function tapView(page: any, selector: string) {
  const el = page.querySelector(selector);
  if (!el) throw new Error(`nothing matches ${selector}`);
  el.dispatchEvent('tap');
  await simulate.sleep(10);
}
async function openSession(id: string) {
  const session = renderPage('packages/stock/pages/count-session/index');
  await session.instance.onLoad({ id: encodeURIComponent(id) });
  return session;
}
async function openReview(id: string) {
  const review = renderPage('packages/stock/pages/count-review/index');
  await review.instance.onLoad({ id: encodeURIComponent(id) });
  return review;
}
const scanCalls = (from: number) => wx.calls.slice(from).filter((c) => c.data.action === 'count.scan');

test('count the shop: scans, a case, a typed number; review shows the differences and their value; post keeps the uncounted', async () => {
  wx.openid = shop.owner;
  const create = renderPage('packages/stock/pages/count-create/index');
  await create.instance.onLoad();
  await tapView(create, '.scope-category');
  await waitFor(() => create.data.categories.length === 4);
  expect(create.data.categories).toEqual(expect.arrayContaining(['饮料', '粮油', '日化', '乳品']));
  await tapView(create, '.scope-all');
  await tap(create, '.create');
  await waitFor(() => Boolean(lastNav()?.startsWith('/packages/stock/pages/count-session/index?id=')));
  const countId = idOf(lastNav());

  const session = await openSession(countId);
  expect(text(session, '.progress')).toBe('已盘 0 / 4');
  // 连续扫码: three scans of one bottle, then one case.
  session.instance.onContinuous({ detail: true });
  wx.scans.push(WATER, WATER, WATER);
  await tap(session, '.scan');
  await waitFor(() => session.data.lines[0]?.countedQty === 3);
  await tapView(session, '.unit-case');
  wx.scans.push(WATER);
  await tap(session, '.scan');
  await waitFor(() => session.data.lines[0]?.countedQty === 27);
  expect(text(session, '.line-0')).toContain('矿泉水 550ml');
  expect(text(session, '.line-0')).toContain('账面 30瓶 · 差 -3'); // not blind: the owner sees the book
  expect(text(session, '.progress')).toBe('已盘 1 / 4');

  // 未盘: type what is there for the noodles.
  await tapView(session, '.tab-uncounted');
  await waitFor(() => session.data.uncounted.length === 3);
  const row = session.querySelectorAll('.uncounted').find((r: any) => String(r.dom.textContent).includes('挂面'));
  row.dispatchEvent('tap');
  await simulate.sleep(10);
  await type(session, '.editor-qty', '8');
  await tap(session, '.save-editor');
  await waitFor(() => session.data.counted === 2);
  expect(session.data.uncounted.map((u: any) => u.productName)).not.toContain('挂面 1kg');

  wx.modalConfirm = true; // 还有 2 个商品没有盘，确定完成吗
  await tap(session, '.submit');
  await waitFor(() => Boolean(lastNav()?.startsWith('/packages/stock/pages/count-review/index')));
  expect(wx.modals[wx.modals.length - 1].content).toContain('还有 2 个商品没有盘');

  const review = await openReview(countId);
  expect(text(review, '.status')).toBe('待审核');
  expect(text(review, '.diff-lines')).toBe('2');
  expect(text(review, '.loss')).toBe('-5');
  // at moving-average cost: 3 bottles × ¥1.00 + 2 bags × ¥4.50
  expect(text(review, '.loss-fen')).toBe('¥12.00');
  const diffs = review.querySelectorAll('.diff').map((d: any) => String(d.dom.textContent).replace(/\s+/g, ' '));
  expect(diffs).toEqual(expect.arrayContaining([expect.stringMatching(/挂面 1kg.*账面 10 → 盘点 8.*-2袋.*-¥9\.00/), expect.stringMatching(/矿泉水 550ml.*账面 30 → 盘点 27.*-3瓶.*-¥3\.00/)]));
  expect(text(review, '.uncounted')).toBeTruthy();

  // A reason for the water line.
  const waterRow = review.querySelectorAll('.diff').findIndex((d: any) => String(d.dom.textContent).includes('矿泉水'));
  await tapView(review, `.diff-${waterRow}`);
  expect(review.data.reasonFor).toBe(water._id);
  review.instance.onReason({ detail: { name: '丢失', reason: 'loss' } });
  await waitFor(() => review.data.diffs[waterRow].reasonLabel === '丢失');
  expect(text(review, `.diff-${waterRow}`)).toContain('丢失');

  await tapView(review, '.choice-keep');
  await tap(review, '.post');
  await waitFor(() => review.data.count?.status === 'posted');
  expect(wx.modals[wx.modals.length - 1].content).toContain('差异 2 行');
  expect([await onHand(water._id), await onHand(noodles._id), await onHand(soap._id), await onHand(milk._id)]).toEqual([27, 8, 7, 6]);
  // The posted count, read-only: its posting and history, no buttons.
  expect(text(review, '.posting')).toMatch(/盘点.*矿泉水 550ml -3瓶，结存 27瓶/);
  expect(review.querySelectorAll('.history__label').map((h: any) => String(h.dom.textContent).trim())).toEqual(['开始盘点', '提交审核', '过账', '分批过账']);
  expect(review.querySelector('.action')).toBeFalsy();
  const posting = await owner('stock.posting', { id: review.data.count.postingIds[0] });
  expect(posting.lines.find((l: any) => l.productId === water._id)).toMatchObject({ qty: -3 });

  const list = renderPage('packages/stock/pages/counts/index');
  await list.instance.onLoad();
  await tapView(list, '.tab-posted');
  await waitFor(() => list.data.items.length === 1);
  expect(text(list, '.count-0')).toMatch(/PD\d{8}-\d{3}.*已过账.*全部商品.*已盘 2 \/ 4/);
});

test('a clerk in a blind count sees no book quantity on any page', async () => {
  const manager = shop.as(shop.manager);
  const book = [await onHand(water._id), await onHand(noodles._id)];
  const count = await manager('count.create', { requestId: rid(), scope: { kind: 'products', productIds: [water._id, noodles._id] }, blind: true });
  wx.openid = shop.clerk;
  const list = renderPage('packages/stock/pages/counts/index');
  await list.instance.onLoad();
  await waitFor(() => list.data.items.length > 0);
  expect(text(list, '.count-0')).toContain('盲盘');
  expect(list.querySelector('.create')).toBeFalsy(); // clerks do not start counts

  const session = await openSession(count._id);
  wx.scans.push(WATER);
  await tap(session, '.scan');
  await waitFor(() => session.data.lines.length === 1);
  await tapView(session, '.tab-uncounted');
  await waitFor(() => session.data.uncounted.length === 1);
  const rendered = [pageText(session)];
  const seen = [rendered[0], JSON.stringify(session.data)];
  await tap(session, '.submit');
  await waitFor(() => wx.toasts.includes('已提交审核'));
  const review = await openReview(count._id);
  rendered.push(pageText(review), pageText(list));
  seen.push(pageText(review), JSON.stringify(review.data), pageText(list), JSON.stringify(list.data));
  for (const s of seen) expect(s).not.toMatch(/账面|差 [+-]|无差异|bookQty|diffQty|diffFen|"summary"/);
  // no number on screen gives the book away
  const bookNumber = new RegExp(`(?<!\\d)(${book.join('|')})(?!\\d)`);
  for (const r of rendered) expect(r).not.toMatch(bookNumber);
  expect(text(review, '.blind-note')).toContain('盲盘');
  expect(review.querySelector('.diff')).toBeFalsy();
  expect(review.querySelector('.action')).toBeFalsy();
  wx.openid = shop.owner;
  // The owner sees what the clerk counted against the book.
  const ownerReview = await openReview(count._id);
  expect(text(ownerReview, '.diff-0')).toContain(`账面 ${book[0]} → 盘点 1`);
  await tap(ownerReview, '.cancel');
  await waitFor(() => ownerReview.data.count?.status === 'cancelled');
});

test('a batch-tracked product asks for the batch: one on the book, or a new one with its expiry', async () => {
  wx.openid = shop.owner;
  const count = await owner('count.create', { requestId: rid(), scope: { kind: 'products', productIds: [milk._id] } });
  const session = await openSession(count._id);
  wx.scans.push(MILK);
  await tap(session, '.scan');
  await waitFor(() => session.data.batchAsk !== null);
  expect(text(session, '.batch-ask')).toContain('鲜牛奶 1L');
  expect(text(session, '.batch-0')).toContain('批号 M01');
  expect(text(session, '.batch-0')).toContain('到期 2030-01-01');
  await tapView(session.querySelector('.batch-0'), '.van-cell');
  await waitFor(() => session.data.lines.length === 1);
  expect(text(session, '.line-0')).toContain('批次 M01: 1');
  // A batch the book does not know: the server asks for its expiry date.
  wx.scans.push(MILK);
  await tap(session, '.scan');
  await waitFor(() => session.data.batchAsk !== null);
  await type(session, '.new-batch-no', 'M09');
  await tap(session, '.save-batch');
  await waitFor(() => session.data.batchAsk?.needExpiry === true);
  expect(text(session, '.batch-ask')).toContain('M09 账上没有');
  session.instance.onBatchExpiry({ detail: { value: '2031-03-01' } });
  await tap(session, '.save-batch');
  await waitFor(() => session.data.lines[0]?.countedQty === 2);
  expect(text(session, '.line-0')).toContain('M01: 1 · M09: 1');
  expect(session.data.pending).toBe(0);
});

test('a scan cut off by the network stays queued and, retried with its request id, counts once', async () => {
  wx.openid = shop.clerk;
  const count = await owner('count.create', { requestId: rid(), scope: { kind: 'products', productIds: [water._id] } });
  const session = await openSession(count._id);
  const from = wx.calls.length;
  // The request reaches the server, the answer is lost: the first attempt counted, the page cannot know.
  const g = (global as any).wx;
  const bridged = g.cloud.callFunction;
  g.cloud.callFunction = async (o: any) => {
    await bridged(o);
    throw { errMsg: 'cloud.callFunction:fail request:fail timeout' };
  };
  try {
    wx.scans.push(WATER);
    await tap(session, '.scan');
    await waitFor(() => session.data.blocked !== '');
  } finally {
    g.cloud.callFunction = bridged;
  }
  expect(text(session, '.queue')).toContain('1 次录入等待上传');
  expect(text(session, '.scan-dock__blocked')).toContain('网络不太好');
  // Still offline: the retry fails and keeps the scan.
  await whileOffline(() => tap(session, '.retry-queue'));
  await waitFor(() => session.data.blocked !== '');
  expect(session.data.pending).toBe(1);
  await tap(session, '.retry-queue');
  await waitFor(() => session.data.pending === 0 && session.data.lines.length === 1);
  const ids = scanCalls(from).map((c) => c.data.requestId);
  expect(ids.length).toBe(2); // the offline retry never reached the server
  expect(new Set(ids).size).toBe(1);
  expect(session.data.lines[0].countedQty).toBe(1);
  expect((await owner('count.lines', { id: count._id })).items[0]).toMatchObject({ countedQty: 1, scans: 1 });
});
