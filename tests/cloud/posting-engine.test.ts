// The posting engine through the real api function: no negative stock, exactly-once, moving
// average cost, FEFO, reversal, returns, reconcile, request count, and a race for the last units.
import { LocalCloud } from '../../localcloud';
import { apiError, callApi, createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';

let lc: LocalCloud;
let db: any;
let shop: TestShop;
let owner: ReturnType<TestShop['as']>;

beforeAll(async () => {
  ({ lc, db } = await startApiCloud());
  shop = await createTestShop(lc, 'engine');
  owner = shop.as(shop.owner);
});
afterAll(() => lc.stop());

const newProduct = (fields: Record<string, unknown> = {}) => owner('products.create', { name: `商品${rid().slice(-6)}`, salePriceFen: 500, ...fields });
const onHand = async (productId: string) => (await owner('products.get', { id: productId })).product.onHand;
const balance = async (productId: string, wh = 'main') => (await db.collection('stock').doc(`${shop.shopId}_${wh}_${productId}`).get()).data;

test('stock never goes below zero unless the shop allows it; a refused sale changes nothing', async () => {
  const p = await newProduct();
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: p._id, qty: 3, unitCostFen: 100 }] });
  const before = (await db.collection('postings').where({ shopId: shop.shopId }).count()).total;
  const err = await apiError(owner('stock.sell', { requestId: rid(), lines: [{ productId: p._id, qty: 5 }] }));
  expect(err.code).toBe('E_INSUFFICIENT_STOCK');
  expect(err.message).toMatch(/^库存不足：.*现有 3件，需要 5件/);
  expect(err.details[0]).toMatchObject({ productId: p._id, available: 3, requested: 5 });
  expect(await onHand(p._id)).toBe(3);
  expect((await db.collection('postings').where({ shopId: shop.shopId }).count()).total).toBe(before);

  await owner('shops.updateSettings', { settings: { allowNegativeStock: true } });
  try {
    await owner('stock.sell', { requestId: rid(), lines: [{ productId: p._id, qty: 5 }] });
    expect(await onHand(p._id)).toBe(-2);
  } finally {
    await owner('shops.updateSettings', { settings: { allowNegativeStock: false } });
  }
});

test('a replayed request posts exactly once and answers the stored result', async () => {
  const p = await newProduct();
  const requestId = rid();
  const first = await owner('stock.receive', { requestId, lines: [{ productId: p._id, qty: 10, unitCostFen: 100 }] });
  const again = await owner('stock.receive', { requestId, lines: [{ productId: p._id, qty: 10, unitCostFen: 100 }] });
  expect(first.replayed).toBe(false);
  expect(again.replayed).toBe(true);
  expect(again._id).toBe(first._id);
  expect(await onHand(p._id)).toBe(10);
  // Concurrent duplicates (a double tap on a flaky network) too.
  const rid2 = rid();
  await Promise.all([1, 2, 3].map(() => owner('stock.sell', { requestId: rid2, lines: [{ productId: p._id, qty: 1 }] })));
  expect(await onHand(p._id)).toBe(9);
});

test('moving-average cost, checked by hand', async () => {
  const p = await newProduct({ baseUnit: '瓶', purchaseUnit: { name: '箱', factor: 24 } });
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: p._id, qty: 10, unitCostFen: 100 }] });
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: p._id, qty: 30, unitCostFen: 140 }] });
  expect((await balance(p._id)).unitCost).toBe('130'); // (10×100 + 30×140) / 40
  const sale = await owner('stock.sell', { requestId: rid(), lines: [{ productId: p._id, qty: 20, unitPriceFen: 200 }] });
  expect(sale.lines[0]).toMatchObject({ qty: -20, unitCost: '130', qtyAfter: 20, amountFen: 4000 });
  expect(sale.totals).toEqual({ qty: -20, costFen: 2600, amountFen: 4000, profitFen: 1400 });
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: p._id, qty: 10, unitCostFen: 160 }] });
  expect((await balance(p._id)).unitCost).toBe('140'); // (20×130 + 10×160) / 30
  // 1 箱 = 24 瓶 at 3600 fen per 箱 = 150 per 瓶: (30×140 + 24×150) / 54 = 144.444444…
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: p._id, qty: 1, unit: '箱', unitCostFen: 3600 }] });
  const b = await balance(p._id);
  expect([b.qty, b.unitCost]).toEqual([54, '144.444444']);
});

