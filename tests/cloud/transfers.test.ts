// Transfers through the real api function: one step moves quantity, cost and batches (expiry
// kept, FEFO never takes an expired batch) in one posting; two steps leave the goods in transit
// between shipping and receiving, and a shortfall is reported with its value; short stock changes
// nothing; every step is idempotent by request id; clerks see no cost; transfer postings cannot be
// reversed; the books reconcile at the end.
import { LocalCloud } from '../../localcloud';
import { apiError, createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';

let lc: LocalCloud;
let shop: TestShop;
let owner: ReturnType<TestShop['as']>;
let manager: ReturnType<TestShop['as']>;
let clerk: ReturnType<TestShop['as']>;
let back: string;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'transfers');
  owner = shop.as(shop.owner);
  manager = shop.as(shop.manager);
  clerk = shop.as(shop.clerk);
  back = (await owner('warehouses.save', { name: '后仓' })).id;
});
afterAll(() => lc.stop());

const day = (d: number) => new Date(Date.now() + 8 * 3600_000 + d * 86400_000).toISOString().slice(0, 10);
const newProduct = (fields: Record<string, unknown> = {}) => owner('products.create', { name: `商品${rid().slice(-6)}`, baseUnit: '瓶', purchasePriceFen: 100, salePriceFen: 300, ...fields });
const receive = (productId: string, warehouseId: string, qty: number, unitCostFen: number, batch: Record<string, unknown> = {}) =>
  owner('stock.receive', { requestId: rid(), warehouseId, confirmExpired: true, lines: [{ productId, qty, unitCostFen, ...batch }] });
const balance = async (productId: string, warehouseId: string) => (await owner('stock.balances', { productId, warehouseId })).items[0] ?? { qty: 0, batches: [] };
const batches = async (productId: string, warehouseId: string) =>
  ((await balance(productId, warehouseId)).batches as any[]).map((b) => ({ batchNo: b.batchNo, expiryDate: b.expiryDate, qty: b.qty })).sort((a, b) => a.batchNo.localeCompare(b.batchNo));

test('one step: quantity, cost and batches move together; the destination averages in the moved cost; FEFO skips expired batches; a retry posts once', async () => {
  const cola = await newProduct();
  await receive(cola._id, 'main', 10, 100);
  await receive(cola._id, back, 10, 300);
  const milk = await newProduct({ batchTracked: true });
  await receive(milk._id, 'main', 3, 150, { batchNo: 'E0', expiryDate: day(-2) }); // expired
  await receive(milk._id, 'main', 4, 200, { batchNo: 'M1', expiryDate: day(30) });
  await receive(milk._id, 'main', 6, 200, { batchNo: 'M2', expiryDate: day(60) });

  const requestId = rid();
  const input = { requestId, fromWarehouseId: 'main', toWarehouseId: back, post: true, lines: [{ productId: cola._id, qty: 5 }, { productId: milk._id, qty: 7 }] };
  const t = await clerk('transfer.create', input);
  expect(t.no).toMatch(/^DB\d{8}-\d{3}$/);
  expect(t).toMatchObject({ status: 'completed', statusLabel: '已完成', mode: 'one_step', fromWarehouseName: '默认仓库', toWarehouseName: '后仓' });
  expect(t.history.map((h: any) => h.label)).toEqual(['创建', '调拨']);
  // What left, per batch, as the posting recorded it: the expired batch stayed.
  expect(t.lines[1].shipped.map((b: any) => [b.batchNo, b.expiryDate, b.qty, b.receivedQty])).toEqual([
    ['M1', day(30), 4, 4],
    ['M2', day(60), 3, 3],
  ]);
  expect(t.lines[1].shipped[0]).not.toHaveProperty('unitCost'); // a clerk's answer

  expect(await balance(cola._id, 'main')).toMatchObject({ qty: 5, unitCost: '100' });
  // 10 at ¥3.00 + 5 at ¥1.00 → 15 at 233.333333 fen
  expect(await balance(cola._id, back)).toMatchObject({ qty: 15, unitCost: '233.333333' });
  expect(await batches(milk._id, 'main')).toEqual([
    { batchNo: 'E0', expiryDate: day(-2), qty: 3 },
    { batchNo: 'M2', expiryDate: day(60), qty: 3 },
  ]);
  expect(await batches(milk._id, back)).toEqual([
    { batchNo: 'M1', expiryDate: day(30), qty: 4 },
    { batchNo: 'M2', expiryDate: day(60), qty: 3 },
  ]);
  // Cost is one moving average per warehouse: the batches left at the source's (3 × 150 + 10 × 200) / 13.
  expect((await balance(milk._id, back)).unitCost).toBe('188.461539');
  expect((await balance(milk._id, 'main')).unitCost).toBe('188.461539');

  // The same tap again: the same transfer, nothing moves twice; the same id with another body is refused.
  const again = await clerk('transfer.create', input);
  expect(again._id).toBe(t._id);
  expect((await balance(cola._id, back)).qty).toBe(15);
  expect((await apiError(clerk('transfer.create', { ...input, lines: [{ productId: cola._id, qty: 1 }] }))).code).toBe('E_DUPLICATE');

  // The owner sees the cost each batch moved at; the detail lists the one posting.
  const detail = await owner('transfer.get', { id: t._id });
  expect(detail.transfer.lines[0].shipped).toEqual([{ batchNo: null, expiryDate: null, qty: 5, receivedQty: 5, unitCost: '100' }]);
  expect(detail.postings.map((p: any) => p.type)).toEqual(['transfer']);
  expect(detail.postings[0].source).toMatchObject({ kind: 'transfer', id: t._id, no: t.no });

  // A draft posted later does the same; posting it twice with another request is refused by its status.
  const draft = await owner('transfer.create', { requestId: rid(), fromWarehouseId: back, toWarehouseId: 'main', lines: [{ productId: cola._id, qty: 15 }] });
  expect(draft).toMatchObject({ status: 'draft', actions: ['edit', 'post', 'cancel'] });
  const stepId = rid();
  const posted = await manager('transfer.post', { id: draft._id, requestId: stepId });
  expect(posted.transfer.status).toBe('completed');
  expect((await manager('transfer.post', { id: draft._id, requestId: stepId })).posting.replayed).toBe(true);
  expect((await apiError(manager('transfer.post', { id: draft._id, requestId: rid() }))).message).toBe('调拨单已完成，不能调拨');
  // 5 at 100 + 15 at 233.333333: back in the source at the cost it left with
  expect(await balance(cola._id, 'main')).toMatchObject({ qty: 20, unitCost: '200' });
});

