// Stock counts through the real api function: the shop keeps selling while it counts (book
// quantity taken when each line is counted), clerks' scans merge, blind counts keep the book from
// clerks in every answer, batches are counted per batch, uncounted products are kept or zeroed,
// and a count larger than one posting posts in parts that a retry never posts twice.
import { LocalCloud } from '../../localcloud';
import { apiError, createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';

let lc: LocalCloud;
let shop: TestShop;
let owner: ReturnType<TestShop['as']>;
let manager: ReturnType<TestShop['as']>;
let clerk: ReturnType<TestShop['as']>;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'counts');
  owner = shop.as(shop.owner);
  manager = shop.as(shop.manager);
  clerk = shop.as(shop.clerk);
});
afterAll(() => lc.stop());

const newProduct = (fields: Record<string, unknown> = {}) =>
  owner('products.create', { name: `商品${rid().slice(-6)}`, baseUnit: '瓶', purchaseUnit: { name: '箱', factor: 12 }, purchasePriceFen: 100, salePriceFen: 300, ...fields });
const onHand = async (id: string) => (await owner('products.get', { id })).product.onHand;
const stockUp = (productId: string, qty: number, extra: Record<string, unknown> = {}) => owner('stock.receive', { requestId: rid(), lines: [{ productId, qty, unitCostFen: 100, ...extra }] });
const sell = (productId: string, qty: number) => clerk('stock.sell', { requestId: rid(), lines: [{ productId, qty }] });
const newCount = (scope: Record<string, unknown>, extra: Record<string, unknown> = {}) => manager('count.create', { requestId: rid(), scope, ...extra });
const scan = (as: typeof owner, countId: string, fields: Record<string, unknown>) => as('count.scan', { countId, requestId: rid(), ...fields });
const submitAndPost = async (countId: string, uncounted: 'keep' | 'zero' = 'keep') => {
  await clerk('count.submit', { id: countId, requestId: rid() });
  return manager('count.post', { id: countId, requestId: rid(), uncounted });
};

test('book 100, counted 98, 10 sold during the count: on hand 88 and a −2 count adjustment', async () => {
  const p = await newProduct();
  await stockUp(p._id, 100);
  const count = await newCount({ kind: 'products', productIds: [p._id] });
  expect(count).toMatchObject({ no: expect.stringMatching(/^PD\d{8}-\d{3}$/), status: 'counting', statusLabel: '盘点中', toCount: 1, counted: 0 });
  const typed = await scan(clerk, count._id, { productId: p._id, mode: 'set', qty: 98 });
  expect(typed).toMatchObject({ counted: 1, toCount: 1, line: { countedQty: 98, bookQty: 100, diffQty: -2 } });
  await sell(p._id, 10); // the shop keeps selling
  const posted = await submitAndPost(count._id);
  expect(posted).toMatchObject({ status: 'posted', statusLabel: '已过账', parts: 1, postedParts: 1, counted: 1 });
  expect(await onHand(p._id)).toBe(88);
  const posting = await owner('stock.posting', { id: posted.postingIds[0] });
  expect(posting).toMatchObject({ type: 'count_adjustment', source: { kind: 'count', no: count.no } });
  expect(posting.lines).toEqual([expect.objectContaining({ productId: p._id, qty: -2, qtyAfter: 88 })]);
  // The product remembers when it was last counted; the count is history.
  expect((await owner('products.get', { id: p._id })).product.lastCountedAt).toEqual(expect.any(String));
  expect((await owner('count.list', { status: 'posted' })).items.map((c: any) => c._id)).toContain(count._id);
  expect((await owner('stock.reconcile', {})).differences).toEqual([]);
});

