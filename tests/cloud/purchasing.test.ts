// Purchasing through the real api function: the order's lifecycle and approval rule, partial
// receipts at the order's price, over-receipt refused, concurrent receipts of the last units,
// returns never beyond what came in, payables = receipts − returns − payments, on-order and
// learned lead times in the nightly suggestions.
import { LocalCloud } from '../../localcloud';
import { apiError, callApi, createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';

let lc: LocalCloud;
let db: any;
let shop: TestShop;
let owner: ReturnType<TestShop['as']>;
let manager: ReturnType<TestShop['as']>;
let clerk: ReturnType<TestShop['as']>;
let supplier: any;

beforeAll(async () => {
  ({ lc, db } = await startApiCloud());
  shop = await createTestShop(lc, 'purchasing');
  owner = shop.as(shop.owner);
  manager = shop.as(shop.manager);
  clerk = shop.as(shop.clerk);
  supplier = await owner('suppliers.save', { name: '城东批发部' });
});
afterAll(() => lc.stop());

const newProduct = (fields: Record<string, unknown> = {}) =>
  owner('products.create', { name: `商品${rid().slice(-6)}`, baseUnit: '瓶', purchaseUnit: { name: '箱', factor: 24 }, purchasePriceFen: 100, salePriceFen: 300, ...fields });
const onHand = async (id: string) => (await owner('products.get', { id })).product.onHand;
const approvedOrder = async (lines: Record<string, unknown>[], extra: Record<string, unknown> = {}) => {
  const o = await owner('purchase.create', { requestId: rid(), supplierId: supplier._id, lines, ...extra });
  return owner('purchase.submit', { id: o._id, requestId: rid() });
};

test('an order is numbered per day, priced per purchase unit, and walks draft → approved → partially received → received', async () => {
  const p = await newProduct();
  const requestId = rid();
  const draft = await manager('purchase.create', { requestId, supplierId: supplier._id, lines: [{ productId: p._id, qty: 2 }] });
  expect(draft.no).toMatch(/^CG\d{8}-\d{3}$/);
  expect(draft).toMatchObject({ status: 'draft', statusLabel: '草稿', totalFen: 4800 });
  expect(draft.lines[0]).toMatchObject({ unit: '箱', factor: 24, qty: 2, baseQty: 48, unitPriceFen: 2400, receivedBaseQty: 0 });
  expect(draft.chatText).toBe(`城东批发部，您好，我想订货（${draft.no}）：\n1. ${p.name} 2箱`);
  // A retried create is the same order, not a second one.
  expect((await manager('purchase.create', { requestId, supplierId: supplier._id, lines: [{ productId: p._id, qty: 2 }] }))._id).toBe(draft._id);
  expect((await manager('purchase.create', { requestId: rid(), supplierId: supplier._id, lines: [{ productId: p._id, qty: 1 }] })).no).not.toBe(draft.no);
  // Clerks neither create orders nor see prices.
  expect((await apiError(clerk('purchase.create', { requestId: rid(), supplierId: supplier._id, lines: [{ productId: p._id, qty: 1 }] }))).code).toBe('E_FORBIDDEN');

  await owner('shops.updateSettings', { settings: { purchaseApprovalAboveFen: 1000 } });
  try {
    const submitted = await manager('purchase.submit', { id: draft._id, requestId: rid() });
    expect(submitted).toMatchObject({ status: 'submitted', needsApproval: true, approvedAt: null });
    expect((await apiError(manager('purchase.approve', { id: draft._id, requestId: rid() }))).code).toBe('E_FORBIDDEN');
    const stepId = rid();
    const approved = await owner('purchase.approve', { id: draft._id, requestId: stepId });
    expect(approved.status).toBe('approved');
    expect((await owner('purchase.approve', { id: draft._id, requestId: stepId })).history.length).toBe(approved.history.length); // idempotent
    expect((await apiError(owner('purchase.approve', { id: draft._id, requestId: rid() }))).message).toContain('已审批，不能审批');
  } finally {
    await owner('shops.updateSettings', { settings: { purchaseApprovalAboveFen: null } });
  }

  const first = await clerk('purchase.receive', { requestId: rid(), orderId: draft._id, lines: [{ productId: p._id, qty: 30, unit: '瓶' }] });
  expect(first.order).toMatchObject({ status: 'partially_received' });
  expect(first.order.lines[0]).toMatchObject({ receivedBaseQty: 30, receivedQtyText: '1箱 6瓶' });
  expect(first.order.lines[0]).not.toHaveProperty('unitPriceFen');
  expect(first.posting.lines[0]).not.toHaveProperty('unitCost');
  const over = await apiError(clerk('purchase.receive', { requestId: rid(), orderId: draft._id, lines: [{ productId: p._id, qty: 1, unit: '箱' }] }));
  expect(over.message).toContain('最多还能收 18瓶');
  const last = await clerk('purchase.receive', { requestId: rid(), orderId: draft._id, lines: [{ lineId: 'L1', qty: 18, unit: '瓶' }] });
  expect(last.order.status).toBe('received');
  expect(await onHand(p._id)).toBe(48);
  const detail = await owner('purchase.get', { id: draft._id });
  expect(detail.receipts.map((r: any) => r.lines[0].unitCost)).toEqual(['100', '100']); // at the order's price: 2400 / 24
  expect(detail.order.history.map((h: any) => h.label)).toEqual(['创建', '提交', '审批', '收货', '收货']);
  expect((await apiError(owner('purchase.cancel', { id: draft._id, requestId: rid() }))).code).toBe('E_INVALID_STATE');
});

test('ten concurrent receipts of the last 40 units receive 40 once', async () => {
  const p = await newProduct({ purchaseUnit: null });
  const order = await approvedOrder([{ productId: p._id, qty: 40 }]);
  const results = await Promise.all(Array.from({ length: 10 }, () => callApi(lc, shop.clerk, 'purchase.receive', { requestId: rid(), orderId: order._id, lines: [{ productId: p._id, qty: 40 }] })));
  expect(results.filter((r) => r.ok)).toHaveLength(1);
  // The others are told the order is already received in full (or that nothing more may come).
  expect(results.filter((r) => !r.ok).every((r) => ['E_INVALID_STATE', 'E_VALIDATION'].includes(r.error.code))).toBe(true);
  expect(await onHand(p._id)).toBe(40);
  expect((await owner('purchase.get', { id: order._id })).order.lines[0].receivedBaseQty).toBe(40);
});

test('the owner\'s tolerance allows a little more than ordered; close ends what will not come; a reversed receipt reopens the order', async () => {
  const p = await newProduct({ purchaseUnit: null });
  const order = await approvedOrder([{ productId: p._id, qty: 100 }]);
  await owner('shops.updateSettings', { settings: { receiveTolerancePct: 5 } });
  try {
    expect((await apiError(owner('purchase.receive', { requestId: rid(), orderId: order._id, lines: [{ productId: p._id, qty: 106 }] }))).code).toBe('E_VALIDATION');
    await owner('purchase.receive', { requestId: rid(), orderId: order._id, lines: [{ productId: p._id, qty: 105 }] });
  } finally {
    await owner('shops.updateSettings', { settings: { receiveTolerancePct: 0 } });
  }
  const o2 = await approvedOrder([{ productId: p._id, qty: 10 }]);
  const r = await owner('purchase.receive', { requestId: rid(), orderId: o2._id, lines: [{ productId: p._id, qty: 4 }] });
  expect((await apiError(owner('purchase.cancel', { id: o2._id, requestId: rid() }))).message).toBe('采购单部分到货，不能取消');
  await owner('stock.reverse', { postingId: r.posting._id });
  const reopened = (await owner('purchase.get', { id: o2._id })).order;
  expect(reopened).toMatchObject({ status: 'approved' });
  expect(reopened.lines[0].receivedBaseQty).toBe(0);
  await owner('purchase.receive', { requestId: rid(), orderId: o2._id, lines: [{ productId: p._id, qty: 6 }] });
  expect((await owner('purchase.close', { id: o2._id, requestId: rid(), note: '厂家断货' })).status).toBe('closed');
  expect((await apiError(owner('purchase.receive', { requestId: rid(), orderId: o2._id, lines: [{ productId: p._id, qty: 1 }] }))).message).toContain('已关闭');
  expect((await owner('stock.reconcile')).differences).toEqual([]);
});

test('purchase returns: at the cost the goods came in, batch-aware, never more than received; payables = receipts − returns − payments', async () => {
  const other = await owner('suppliers.save', { name: `对账供应商${rid().slice(-4)}` });
  const milk = await newProduct({ batchTracked: true, purchaseUnit: null });
  const o = await owner('purchase.create', { requestId: rid(), supplierId: other._id, lines: [{ productId: milk._id, qty: 10, unitPriceFen: 200 }] });
  await owner('purchase.submit', { id: o._id, requestId: rid() });
  const day = (d: number) => new Date(Date.now() + 8 * 3600_000 + d * 86400_000).toISOString().slice(0, 10);
  const receipt = (
    await owner('purchase.receive', {
      requestId: rid(),
      orderId: o._id,
      lines: [
        { productId: milk._id, qty: 6, batchNo: 'M1', expiryDate: day(20) },
        { productId: milk._id, qty: 4, batchNo: 'M2', expiryDate: day(40) },
      ],
    })
  ).posting;
  expect((await owner('purchase.payables')).find((r: any) => r.supplierId === other._id).payableFen).toBe(2000);
  // A quick receipt from the same supplier at another cost moves the average; returns still leave at 200.
  await owner('stock.receive', { requestId: rid(), supplierId: other._id, lines: [{ productId: milk._id, qty: 10, unitCostFen: 500, batchNo: 'M3', expiryDate: day(60) }] });
  const ret = await owner('purchase.return', { requestId: rid(), receiptId: receipt._id, lines: [{ productId: milk._id, qty: 3, batchNo: 'M2' }] });
  expect(ret.lines.map((l: any) => [l.batchNo, l.qty, l.unitCost])).toEqual([['M2', -3, '200']]);
  // The order's page shows the return made from its receipt, and what receiving needs of each product.
  const detail = await owner('purchase.get', { id: o._id });
  expect(detail.returns.map((r: any) => r._id)).toEqual([ret._id]);
  expect(detail.order.lines[0]).toMatchObject({ batchTracked: true, barcodes: [] });
  expect((await apiError(owner('purchase.return', { requestId: rid(), receiptId: receipt._id, lines: [{ productId: milk._id, qty: 2, batchNo: 'M2' }] }))).message).toContain('最多还能退 1');
  // Free returns: at the latest receipt's cost, never beyond all that came from this supplier (20 − 3).
  expect((await apiError(owner('purchase.return', { requestId: rid(), supplierId: other._id, lines: [{ productId: milk._id, qty: 18 }] }))).message).toContain('最多还能退 17');
  expect((await apiError(owner('purchase.return', { requestId: rid(), supplierId: supplier._id, lines: [{ productId: milk._id, qty: 1 }] }))).message).toContain('没有从「城东批发部」进过');
  const free = await owner('purchase.return', { requestId: rid(), supplierId: other._id, lines: [{ productId: milk._id, qty: 2, batchNo: 'M3' }] });
  expect(free.lines[0]).toMatchObject({ batchNo: 'M3', qty: -2, unitCost: '500' });
  // owed: 2000 + 5000 − 600 − 1000
  await owner('purchase.pay', { requestId: rid(), supplierId: other._id, amountFen: 1500, method: 'bank', note: '转账' });
  const payable = (await owner('purchase.payables')).find((r: any) => r.supplierId === other._id).payableFen;
  expect(payable).toBe(2000 + 5000 - 600 - 1000 - 1500);
  const today = day(0);
  const statement = await owner('purchase.statement', { supplierId: other._id, from: today, to: today });
  expect(statement.entries.map((e: any) => [e.kind, e.amountFen])).toEqual([
    ['receipt', 2000],
    ['receipt', 5000],
    ['return', -600],
    ['return', -1000],
    ['payment', -1500],
  ]);
  expect([statement.openingFen, statement.closingFen]).toEqual([0, payable]);
  expect((await apiError(clerk('purchase.payables'))).code).toBe('E_FORBIDDEN');
  expect((await owner('stock.reconcile')).differences).toEqual([]);
});

test('on order: tomorrow\'s suggestions leave out what is ordered; suggestions become one draft per supplier; learned lead times', async () => {
  const fresh = await createTestShop(lc, 'purchasing-nightly');
  const o = fresh.as(fresh.owner);
  const sup = await o('suppliers.save', { name: '饮料批发' });
  const cola = await o('products.create', { name: '可乐', baseUnit: '罐', purchaseUnit: { name: '箱', factor: 24 }, purchasePriceFen: 150, minStock: 48, preferredSupplierId: sup._id, leadTimeDays: 2 });
  const loose = await o('products.create', { name: '散装糖', minStock: 10 });
  const run = async () => {
    for (let i = 0; i < 10; i++) if ((await o('replenishment.recompute')).done) return;
  };
  const suggested = async () => (await o('replenishment.suggestions')).groups.flatMap((g: any) => g.items.map((x: any) => x.productId));
  await run();
  expect(await suggested()).toEqual(expect.arrayContaining([cola._id, loose._id]));
  const made = await o('purchase.fromSuggestions', { requestId: rid() });
  expect(made.missingSupplier.map((m: any) => m.productName)).toEqual(['散装糖']);
  expect(made.orders).toHaveLength(1);
  expect(made.orders[0]).toMatchObject({ supplierId: sup._id, status: 'draft' });
  expect(made.orders[0].lines[0]).toMatchObject({ productId: cola._id, unit: '箱' });
  // Drafts are not on order; approved ones are.
  await run();
  expect(await suggested()).toContain(cola._id);
  await o('purchase.submit', { id: made.orders[0]._id, requestId: rid() });
  await o('replenishment.recompute'); // same day: forced by recompute
  await run();
  const after = await suggested();
  expect(after).not.toContain(cola._id);
  expect(after).toContain(loose._id);
  const record = (await db.collection('replenishment').where({ _id: `${fresh.shopId}_${cola._id}` }).get()).data[0];
  expect(record.reason).toContain('在途');

  // Three receipts against orders teach the lead time.
  for (let i = 0; i < 3; i++) {
    const ord = await o('purchase.create', { requestId: rid(), supplierId: sup._id, lines: [{ productId: cola._id, qty: 1 }] });
    await o('purchase.submit', { id: ord._id, requestId: rid() });
    await o('purchase.receive', { requestId: rid(), orderId: ord._id, lines: [{ productId: cola._id, qty: 1 }] });
  }
  await run();
  const learned = (await db.collection('replenishment').where({ _id: `${fresh.shopId}_${cola._id}` }).get()).data[0];
  expect(learned.leadTimeDays).toBe(1); // typed 2 days; three same-day receipts measured 0 → at least 1
});

test('another shop\'s orders, receipts and suppliers are out of reach', async () => {
  const p = await newProduct();
  const order = await approvedOrder([{ productId: p._id, qty: 1 }]);
  const thief = await createTestShop(lc, 'purchasing-thief');
  const t = thief.as(thief.owner);
  expect((await apiError(t('purchase.get', { id: order._id }))).code).toBe('E_NOT_FOUND');
  expect((await apiError(t('purchase.receive', { requestId: rid(), orderId: order._id, lines: [{ productId: p._id, qty: 1 }] }))).code).toBe('E_NOT_FOUND');
  expect((await apiError(t('purchase.pay', { requestId: rid(), supplierId: supplier._id, amountFen: 100 }))).code).toBe('E_NOT_FOUND');
  expect((await t('purchase.list', {})).items).toEqual([]);
});

test('a supplier\'s scorecard: on-time and fill rates, lead time and last prices from the shop\'s own orders', async () => {
  const s = await owner('suppliers.save', { name: `评分供应商${rid().slice(-4)}` });
  const p = await newProduct({ purchaseUnit: null });
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() + 8 * 3600_000 - 86400_000).toISOString().slice(0, 10);
  const order = async (qty: number, expectedDate: string, unitPriceFen: number) => {
    const o = await owner('purchase.create', { requestId: rid(), supplierId: s._id, lines: [{ productId: p._id, qty, unitPriceFen, expectedDate }] });
    return owner('purchase.submit', { id: o._id, requestId: rid() });
  };
  const onTime = await order(10, today, 100);
  await owner('purchase.receive', { requestId: rid(), orderId: onTime._id, lines: [{ productId: p._id, qty: 10 }] });
  const late = await order(10, yesterday, 120);
  await owner('purchase.receive', { requestId: rid(), orderId: late._id, lines: [{ productId: p._id, qty: 5 }] });
  await owner('purchase.close', { id: late._id, requestId: rid() });
  await order(4, today, 130); // open, nothing received
  const detail = await owner('suppliers.detail', { id: s._id });
  expect(detail.scorecard).toMatchObject({
    onTimeRate: 0.5, // one receipt by its date, one a day late
    datedReceiptLines: 2,
    fillRate: 0.75, // 15 of 20 over the two finished orders
    finishedOrders: 2,
    leadTimeDays: { mean: 0, sigma: 0, receipts: 2 },
  });
  expect(detail.scorecard.lastPrices).toEqual([expect.objectContaining({ productId: p._id, unitCost: '120' })]);
  expect(detail.payableFen).toBe(1000 + 600);
  expect(detail.openOrders.map((o: any) => o.status)).toEqual(['approved']);
  expect(detail.recentOrders).toHaveLength(3);
  expect((await apiError(clerk('suppliers.detail', { id: s._id }))).code).toBe('E_FORBIDDEN');
});