test('short stock is refused and changes nothing: no transfer, no number, no movement', async () => {
  const p = await newProduct();
  await receive(p._id, 'main', 4, 100);
  const requestId = rid();
  const short = await apiError(clerk('transfer.create', { requestId, fromWarehouseId: 'main', toWarehouseId: back, post: true, lines: [{ productId: p._id, qty: 5 }] }));
  expect(short.code).toBe('E_INSUFFICIENT_STOCK');
  expect(short.message).toContain('现有 4瓶，需要 5瓶');
  expect((await balance(p._id, 'main')).qty).toBe(4);
  expect((await balance(p._id, back)).qty).toBe(0);
  expect((await apiError(owner('transfer.get', { id: `${shop.shopId}_${requestId}` }))).code).toBe('E_NOT_FOUND');
  // Warehouses must differ and be the shop's.
  expect((await apiError(clerk('transfer.create', { requestId: rid(), fromWarehouseId: 'main', toWarehouseId: 'main', lines: [{ productId: p._id, qty: 1 }] }))).message).toContain('调出和调入不能是同一个仓库');
  expect((await apiError(clerk('transfer.create', { requestId: rid(), fromWarehouseId: 'main', toWarehouseId: 'nowhere', lines: [{ productId: p._id, qty: 1 }] }))).code).toBe('E_NOT_FOUND');
  // A draft that cannot ship stays a draft.
  const draft = await clerk('transfer.create', { requestId: rid(), fromWarehouseId: 'main', toWarehouseId: back, mode: 'two_step', lines: [{ productId: p._id, qty: 9 }] });
  expect((await apiError(clerk('transfer.ship', { id: draft._id, requestId: rid() }))).code).toBe('E_INSUFFICIENT_STOCK');
  expect((await owner('transfer.get', { id: draft._id })).transfer.status).toBe('draft');
  expect((await balance(p._id, 'main')).qty).toBe(4);
});

