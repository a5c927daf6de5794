// 开单记录 through the real api function: quick sales listed newest first by period, customer and
// keyword (a product's or customer's name), with what was returned so far; one sale with its
// returns and exchanges and what can still come back; an order's shipments and other shops'
// sales never listed; clerks see no cost; a list page costs the same database requests at any size.
import { LocalCloud } from '../../localcloud';
import { apiError, createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';

let lc: LocalCloud;
let db: any;
let shop: TestShop;
let other: TestShop;
let owner: ReturnType<TestShop['as']>;
let clerk: ReturnType<TestShop['as']>;
let tea: any;
let cup: any;
let wang: any;
const sales: Record<string, any> = {};

/** Moves a posting back in time, as if it had been made `days` days ago. */
const backdate = (id: string, days: number) => db.collection('postings').doc(id).update({ data: { createdAt: new Date(Date.now() - days * 86_400_000) } });
const ids = (page: any) => page.items.map((r: any) => r._id);
async function measured(openid: string, action: string, input: Record<string, unknown>) {
  const r = await lc.invoke('api', { action, ...input }, { openid });
  const result = r.result as any;
  if (!result.ok) throw Object.assign(new Error(result.error.message), { api: result.error });
  return { data: result.data, requests: lc.invocationStats(r.requestId).total };
}

beforeAll(async () => {
  ({ lc, db } = await startApiCloud());
  shop = await createTestShop(lc, 'quicksales');
  other = await createTestShop(lc, 'quicksales-other');
  owner = shop.as(shop.owner);
  clerk = shop.as(shop.clerk);
  tea = await owner('products.create', { name: '绿茶 500ml', baseUnit: '瓶', salePriceFen: 500, purchasePriceFen: 300 });
  cup = await owner('products.create', { name: '保温杯', baseUnit: '个', salePriceFen: 3000, purchasePriceFen: 1500 });
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: tea._id, qty: 100, unitCostFen: 300 }, { productId: cup._id, qty: 20, unitCostFen: 1500 }] });
  wang = await owner('customers.save', { name: '王姐', phone: '13800138000' });
  // Oldest first: last week's tea, today's tea to a walk-in customer, today's cups and tea to 王姐.
  sales.old = await clerk('stock.sell', { requestId: rid(), lines: [{ productId: tea._id, qty: 1 }], payment: { method: 'cash' } });
  await backdate(sales.old._id, 10);
  sales.walkIn = await clerk('stock.sell', { requestId: rid(), lines: [{ productId: tea._id, qty: 3 }], payment: { method: 'wechat' } });
  sales.wang = await clerk('stock.sell', { requestId: rid(), customerId: wang._id, lines: [{ productId: cup._id, qty: 2 }, { productId: tea._id, qty: 2 }], payment: { method: 'credit' } });
  // A sales order's shipment is a sale posting too, but it is returned from the order.
  const order = await owner('sales.create', { requestId: rid(), lines: [{ productId: tea._id, qty: 4 }] });
  await owner('sales.confirm', { id: order._id, requestId: rid() });
  await owner('sales.pay', { id: order._id, requestId: rid(), amountFen: order.totalFen, method: 'wechat' });
  await owner('sales.ship', { id: order._id, requestId: rid() });
  // Another shop's sale of its own tea.
  const otherTea = await other.as(other.owner)('products.create', { name: '绿茶 500ml', baseUnit: '瓶', salePriceFen: 500 });
  await other.as(other.owner)('stock.receive', { requestId: rid(), lines: [{ productId: otherTea._id, qty: 5, unitCostFen: 300 }] });
  sales.foreign = await other.as(other.owner)('stock.sell', { requestId: rid(), lines: [{ productId: otherTea._id, qty: 1 }] });
});
afterAll(() => lc.stop());

