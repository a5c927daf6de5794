// Sales orders through the real api function: the lifecycle (draft → confirmed → paid → shipped
// with a tracking number → completed), reservations that hold stock against quick sales and other
// orders (twenty confirmations for the last ten units: exactly ten), cancel and close release what
// is held, partial shipments, and credit orders within the customer's limit unless the owner
// overrides: owed = credit shipments − payments − credit returns.
import { LocalCloud } from '../../localcloud';
import { apiError, createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';

let lc: LocalCloud;
let db: any;
let shop: TestShop;
let owner: ReturnType<TestShop['as']>;
let manager: ReturnType<TestShop['as']>;
let clerk: ReturnType<TestShop['as']>;

beforeAll(async () => {
  ({ lc, db } = await startApiCloud());
  shop = await createTestShop(lc, 'salesorders');
  owner = shop.as(shop.owner);
  manager = shop.as(shop.manager);
  clerk = shop.as(shop.clerk);
});
afterAll(() => lc.stop());

const newProduct = (onHand: number, fields: Record<string, unknown> = {}) =>
  owner('products.create', { name: `商品${rid().slice(-6)}`, baseUnit: '瓶', saleUnit: { name: '箱', factor: 12 }, salePriceFen: 500, purchasePriceFen: 300, ...fields }).then(async (p: any) => {
    if (onHand) await owner('stock.receive', { requestId: rid(), lines: [{ productId: p._id, qty: onHand, unitCostFen: 300 }] });
    return p;
  });
const onHand = async (id: string) => (await owner('products.get', { id })).product.onHand;
const reservedOf = async (id: string) => (await db.collection('stock').where({ productId: id }).get()).data.reduce((s: number, b: any) => s + (b.reserved ?? 0), 0);
const owes = async (customerId: string) => (await db.collection('customers').doc(customerId).get()).data.receivableFen ?? 0;
const step = (as: typeof owner, name: string, id: string, extra: Record<string, unknown> = {}) => as(`sales.${name}`, { id, requestId: rid(), ...extra });

test('an order from a chat: confirmed (held), paid by transfer, shipped with a tracking number, completed', async () => {
  const tea = await newProduct(30);
  const cup = await newProduct(5);
  const input = {
    lines: [{ productId: tea._id, qty: 2, unit: '箱', discountFen: 200 }, { productId: cup._id, qty: 3 }],
    discountFen: 100,
    shippingFeeFen: 1000,
    address: { name: '王姐', phone: '13800138000', address: '杭州市西湖区文三路 1 号' },
    note: '微信下单',
  };
  // Clerks sell at the shop's price unless the owner allows a discount.
  expect((await apiError(clerk('sales.create', { requestId: rid(), ...input }))).code).toBe('E_PRICE_LIMIT');
  const order = await owner('sales.create', { requestId: rid(), ...input });
  expect(order.no).toMatch(/^XS\d{8}-\d{3}$/);
  // 2 箱 × 12 × 5.00 − 2.00 = 118.00; 3 × 5.00 = 15.00; order discount 1.00; shipping 10.00.
  expect(order).toMatchObject({ status: 'draft', statusLabel: '草稿', paymentStatus: 'unpaid', totalFen: 11800 + 1500 - 100 + 1000, customerName: '散客' });
  expect(order.lines.map((l: any) => [l.baseQty, l.amountFen])).toEqual([[24, 11800 - 89], [3, 1500 - 11]]);

  const confirmed = await step(clerk, 'confirm', order._id);
  expect(confirmed).toMatchObject({ status: 'confirmed', statusLabel: '待发货' });
  expect([await reservedOf(tea._id), await reservedOf(cup._id)]).toEqual([24, 3]);
  // Not paid, not on credit: nothing leaves yet.
  expect((await apiError(step(clerk, 'ship', order._id, { carrier: '顺丰', trackingNo: 'SF1234567890' }))).message).toContain('还没收齐款');
  const part = await step(clerk, 'pay', order._id, { amountFen: 10000, method: 'wechat' });
  expect(part).toMatchObject({ paymentStatus: 'partially_paid', paidFen: 10000, dueFen: order.totalFen - 10000 });
  expect((await apiError(step(clerk, 'pay', order._id, { amountFen: order.totalFen }))).message).toContain('最多还能收');
  await step(clerk, 'pay', order._id, { amountFen: order.totalFen - 10000, method: 'bank' });

  const requestId = rid();
  const shipped = await clerk('sales.ship', { id: order._id, requestId, carrier: '顺丰', trackingNo: 'SF1234567890' });
  expect(shipped.order).toMatchObject({ status: 'shipped', paymentStatus: 'paid', shippedFen: order.totalFen });
  expect(shipped.order.shipments[0]).toMatchObject({ carrier: '顺丰', trackingNo: 'SF1234567890' });
  expect(shipped.posting).toMatchObject({ type: 'sale', source: { kind: 'sales_order', no: order.no }, totals: { amountFen: order.totalFen } });
  expect([await onHand(tea._id), await onHand(cup._id), await reservedOf(tea._id), await reservedOf(cup._id)]).toEqual([6, 2, 0, 0]);
  // A retried shipment is answered, not shipped twice.
  const again = await clerk('sales.ship', { id: order._id, requestId, carrier: '顺丰', trackingNo: 'SF1234567890' });
  expect(again.posting.replayed).toBe(true);
  expect(await onHand(tea._id)).toBe(6);
  expect((await step(clerk, 'complete', order._id)).status).toBe('completed');
  // Found by tracking number and product; the shipment cannot be reversed behind the order's back.
  expect((await owner('sales.list', { keyword: 'SF1234567890' })).items.map((o: any) => o._id)).toEqual([order._id]);
  expect((await owner('sales.list', { period: 'today', status: 'completed' })).items[0]).toMatchObject({ _id: order._id, paymentStatusLabel: '已付款', shippedPct: 100 });
  expect((await apiError(owner('stock.reverse', { postingId: shipped.posting._id }))).code).toBe('E_INVALID_STATE');
  expect((await owner('stock.reconcile', {})).differences).toEqual([]);
});

test('twenty confirmations for the last ten units: exactly ten hold them; quick sales cannot take held stock', async () => {
  const p = await newProduct(10);
  const orders = [];
  for (let i = 0; i < 20; i++) orders.push(await owner('sales.create', { requestId: rid(), lines: [{ productId: p._id, qty: 1 }] }));
  const results = await Promise.all(orders.map((o) => step(clerk, 'confirm', o._id).then(() => 'ok', (e) => e.api.code)));
  expect(results.filter((r) => r === 'ok')).toHaveLength(10);
  expect(results.filter((r) => r !== 'ok').every((r) => r === 'E_INSUFFICIENT_STOCK')).toBe(true);
  expect(await reservedOf(p._id)).toBe(10);
  const refused = await apiError(clerk('stock.sell', { requestId: rid(), lines: [{ productId: p._id, qty: 1 }] }));
  expect(refused).toMatchObject({ code: 'E_INSUFFICIENT_STOCK', message: expect.stringContaining('已被订单预留') });
  expect(refused.details[0]).toMatchObject({ available: 0, requested: 1, reserved: 10 });
  // Cancelling a confirmed order releases its unit: the quick sale goes through.
  const held = orders.filter((_, i) => results[i] === 'ok');
  expect((await step(manager, 'cancel', held[0]._id)).status).toBe('cancelled');
  expect(await reservedOf(p._id)).toBe(9);
  await clerk('stock.sell', { requestId: rid(), lines: [{ productId: p._id, qty: 1 }] });
  expect((await apiError(clerk('stock.sell', { requestId: rid(), lines: [{ productId: p._id, qty: 1 }] }))).code).toBe('E_INSUFFICIENT_STOCK');
  // The orders that hold stock can always ship it.
  await step(owner, 'pay', held[1]._id, { amountFen: 500 });
  expect((await step(clerk, 'ship', held[1]._id)).order.status).toBe('shipped');
  expect([await onHand(p._id), await reservedOf(p._id)]).toEqual([8, 8]);
});

test('partial shipments; closing the rest releases what was held; a clerk cannot cancel', async () => {
  const p = await newProduct(50);
  const order = await owner('sales.create', { requestId: rid(), lines: [{ productId: p._id, qty: 2, unit: '箱' }] });
  await step(clerk, 'confirm', order._id);
  await step(clerk, 'pay', order._id, { amountFen: order.totalFen });
  const first = await step(clerk, 'ship', order._id, { lines: [{ lineId: 'L1', qty: 10, unit: '瓶' }], carrier: '中通', trackingNo: '7300123' });
  expect(first.order).toMatchObject({ status: 'partially_shipped', statusLabel: '部分发货' });
  expect(first.order.lines[0]).toMatchObject({ shippedBaseQty: 10, reservedBaseQty: 14, shippedQtyText: '10瓶' });
  expect((await apiError(step(clerk, 'ship', order._id, { lines: [{ lineId: 'L1', qty: 2, unit: '箱' }] }))).message).toContain('最多还能发 14瓶');
  expect((await apiError(step(clerk, 'close', order._id))).code).toBe('E_FORBIDDEN');
  expect((await step(manager, 'close', order._id)).status).toBe('shipped');
  expect([await onHand(p._id), await reservedOf(p._id)]).toEqual([40, 0]);
});

test('credit: within the limit, beyond it only with the owner\'s recorded override; owed = shipments − payments − returns', async () => {
  const p = await newProduct(100);
  const customer = await owner('customers.save', { name: '李老板' });
  await owner('customers.save', { id: customer._id, name: '李老板', creditLimitFen: 10000 });
  const lines = [{ productId: p._id, qty: 30 }]; // 150.00 on credit
  const order = await manager('sales.create', { requestId: rid(), customerId: customer._id, onCredit: true, lines });
  const over = await apiError(step(manager, 'confirm', order._id));
  expect(over).toMatchObject({ code: 'E_CREDIT_LIMIT', details: { creditLimitFen: 10000, receivableFen: 0, addFen: 15000 } });
  expect((await apiError(step(manager, 'confirm', order._id, { override: { reason: '老客户，月底结' } }))).code).toBe('E_FORBIDDEN');
  const confirmed = await step(owner, 'confirm', order._id, { override: { reason: '老客户，月底结' } });
  expect(confirmed.creditOverride).toEqual({ reason: '老客户，月底结', by: expect.any(String) });
  // On credit the goods leave unpaid; what left is owed.
  const shipped = await step(manager, 'ship', order._id);
  expect(shipped.posting.payment).toMatchObject({ method: 'credit', owedFen: 15000 });
  expect(await owes(customer._id)).toBe(15000);
  await step(manager, 'pay', order._id, { amountFen: 5000, method: 'wechat' });
  expect(await owes(customer._id)).toBe(10000);
  // The customer's statement tells the same story as the stored figure.
  const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const statement = await owner('customers.statement', { customerId: customer._id, from: day, to: day });
  expect(statement.closingFen).toBe(10000);
  expect(statement.entries.map((e: any) => e.amountFen)).toEqual([15000, -5000]);
  // A return of 6 bottles takes 30.00 off.
  await owner('stock.saleReturn', { requestId: rid(), salePostingId: shipped.posting._id, lines: [{ productId: p._id, qty: 6 }] });
  expect(await owes(customer._id)).toBe(7000);
  expect((await step(manager, 'complete', order._id)).status).toBe('completed');
  // A quick credit sale beyond the limit is refused too; the owner's override lets it go.
  const quick = { requestId: rid(), customerId: customer._id, lines: [{ productId: p._id, qty: 10 }], payment: { method: 'credit' } };
  expect((await apiError(manager('stock.sell', quick))).code).toBe('E_CREDIT_LIMIT');
  await owner('stock.sell', { ...quick, requestId: rid(), override: { reason: '节前备货' } });
  expect(await owes(customer._id)).toBe(12000);
  expect((await owner('stock.reconcile', {})).differences).toEqual([]);
});

test('drafts: edited until confirmed; bad input and other shops\' orders change nothing', async () => {
  const p = await newProduct(5);
  const order = await owner('sales.create', { requestId: rid(), lines: [{ productId: p._id, qty: 1 }] });
  const edited = await owner('sales.update', { id: order._id, lines: [{ productId: p._id, qty: 2 }], shippingFeeFen: 500 });
  expect(edited.totalFen).toBe(1500);
  expect((await apiError(owner('sales.create', { requestId: rid(), onCredit: true, lines: [{ productId: p._id, qty: 1 }] }))).message).toContain('赊账需要选择客户');
  expect((await apiError(owner('sales.create', { requestId: rid(), lines: [{ productId: p._id, qty: 1 }, { productId: p._id, qty: 1 }] }))).message).toContain('已在单中');
  await step(owner, 'confirm', order._id);
  expect((await apiError(owner('sales.update', { id: order._id, lines: [{ productId: p._id, qty: 1 }] }))).code).toBe('E_INVALID_STATE');
  const other = await createTestShop(lc, 'salesother');
  expect((await apiError(shop.as(other.owner)('sales.get', { id: order._id }))).code).toBe('E_NOT_FOUND');
  expect((await apiError(shop.as(other.owner)('sales.confirm', { id: order._id, requestId: rid() }))).code).toBe('E_NOT_FOUND');
  expect(await reservedOf(p._id)).toBe(2);
});

test('待付款 (paymentStatus due): orders not paid in full, cancelled ones left out', async () => {
  const p = await newProduct(20);
  const customer = await owner('customers.save', { name: `待付${rid().slice(-4)}` });
  const make = () => owner('sales.create', { requestId: rid(), customerId: customer._id, lines: [{ productId: p._id, qty: 2 }] });
  const [unpaid, part, paid, cancelled] = [await make(), await make(), await make(), await make()];
  await step(owner, 'pay', part._id, { amountFen: 100 });
  await step(owner, 'pay', paid._id, { amountFen: paid.totalFen });
  await step(owner, 'cancel', cancelled._id);
  const due = await owner('sales.list', { customerId: customer._id, paymentStatus: 'due' });
  expect(due.items.map((o: any) => o._id).sort()).toEqual([unpaid._id, part._id].sort());
});

test('returns and exchanges: an exchange returns some goods and sells others in one posting; the difference is paid, refunded or owed; damaged returns are written off', async () => {
  const a = await newProduct(20, { salePriceFen: 1000 });
  const b = await newProduct(20, { salePriceFen: 1500 });
  const sale = await owner('stock.sell', { requestId: rid(), lines: [{ productId: a._id, qty: 4 }], payment: { method: 'wechat' } });
  // Two A back (20.00), one B out (15.00): the shop refunds 5.00 by WeChat.
  const ex = await manager('stock.exchange', { requestId: rid(), salePostingId: sale._id, returnLines: [{ productId: a._id, qty: 2 }], saleLines: [{ productId: b._id, qty: 1 }] });
  expect(ex).toMatchObject({ type: 'exchange', typeLabel: '换货', totals: { amountFen: -500 }, payment: { method: 'wechat', paidFen: -500 } });
  expect([await onHand(a._id), await onHand(b._id)]).toEqual([18, 19]);
  // Returned goods never exceed what was sold, exchanges included.
  expect((await apiError(manager('stock.saleReturn', { requestId: rid(), salePostingId: sale._id, lines: [{ productId: a._id, qty: 3 }] }))).message).toContain('最多还能退 2');
  // A damaged one comes back and is written off in the same posting: stock unchanged, refund made.
  const damaged = await manager('stock.saleReturn', { requestId: rid(), salePostingId: sale._id, lines: [{ productId: a._id, qty: 1 }], toDamage: true });
  expect(damaged.lines.map((l: any) => [l.qty, Boolean(l.writeOff)])).toEqual([[1, false], [-1, true]]);
  expect(damaged.totals.amountFen).toBe(-1000);
  expect(await onHand(a._id)).toBe(18);

  // On credit: the difference changes what the customer owes.
  const customer = await owner('customers.save', { name: '张阿姨' });
  const credit = await owner('stock.sell', { requestId: rid(), customerId: customer._id, lines: [{ productId: a._id, qty: 2 }], payment: { method: 'credit' } });
  expect(await owes(customer._id)).toBe(2000);
  await manager('stock.exchange', { requestId: rid(), salePostingId: credit._id, returnLines: [{ productId: a._id, qty: 1 }], saleLines: [{ productId: b._id, qty: 2 }] });
  expect(await owes(customer._id)).toBe(2000 - 1000 + 3000);
  expect((await apiError(owner('stock.reverse', { postingId: ex._id }))).code).toBe('E_INVALID_STATE');
  expect((await owner('stock.reconcile', {})).differences).toEqual([]);
});