test('two steps: shipped goods are in transit (out of the source, not yet in the destination); a short receipt reports the difference and its value', async () => {
  const p = await newProduct({ name: `在途可乐${rid().slice(-4)}`, purchaseUnit: { name: '箱', factor: 6 } });
  const egg = await newProduct({ batchTracked: true });
  await receive(p._id, 'main', 12, 120);
  await receive(egg._id, 'main', 5, 80, { batchNo: 'A1', expiryDate: day(10) });
  await receive(egg._id, 'main', 5, 90, { batchNo: 'A2', expiryDate: day(20) });

  const t = await clerk('transfer.create', { requestId: rid(), fromWarehouseId: 'main', toWarehouseId: back, mode: 'two_step', note: '补后仓', lines: [{ productId: p._id, unit: '箱', qty: 1 }, { productId: egg._id, qty: 8 }] });
  expect(t).toMatchObject({ status: 'draft', actions: ['edit', 'ship'] }); // a clerk does not cancel
  expect((await apiError(clerk('transfer.post', { id: t._id, requestId: rid() }))).message).toContain('请先发货');
  const shipId = rid();
  const shipped = await clerk('transfer.ship', { id: t._id, requestId: shipId });
  expect(shipped.transfer).toMatchObject({ status: 'in_transit', statusLabel: '在途' });
  expect(shipped.transfer.shippedAt).toBeTruthy();
  expect(shipped.transfer.lines.map((l: any) => l.shippedBaseQty)).toEqual([6, 8]);
  expect(shipped.posting.lines.every((l: any) => l.qty < 0 && !('unitCost' in l))).toBe(true);
  // Retried shipping: the same posting, nothing leaves twice; another body with that id is refused.
  expect((await clerk('transfer.ship', { id: t._id, requestId: shipId })).posting.replayed).toBe(true);
  expect((await apiError(clerk('transfer.ship', { id: t._id, requestId: shipId, note: '别的' }))).code).toBe('E_DUPLICATE');

  // In transit: gone from the source, not yet in the destination.
  expect((await balance(p._id, 'main')).qty).toBe(6);
  expect((await balance(p._id, back)).qty).toBe(0);
  expect(await batches(egg._id, 'main')).toEqual([{ batchNo: 'A2', expiryDate: day(20), qty: 2 }]);
  expect((await balance(egg._id, back)).qty).toBe(0);
  const inTransit = await clerk('transfer.list', { status: 'in_transit' });
  expect(inTransit.items.find((r: any) => r._id === t._id)).toMatchObject({ no: t.no, statusLabel: '在途', lineCount: 2, baseQty: 14, fromWarehouseName: '默认仓库', toWarehouseName: '后仓' });
  expect((await clerk('transfer.list', { keyword: p.name })).items.map((r: any) => r._id)).toEqual([t._id]);
  expect((await clerk('transfer.get', { id: t._id })).transfer.actions).toEqual(['receive']);
  // Goods on their way in: the destination cannot be archived until they are received.
  const archive = await apiError(owner('warehouses.save', { id: back, name: '后仓', archived: true }));
  expect([archive.code, archive.message]).toEqual(['E_INVALID_STATE', `调拨单 ${t.no} 的货正在运往这个仓库：请先收货后再停用`]);

  // Received: 4 of the 6 colas, the eggs in full (A1 5 at 80, A2 3 at 90, expiry kept).
  const lineOf = (name: string) => shipped.transfer.lines.find((l: any) => l.productId === name).lineId;
  expect((await apiError(clerk('transfer.receive', { id: t._id, requestId: rid(), lines: [{ lineId: lineOf(p._id), receivedQty: 7 }] }))).message).toContain('收到的不能更多');
  const receiveId = rid();
  const receiveInput = { id: t._id, requestId: receiveId, lines: [{ lineId: lineOf(p._id), receivedQty: 4 }] };
  const received = await clerk('transfer.receive', receiveInput);
  expect(received.transfer).toMatchObject({ status: 'received' });
  expect(received.transfer).not.toHaveProperty('differenceCostFen');
  expect(received.transfer.lines.map((l: any) => [l.receivedBaseQty, l.differenceBaseQty])).toEqual([[4, 2], [8, 0]]);
  expect((await clerk('transfer.receive', receiveInput)).posting.replayed).toBe(true);
  expect((await apiError(clerk('transfer.receive', { ...receiveInput, lines: [] }))).code).toBe('E_DUPLICATE');
  expect((await apiError(clerk('transfer.receive', { id: t._id, requestId: rid() }))).message).toBe('调拨单已收货，不能收货');

  expect(await balance(p._id, back)).toMatchObject({ qty: 4, unitCost: '120' });
  expect(await batches(egg._id, back)).toEqual([
    { batchNo: 'A1', expiryDate: day(10), qty: 5 },
    { batchNo: 'A2', expiryDate: day(20), qty: 3 },
  ]);
  // at the source's moving average when they left: (5 × 80 + 5 × 90) / 10
  expect((await balance(egg._id, back)).unitCost).toBe('85');
  const seen = await owner('transfer.get', { id: t._id });
  // 2 colas at 120 fen did not arrive: a loss in transit of ¥2.40
  expect(seen.transfer.differenceCostFen).toBe(240);
  expect(seen.transfer.history.map((h: any) => h.label)).toEqual(['创建', '发货', '收货']);
  expect(seen.postings.map((x: any) => x.type)).toEqual(['transfer_out', 'transfer_in']);
  expect((await owner('transfer.list', { status: 'done' })).items.find((r: any) => r._id === t._id)).toMatchObject({ differenceBaseQty: 2 });

  // Created and shipped in one tap; nothing arrived at all: no goods move, the whole shipment is the difference.
  const lost = await clerk('transfer.create', { requestId: rid(), fromWarehouseId: 'main', toWarehouseId: back, mode: 'two_step', post: true, lines: [{ productId: p._id, qty: 1 }] });
  expect(lost).toMatchObject({ status: 'in_transit', actions: ['receive'] });
  expect(lost.history.map((h: any) => h.label)).toEqual(['创建', '发货']);
  expect((await balance(p._id, 'main')).qty).toBe(5);
  const none = await clerk('transfer.receive', { id: lost._id, requestId: rid(), lines: [{ lineId: lost.lines[0].lineId, receivedQty: 0 }] });
  expect(none).toMatchObject({ posting: null, transfer: { status: 'received' } });
  expect(none.transfer.lines[0].differenceBaseQty).toBe(1);
  expect((await balance(p._id, back)).qty).toBe(4);
});