test('开单记录: newest first, today / this week / all, by customer and by a product\'s or customer\'s name; orders and other shops left out', async () => {
  const all = await clerk('stock.sales', {});
  expect(ids(all)).toEqual([sales.wang._id, sales.walkIn._id, sales.old._id]);
  expect(all.items[0]).toMatchObject({ customerId: wang._id, customerName: '王姐', operatorName: '店员小李', amountFen: 2 * 3000 + 2 * 500, productCount: 2, firstProductName: '保温杯', qty: 4, returnedQty: 0, reversed: false });
  expect(all.items[0].payment).toMatchObject({ method: 'credit', owedFen: 7000 });
  expect(all.items[1]).toMatchObject({ customerId: null, customerName: '', amountFen: 1500, productCount: 1, firstProductName: '绿茶 500ml', qty: 3 });
  expect(ids(await clerk('stock.sales', { period: 'today' }))).toEqual([sales.wang._id, sales.walkIn._id]);
  expect(ids(await clerk('stock.sales', { period: 'week' }))).not.toContain(sales.old._id);
  expect(ids(await clerk('stock.sales', { customerId: wang._id }))).toEqual([sales.wang._id]);
  expect(ids(await clerk('stock.sales', { keyword: '王' }))).toEqual([sales.wang._id]);
  expect(ids(await clerk('stock.sales', { keyword: '保温' }))).toEqual([sales.wang._id]);
  expect(ids(await clerk('stock.sales', { keyword: '绿茶' }))).toEqual([sales.wang._id, sales.walkIn._id, sales.old._id]);
  expect(ids(await clerk('stock.sales', { keyword: '绿茶', period: 'today', customerId: wang._id }))).toEqual([sales.wang._id]);
  expect((await clerk('stock.sales', { keyword: '没有这个' })).items).toEqual([]);
  // Paged: two a page.
  const first = await clerk('stock.sales', { pageSize: 2 });
  const second = await clerk('stock.sales', { pageSize: 2, page: 2 });
  expect([first.hasMore, second.hasMore, [...ids(first), ...ids(second)]]).toEqual([true, false, ids(all)]);
  // The other shop sees its own sale only, and cannot open this shop's.
  expect(ids(await other.as(other.owner)('stock.sales', {}))).toEqual([sales.foreign._id]);
  expect((await apiError(other.as(other.owner)('stock.sale', { id: sales.walkIn._id }))).code).toBe('E_NOT_FOUND');
  expect((await apiError(owner('stock.sale', { id: sales.foreign._id }))).code).toBe('E_NOT_FOUND');
});

test('a sale shows what was returned and what can still come back; a return and an exchange are listed under it', async () => {
  await owner('stock.saleReturn', { requestId: rid(), salePostingId: sales.wang._id, lines: [{ productId: tea._id, qty: 2 }] });
  await owner('stock.exchange', { requestId: rid(), salePostingId: sales.wang._id, returnLines: [{ productId: cup._id, qty: 1 }], saleLines: [{ productId: tea._id, qty: 1 }], toDamage: true });
  const detail = await owner('stock.sale', { id: sales.wang._id });
  expect(detail.customerName).toBe('王姐');
  expect(detail.reversed).toBe(false);
  expect(detail.lines).toEqual([
    expect.objectContaining({ productName: '保温杯', baseUnit: '个', soldQty: 2, returnedQty: 1, returnableQty: 1, amountFen: 6000 }),
    expect.objectContaining({ productName: '绿茶 500ml', baseUnit: '瓶', soldQty: 2, returnedQty: 2, returnableQty: 0, amountFen: 1000 }),
  ]);
  expect(detail.returns.map((p: any) => p.type)).toEqual(['sale_return', 'exchange']);
  expect(detail.sale.totals.profitFen).toBe(7000 - 2 * 1500 - 2 * 300);
  const row = (await clerk('stock.sales', { customerId: wang._id })).items[0];
  expect(row.returnedQty).toBe(3);
  // What can come back is what the server refuses beyond.
  const refused = await apiError(owner('stock.saleReturn', { requestId: rid(), salePostingId: sales.wang._id, lines: [{ productId: cup._id, qty: 2 }] }));
  expect(refused.message).toContain('最多还能退 1个');
  // Clerks see amounts, never cost or profit.
  const seen = await clerk('stock.sale', { id: sales.wang._id });
  expect(seen.sale.totals.profitFen).toBeUndefined();
  expect(seen.sale.lines.every((l: any) => l.unitCost === undefined)).toBe(true);
  expect(seen.returns.every((p: any) => p.totals.costFen === undefined)).toBe(true);
});

test('a reversed sale shows 冲销 and nothing left to return; an order\'s shipment is not a quick sale', async () => {
  await owner('stock.reverse', { postingId: sales.old._id });
  const detail = await owner('stock.sale', { id: sales.old._id });
  expect([detail.reversed, detail.lines[0].returnableQty]).toEqual([true, 0]);
  expect((await clerk('stock.sales', {})).items.find((r: any) => r._id === sales.old._id).reversed).toBe(true);
  const shipment = (await db.collection('postings').where({ shopId: shop.shopId, 'source.kind': 'sales_order' }).get()).data[0];
  expect((await apiError(owner('stock.sale', { id: shipment._id }))).code).toBe('E_NOT_FOUND');
});

test('a page of 开单记录 costs the same database requests at any page size; a keyword two more', async () => {
  const small = await measured(shop.clerk, 'stock.sales', { pageSize: 1 });
  const large = await measured(shop.clerk, 'stock.sales', { pageSize: 50 });
  const keyword = await measured(shop.clerk, 'stock.sales', { pageSize: 50, keyword: '绿茶' });
  // member, postings, customers' names, returns, reversals
  expect([small.requests, large.requests, keyword.requests]).toEqual([5, 5, 7]);
  const detail = await measured(shop.clerk, 'stock.sale', { id: sales.wang._id });
  // member, the sale, what names it, returns/{id}, the customer, the products' units
  expect(detail.requests).toBe(6);
});