test('sale totals are computed on the server: unit price, line and order discounts', async () => {
  const a = await newProduct({ salePriceFen: 300 });
  const b = await newProduct({ salePriceFen: 1000, saleUnit: { name: '盒', factor: 10 } });
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: a._id, qty: 10 }, { productId: b._id, qty: 50 }] });
  const sale = await owner('stock.sell', {
    requestId: rid(),
    lines: [
      { productId: a._id, qty: 3, discountFen: 100 }, // 900 − 100
      { productId: b._id, qty: 2, unit: '盒' }, // 2 × 10 × 1000
    ],
    discountFen: 205,
    payment: { method: 'cash' },
  });
  expect(sale.totals.amountFen).toBe(800 + 20000 - 205);
  expect(sale.lines.map((l: any) => l.amountFen).reduce((s: number, x: number) => s + x, 0)).toBe(20595);
  expect(sale.lines[1].qty).toBe(-20);
  expect(sale.payment).toEqual({ method: 'cash', paidFen: 20595, discountFen: 205, owedFen: 0, changeFen: 0 });
  expect((await apiError(owner('stock.sell', { requestId: rid(), lines: [{ productId: a._id, qty: 1 }], discountFen: 301 }))).message).toBe('整单优惠不能超过合计金额');
});

test('batches: FEFO when no batch is named, the named batch otherwise', async () => {
  const milk = await newProduct({ batchTracked: true });
  expect((await apiError(owner('stock.receive', { requestId: rid(), lines: [{ productId: milk._id, qty: 5 }] }))).message).toContain('请填写批号');
  await owner('stock.receive', {
    requestId: rid(),
    lines: [
      { productId: milk._id, qty: 5, batchNo: 'LATE', expiryDate: '2027-03-01', unitCostFen: 200 },
      { productId: milk._id, qty: 5, batchNo: 'EARLY', expiryDate: '2027-01-01', unitCostFen: 200 },
    ],
  });
  const sale = await owner('stock.sell', { requestId: rid(), lines: [{ productId: milk._id, qty: 7, unitPriceFen: 300 }] });
  expect(sale.lines.map((l: any) => [l.batchNo, l.qty, l.amountFen])).toEqual([
    ['EARLY', -5, 1500],
    ['LATE', -2, 600],
  ]);
  expect((await balance(milk._id)).batches).toEqual([{ batchNo: 'LATE', expiryDate: '2027-03-01', qty: 3 }]);
  expect((await apiError(owner('stock.sell', { requestId: rid(), lines: [{ productId: milk._id, qty: 1, batchNo: 'EARLY' }] }))).code).toBe('E_INSUFFICIENT_STOCK');
});

test('a reversal posts the opposite movement once; nothing is edited', async () => {
  const p = await newProduct();
  const receipt = await owner('stock.receive', { requestId: rid(), lines: [{ productId: p._id, qty: 8, unitCostFen: 100 }] });
  const rev = await owner('stock.reverse', { postingId: receipt._id });
  expect(rev).toMatchObject({ type: 'reversal', reverses: receipt._id, replayed: false });
  expect(rev.lines[0]).toMatchObject({ qty: -8, unitCost: '100', qtyAfter: 0 });
  expect(await onHand(p._id)).toBe(0);
  expect((await owner('stock.reverse', { postingId: receipt._id })).replayed).toBe(true);
  expect(await onHand(p._id)).toBe(0);
  expect((await apiError(owner('stock.reverse', { postingId: rev._id }))).code).toBe('E_INVALID_STATE');
  expect((await owner('stock.posting', { id: receipt._id })).lines[0].qty).toBe(8); // original untouched
  expect((await apiError(shop.as(shop.manager)('stock.reverse', { postingId: receipt._id }))).code).toBe('E_FORBIDDEN');
});