test('drafts: edited by anyone, cancelled only by owner or manager, and a cancelled transfer moves nothing', async () => {
  const p = await newProduct();
  await receive(p._id, 'main', 5, 100);
  const t = await clerk('transfer.create', { requestId: rid(), fromWarehouseId: 'main', toWarehouseId: back, lines: [{ productId: p._id, qty: 1 }] });
  const edited = await clerk('transfer.update', { id: t._id, fromWarehouseId: 'main', toWarehouseId: back, mode: 'two_step', lines: [{ productId: p._id, qty: 2 }] });
  expect(edited).toMatchObject({ mode: 'two_step', no: t.no });
  expect(edited.lines[0].baseQty).toBe(2);
  expect((await apiError(clerk('transfer.update', { id: t._id, fromWarehouseId: 'main', toWarehouseId: back, lines: [{ productId: p._id, qty: 1 }, { productId: p._id, qty: 1 }] }))).message).toContain('已在单中');
  expect((await apiError(clerk('transfer.cancel', { id: t._id, requestId: rid() }))).code).toBe('E_FORBIDDEN');
  expect((await manager('transfer.cancel', { id: t._id, requestId: rid() })).status).toBe('cancelled');
  expect((await apiError(clerk('transfer.ship', { id: t._id, requestId: rid() }))).message).toBe('调拨单已取消，不能发货');
  expect((await apiError(clerk('transfer.update', { id: t._id, fromWarehouseId: 'main', toWarehouseId: back, lines: [{ productId: p._id, qty: 1 }] }))).code).toBe('E_INVALID_STATE');
  expect((await balance(p._id, 'main')).qty).toBe(5);
  // Another shop's member finds nothing.
  const stranger = await createTestShop(lc, 'transfers-other');
  expect((await apiError(stranger.as(stranger.owner)('transfer.get', { id: t._id }))).code).toBe('E_NOT_FOUND');
});

test('transfer postings are not reversed (a transfer back is), and the books reconcile after all of it', async () => {
  const p = await newProduct();
  await receive(p._id, 'main', 5, 100);
  const one = await owner('transfer.create', { requestId: rid(), fromWarehouseId: 'main', toWarehouseId: back, post: true, lines: [{ productId: p._id, qty: 2 }] });
  const two = await owner('transfer.create', { requestId: rid(), fromWarehouseId: 'main', toWarehouseId: back, mode: 'two_step', lines: [{ productId: p._id, qty: 1 }] });
  await owner('transfer.ship', { id: two._id, requestId: rid() });
  await owner('transfer.receive', { id: two._id, requestId: rid() });
  const postings = [...(await owner('transfer.get', { id: one._id })).postings, ...(await owner('transfer.get', { id: two._id })).postings];
  expect(postings.map((x: any) => x.type)).toEqual(['transfer', 'transfer_out', 'transfer_in']);
  for (const x of postings) {
    const refused = await apiError(owner('stock.reverse', { postingId: x._id }));
    expect(refused.code).toBe('E_INVALID_STATE');
    expect(refused.message).toContain('反向调拨');
  }
  expect((await balance(p._id, back)).qty).toBe(3);
  const reconcile = await owner('stock.reconcile');
  expect(reconcile.differences).toEqual([]);
  expect(reconcile.postingsRead).toBeGreaterThan(10);
});