test('two clerks scanning one product at once both count; a retried scan counts once', async () => {
  const p = await newProduct({ barcodes: ['6901234567892'] });
  await stockUp(p._id, 30);
  const count = await newCount({ kind: 'products', productIds: [p._id] });
  const invite = await owner('invites.create', { role: 'clerk' });
  await shop.as('counts-clerk2')('invites.accept', { code: invite.code, name: '店员小张' });
  const scans = await Promise.all(Array.from({ length: 12 }, (_, i) => scan(i % 2 ? clerk : shop.as('counts-clerk2'), count._id, { barcode: '6901234567892' })));
  expect(scans.every((s) => !s.replayed)).toBe(true);
  const again = rid();
  await scan(clerk, count._id, { barcode: '6901234567892', requestId: again });
  const retried = await clerk('count.scan', { countId: count._id, requestId: again, barcode: '6901234567892' });
  expect(retried.replayed).toBe(true);
  // A case scanned as one: 12 more.
  const cased = await scan(clerk, count._id, { productId: p._id, unit: '箱', qty: 1 });
  expect(cased.line.countedQty).toBe(12 + 1 + 12);
  expect(cased.line.countedBy.map((c: any) => c.name).sort()).toEqual(['店员小张', '店员小李'].sort());
  expect(cased.line.scans).toBe(14);
  const posted = await submitAndPost(count._id);
  expect(posted.summary).toMatchObject({ diffLines: 1, gainQty: 0, lossQty: 5, lossFen: 500 });
  expect(await onHand(p._id)).toBe(25);
});

test('a blind count hides the book quantity from clerks in every answer, not from the manager', async () => {
  const p = await newProduct();
  const q = await newProduct();
  await stockUp(p._id, 40);
  await stockUp(q._id, 7);
  const count = await newCount({ kind: 'products', productIds: [p._id, q._id] }, { blind: true });
  const answers: unknown[] = [];
  answers.push(await scan(clerk, count._id, { productId: p._id, mode: 'set', qty: 39 }));
  answers.push(await clerk('count.get', { id: count._id }));
  answers.push(await clerk('count.lines', { id: count._id }));
  answers.push(await clerk('count.uncounted', { id: count._id }));
  answers.push(await clerk('count.list', {}));
  answers.push(await clerk('count.submit', { id: count._id, requestId: rid() }));
  for (const a of answers) {
    const text = JSON.stringify(a);
    expect(text).not.toMatch(/"bookQty"|"diffQty"|"summary"|"diffFen"/);
  }
  expect((await apiError(clerk('count.lines', { id: count._id, filter: 'diff' }))).code).toBe('E_FORBIDDEN');
  const seen = await manager('count.lines', { id: count._id, filter: 'diff' });
  expect(seen.items[0]).toMatchObject({ productId: p._id, bookQty: 40, diffQty: -1, diffFen: -100 });
  expect((await manager('count.uncounted', { id: count._id })).items).toEqual([expect.objectContaining({ productId: q._id, bookQty: 7 })]);
  // Clerks may not post; scans stop once counting is submitted.
  expect((await apiError(clerk('count.post', { id: count._id, requestId: rid() }))).code).toBe('E_FORBIDDEN');
  expect((await apiError(scan(clerk, count._id, { productId: q._id }))).code).toBe('E_INVALID_STATE');
  await manager('count.post', { id: count._id, requestId: rid(), uncounted: 'keep' });
  expect([await onHand(p._id), await onHand(q._id)]).toEqual([39, 7]);
});