test('sale returns come back at the cost they left with, never more than was sold', async () => {
  const p = await newProduct({ salePriceFen: 1000 });
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: p._id, qty: 10, unitCostFen: 600 }] });
  const sale = await owner('stock.sell', { requestId: rid(), lines: [{ productId: p._id, qty: 4 }] });
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: p._id, qty: 6, unitCostFen: 900 }] }); // avg now 750
  const ret = await owner('stock.saleReturn', { requestId: rid(), salePostingId: sale._id, lines: [{ productId: p._id, qty: 3 }] });
  expect(ret.lines[0]).toMatchObject({ qty: 3, unitCost: '600', amountFen: -3000 });
  expect(ret.totals.amountFen).toBe(-3000);
  const over = await apiError(owner('stock.saleReturn', { requestId: rid(), salePostingId: sale._id, lines: [{ productId: p._id, qty: 2 }] }));
  expect(over.message).toContain('最多还能退 1');
  expect((await apiError(owner('stock.reverse', { postingId: sale._id }))).message).toContain('已有退货');
  expect(await onHand(p._id)).toBe(15);
});

test('reconcile proves balances equal their ledger and finds a planted difference', async () => {
  const clean = await owner('stock.reconcile');
  expect(clean.differences).toEqual([]);
  expect(clean.balancesChecked).toBeGreaterThan(5);
  const p = await newProduct();
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: p._id, qty: 5 }] });
  await db.collection('stock').doc(`${shop.shopId}_main_${p._id}`).update({ data: { qty: 6 } }); // someone bypassed the engine
  const dirty = await owner('stock.reconcile');
  expect(dirty.differences).toEqual([
    { balanceId: `${shop.shopId}_main_${p._id}`, productId: p._id, warehouseId: 'main', batchNo: null, balanceQty: 6, ledgerQty: 5 },
    // the product's on-hand total (kept by the engine) no longer matches the tampered balance either
    { balanceId: `products/${p._id}`, productId: p._id, warehouseId: '*', batchNo: null, balanceQty: 5, ledgerQty: 6 },
  ]);
  await db.collection('stock').doc(`${shop.shopId}_main_${p._id}`).update({ data: { qty: 5 } });
});

test('a k-line sale costs 4k+4 database requests in its transaction (balance and product per line)', async () => {
  const products = [];
  for (let i = 0; i < 5; i++) products.push(await newProduct());
  await owner('stock.receive', { requestId: rid(), lines: products.map((p) => ({ productId: p._id, qty: 100 })) });
  for (const k of [1, 5]) {
    const r = await lc.invoke('api', { action: 'stock.sell', requestId: rid(), lines: products.slice(0, k).map((p) => ({ productId: p._id, qty: 1 })) }, { openid: shop.owner });
    expect((r.result as any).ok).toBe(true);
    const s = lc.invocationStats(r.requestId).byAction;
    const transactional = s['database.startTransaction'] + s['database.commitTransaction'] + s['database.modifyDocument'] + (s['database.getDocument'] - 3);
    expect(s['database.startTransaction']).toBe(1);
    expect(s['database.modifyDocument']).toBe(2 * k + 1);
    expect(transactional).toBe(4 * k + 4);
    // outside the transaction: the member, the shop and the products (one query)
    expect(lc.invocationStats(r.requestId).total).toBe(4 * k + 4 + 3);
  }
});