test('a supplier update changes only what is sent; an archived supplier takes no new orders', async () => {
  const s = await owner('suppliers.save', { name: '南门粮油', contact: '周姐', phone: '13912345678', wechatId: 'zhoujie88', leadTimeDays: 5, paymentTerms: '月结30天' });
  expect(s).toMatchObject({ contact: '周姐', leadTimeDays: 5, paymentTerms: '月结30天', archived: false, address: '' });
  const archived = await owner('suppliers.save', { id: s._id, name: '南门粮油', archived: true });
  expect(archived).toMatchObject({ contact: '周姐', phone: '13912345678', wechatId: 'zhoujie88', leadTimeDays: 5, paymentTerms: '月结30天', archived: true });
  const p = await newProduct();
  const err = await apiError(owner('purchase.create', { requestId: rid(), supplierId: s._id, lines: [{ productId: p._id, qty: 1 }] }));
  expect([err.code, err.message]).toEqual(['E_INVALID_STATE', '供应商「南门粮油」已停用，请先启用或换一个供应商']);
});

describe('review findings', () => {
  test('a receipt cannot be reversed while its goods are returned to the supplier (payable never negative)', async () => {
    const s = await owner('suppliers.save', { name: `冲销供应商${rid().slice(-4)}` });
    const p = await newProduct({ purchaseUnit: null });
    await owner('stock.receive', { requestId: rid(), lines: [{ productId: p._id, qty: 10, unitCostFen: 100 }] }); // the shop's own stock
    const receipt = await owner('stock.receive', { requestId: rid(), supplierId: s._id, lines: [{ productId: p._id, qty: 10, unitCostFen: 100 }] });
    const ret = await owner('purchase.return', { requestId: rid(), supplierId: s._id, lines: [{ productId: p._id, qty: 10 }] });
    const err = await apiError(owner('stock.reverse', { postingId: receipt._id }));
    expect([err.code, err.message]).toEqual(['E_INVALID_STATE', expect.stringContaining('请先冲销退货单')]);
    await owner('stock.reverse', { postingId: ret._id });
    await owner('stock.reverse', { postingId: receipt._id });
    expect((await owner('purchase.payables')).find((r: any) => r.supplierId === s._id).payableFen).toBe(0);
    expect(await onHand(p._id)).toBe(10);
  });

  test('a receipt without a supplier says plainly it cannot be returned against', async () => {
    const p = await newProduct({ purchaseUnit: null });
    const receipt = await owner('stock.receive', { requestId: rid(), lines: [{ productId: p._id, qty: 2, unitCostFen: 100 }] });
    const err = await apiError(owner('purchase.return', { requestId: rid(), receiptId: receipt._id, lines: [{ productId: p._id, qty: 1 }] }));
    expect(err.message).toBe('这张入库单没有记录供应商，不能按单退货：请选择供应商退货，或用库存调整');
  });

  test('order lines need a price; threshold 0 sends every manager order to the owner; a reused id with another body is refused', async () => {
    const unpriced = await owner('products.create', { name: `无进价${rid().slice(-4)}` });
    expect((await apiError(manager('purchase.create', { requestId: rid(), supplierId: supplier._id, lines: [{ productId: unpriced._id, qty: 1 }] }))).message).toContain('没有参考进价，请填写进价');
    await owner('shops.updateSettings', { settings: { purchaseApprovalAboveFen: 0 } });
    try {
      const o = await manager('purchase.create', { requestId: rid(), supplierId: supplier._id, lines: [{ productId: unpriced._id, qty: 1, unitPriceFen: 0 }] });
      expect((await manager('purchase.submit', { id: o._id, requestId: rid() })).status).toBe('submitted');
    } finally {
      await owner('shops.updateSettings', { settings: { purchaseApprovalAboveFen: null } });
    }
    const requestId = rid();
    await manager('purchase.create', { requestId, supplierId: supplier._id, lines: [{ productId: unpriced._id, qty: 1, unitPriceFen: 100 }] });
    expect((await apiError(manager('purchase.create', { requestId, supplierId: supplier._id, lines: [{ productId: unpriced._id, qty: 2, unitPriceFen: 100 }] }))).code).toBe('E_DUPLICATE');
  });
});