test('batches are counted per batch; a found batch needs its expiry; uncounted batches and products can be zeroed', async () => {
  const p = await newProduct({ batchTracked: true });
  const untouched = await newProduct({ category: '零食' });
  await stockUp(p._id, 10, { batchNo: 'A1', expiryDate: '2030-01-01' });
  await stockUp(p._id, 5, { batchNo: 'B2', expiryDate: '2030-06-01' });
  await stockUp(p._id, 3, { batchNo: 'C3', expiryDate: '2030-09-01' });
  await stockUp(untouched._id, 4);
  const count = await newCount({ kind: 'all' });
  const needsBatch = await apiError(scan(clerk, count._id, { productId: p._id }));
  expect(needsBatch).toMatchObject({ code: 'E_VALIDATION', details: { kind: 'batch_required', batches: expect.arrayContaining([{ batchNo: 'A1', expiryDate: '2030-01-01' }]) } });
  await scan(clerk, count._id, { productId: p._id, batchNo: 'A1', mode: 'set', qty: 9 });
  await scan(clerk, count._id, { productId: p._id, batchNo: 'B2', mode: 'set', qty: 5 });
  expect((await apiError(scan(clerk, count._id, { productId: p._id, batchNo: 'Z9', qty: 2 }))).details.kind).toBe('expiry_required');
  const found = await scan(clerk, count._id, { productId: p._id, batchNo: 'Z9', qty: 2, expiryDate: '2031-01-01' });
  expect(found.line).toMatchObject({ countedQty: 16, bookQty: 15 });
  // C3 and the other product were not counted: counted as zero at posting, at what they hold then.
  await sell(untouched._id, 1);
  const posted = await submitAndPost(count._id, 'zero');
  expect(posted.status).toBe('posted');
  const balance = (await owner('stock.balances', { productId: p._id })).items[0];
  expect(balance.batches.map((b: any) => [b.batchNo, b.qty, b.expiryDate]).sort()).toEqual([
    ['A1', 9, '2030-01-01'],
    ['B2', 5, '2030-06-01'],
    ['Z9', 2, '2031-01-01'],
  ]);
  expect(await onHand(untouched._id)).toBe(0);
  expect((await owner('stock.reconcile', {})).differences).toEqual([]);
});

test('a count of a category counts only that category; steps follow the status machine', async () => {
  const snack = await newProduct({ category: '饮料' });
  const other = await newProduct({ category: '日化' });
  const count = await newCount({ kind: 'category', category: '饮料' });
  expect(count.scopeText).toBe('分类：饮料');
  expect((await apiError(scan(clerk, count._id, { productId: other._id }))).message).toContain('不在这次盘点的范围');
  await scan(clerk, count._id, { productId: snack._id, mode: 'set', qty: 0 });
  expect((await apiError(manager('count.post', { id: count._id, requestId: rid() }))).code).toBe('E_INVALID_STATE');
  await clerk('count.submit', { id: count._id, requestId: rid() });
  await manager('count.reopen', { id: count._id, requestId: rid() });
  await scan(clerk, count._id, { productId: snack._id, mode: 'set', qty: 2 });
  await manager('count.reason', { countId: count._id, productId: snack._id, reason: 'found' });
  const cancelled = await manager('count.cancel', { id: count._id, requestId: rid() });
  expect(cancelled.status).toBe('cancelled');
  expect(await onHand(snack._id)).toBe(0);
  expect((await apiError(clerk('count.create', { requestId: rid() }))).code).toBe('E_FORBIDDEN');
});

test('a count of 250 products posts in parts; a retried or repeated post never posts a part twice', async () => {
  const products = [];
  for (let i = 0; i < 250; i++) products.push(await owner('products.create', { name: `盘点品${String(i).padStart(3, '0')}`, baseUnit: '个', salePriceFen: 100 }));
  await owner('stock.opening', { requestId: rid(), lines: products.slice(0, 200).map((p) => ({ productId: p._id, qty: 5, unitCostFen: 10 })) });
  await owner('stock.opening', { requestId: rid(), lines: products.slice(200).map((p) => ({ productId: p._id, qty: 5, unitCostFen: 10 })) });
  const count = await newCount({ kind: 'products', productIds: products.map((p) => p._id) });
  for (const p of products) await scan(clerk, count._id, { productId: p._id, mode: 'set', qty: 4 });
  await clerk('count.submit', { id: count._id, requestId: rid() });
  const requestId = rid();
  const [a, b] = await Promise.all([manager('count.post', { id: count._id, requestId }), owner('count.post', { id: count._id, requestId: rid() }).catch((e) => e)]);
  expect(a).toMatchObject({ status: 'posted', parts: 3, postedParts: 3 });
  const again = await manager('count.post', { id: count._id, requestId });
  expect(again.postingIds).toEqual(a.postingIds);
  void b;
  let total = 0;
  for (const p of products) total += await onHand(p._id);
  expect(total).toBe(250 * 4);
  expect((await owner('stock.reconcile', {})).differences).toEqual([]);
});