test('50 concurrent sales of the last 10 units sell exactly 10', async () => {
  const p = await newProduct();
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: p._id, qty: 10 }] });
  const results = await Promise.all(
    Array.from({ length: 50 }, (_x, i) => callApi(lc, [shop.owner, shop.manager, shop.clerk][i % 3], 'stock.sell', { requestId: rid(), lines: [{ productId: p._id, qty: 1 }] })),
  );
  const sold = results.filter((r) => r.ok).length;
  const codes = new Set(results.filter((r) => !r.ok).map((r) => r.error.code));
  expect(sold).toBe(10);
  expect([...codes].every((c) => c === 'E_INSUFFICIENT_STOCK' || c === 'E_CONFLICT')).toBe(true);
  expect(await onHand(p._id)).toBe(0);
  const ledger = await owner('stock.ledger', { productId: p._id, pageSize: 100 });
  expect(ledger.items.filter((e: any) => e.type === 'sale')).toHaveLength(10);
});

test('clerks sell and scan but see no cost; they cannot adjust; other shops\' goods cannot be moved', async () => {
  const p = await newProduct({ barcodes: ['6900000000007'] });
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: p._id, qty: 5, unitCostFen: 300 }] });
  const clerk = shop.as(shop.clerk);
  const sale = await clerk('stock.sell', { requestId: rid(), lines: [{ barcode: '6900000000007', qty: 1 }] });
  expect(sale.lines[0]).not.toHaveProperty('unitCost');
  expect(sale.totals).not.toHaveProperty('profitFen');
  expect(sale.totals).not.toHaveProperty('costFen');
  const ledger = await clerk('stock.ledger', { productId: p._id });
  expect(ledger.items[0]).not.toHaveProperty('unitCost');
  expect((await apiError(clerk('stock.adjust', { requestId: rid(), reason: 'loss', lines: [{ productId: p._id, qty: -1 }] }))).code).toBe('E_FORBIDDEN');
  const other = await createTestShop(lc, 'engine-thief');
  const stolen = await apiError(other.as(other.owner)('stock.sell', { requestId: rid(), lines: [{ productId: p._id, qty: 1 }] }));
  expect(stolen.code).toBe('E_NOT_FOUND');
  expect((await other.as(other.owner)('stock.ledger', { productId: p._id })).items).toEqual([]);
  expect(await onHand(p._id)).toBe(4);
});

test('adjustments carry their reason; the ledger lists newest first with balance after', async () => {
  const p = await newProduct({ minStock: 5 });
  await owner('stock.opening', { requestId: rid(), lines: [{ productId: p._id, qty: 10, unitCostFen: 100 }] });
  await owner('stock.adjust', { requestId: rid(), reason: 'damage', note: '摔坏', lines: [{ productId: p._id, qty: -2 }] });
  await owner('stock.adjust', { requestId: rid(), reason: 'found', lines: [{ productId: p._id, qty: 1 }] });
  await owner('stock.sell', { requestId: rid(), lines: [{ productId: p._id, qty: 5 }] });
  const ledger = await owner('stock.ledger', { productId: p._id });
  expect(ledger.items.map((e: any) => [e.typeLabel, e.qty, e.qtyAfter])).toEqual([
    ['销售出库', -5, 4],
    ['库存调整', 1, 9],
    ['库存调整', -2, 8],
    ['期初', 10, 10],
  ]);
  const low = await owner('products.list', { lowOnly: true, pageSize: 100 });
  expect(low.items.map((x: any) => x._id)).toContain(p._id);
  expect((await apiError(owner('stock.adjust', { requestId: rid(), reason: 'loss', lines: [{ productId: p._id, qty: 0 }] }))).code).toBe('E_VALIDATION');
  expect((await apiError(owner('stock.sell', { lines: [{ productId: p._id, qty: 1 }] }))).code).toBe('E_VALIDATION');
  expect((await apiError(owner('stock.sell', { requestId: rid(), lines: [{ productId: p._id, qty: 1, unit: '吨' }] }))).message).toContain('没有单位「吨」');
});
