// Customers through the real api function on localcloud: their fields and validation, search by
// name / phone / WeChat id, what they owe = credit sales − payments − credit returns (the stored
// figure and the statement agree), 收款 applied once per request, regulars who stopped coming, no
// cost for clerks, and another shop's customer is not found anywhere.
import { LocalCloud } from '../../localcloud';
import { chinaDay } from '../../server/posting/engine';
import { apiError, callApi, createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';

let lc: LocalCloud;
let db: any;
let shop: TestShop;
let owner: ReturnType<TestShop['as']>;
let manager: ReturnType<TestShop['as']>;
let clerk: ReturnType<TestShop['as']>;
let cola: any;
const today = chinaDay(new Date());
const DAY = 86_400_000;

beforeAll(async () => {
  ({ lc, db } = await startApiCloud());
  shop = await createTestShop(lc, 'customers');
  owner = shop.as(shop.owner);
  manager = shop.as(shop.manager);
  clerk = shop.as(shop.clerk);
  cola = await owner('products.create', { name: '可乐', baseUnit: '罐', salePriceFen: 350, purchasePriceFen: 200 });
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: cola._id, qty: 500, unitCostFen: 200 }] });
});
afterAll(() => lc.stop());

const newCustomer = (fields: Record<string, unknown> = {}) => owner('customers.save', { name: `客户${rid().slice(-6)}`, ...fields });
const creditSale = (customerId: string, qty: number, paidFen = 0) =>
  clerk('stock.sell', { requestId: rid(), customerId, lines: [{ productId: cola._id, qty }], payment: { method: 'credit', paidFen } });
const stored = async (id: string) => (await db.collection('customers').where({ _id: id }).get()).data[0];
/** Moves a posting back in time, as if it had been made `days` days ago. */
const backdate = (postingId: string, days: number) => db.collection('postings').doc(postingId).update({ data: { createdAt: new Date(Date.now() - days * DAY) } });

async function measured(openid: string, action: string, input: Record<string, unknown>) {
  const r = await lc.invoke('api', { action, ...input }, { openid });
  const result = r.result as any;
  if (!result.ok) throw Object.assign(new Error(result.error.message), { api: result.error });
  return { data: result.data, requests: lc.invocationStats(r.requestId).total };
}

test('a customer keeps phone, WeChat id, addresses (the first is the default), level, tags and a credit limit; bad fields change nothing', async () => {
  const c = await manager('customers.save', {
    name: '王阿姨',
    phone: '13912345678',
    wechatId: 'wang_ayi',
    level: 'vip',
    tags: ['团购', '团购', '老客'],
    creditLimitFen: 50_000,
    note: '周末送货',
    addresses: [
      { name: '王阿姨', phone: '13912345678', address: '浙江省杭州市西湖区文三路 1 号' },
      { name: '王阿姨女儿', phone: '0571-88888888', address: '杭州市滨江区江南大道 2 号' },
    ],
  });
  expect(c).toMatchObject({ name: '王阿姨', phone: '13912345678', wechatId: 'wang_ayi', level: 'vip', tags: ['团购', '老客'], creditLimitFen: 50_000, receivableFen: 0, note: '周末送货' });
  expect(c.addresses.map((a: any) => a.isDefault)).toEqual([true, false]);
  expect(c).not.toHaveProperty('searchText');

  // An update changes only what is sent; null lifts the limit; the default moves when marked.
  const moved = await owner('customers.save', { id: c._id, name: '王阿姨', creditLimitFen: null, addresses: [c.addresses[0], { ...c.addresses[1], isDefault: true }].map((a, i) => ({ ...a, isDefault: i === 1 })) });
  expect(moved).toMatchObject({ name: '王阿姨', phone: '13912345678', level: 'vip', creditLimitFen: null });
  expect(moved.addresses.map((a: any) => a.isDefault)).toEqual([false, true]);

  const bad: [Record<string, unknown>, string][] = [
    [{ phone: '1391234' }, '电话'],
    [{ addresses: [{ name: '甲', phone: '', address: '某路 1 号' }] }, '收货电话不能为空'],
    [{ addresses: [{ name: '甲', phone: '13900000000', address: '某路 1 号', isDefault: true }, { name: '乙', phone: '13900000001', address: '某路 2 号', isDefault: true }] }, '只能有一个默认地址'],
    [{ level: 'gold' }, '等级'],
    [{ creditLimitFen: -1 }, '金额不能为负'],
    [{ tags: ['一', '二', '三', '四', '五', '六'] }, '最多 5 个标签'],
  ];
  for (const [fields, message] of bad) {
    const e = await apiError(owner('customers.save', { id: c._id, name: '王阿姨', ...fields }));
    expect([e.code, e.message]).toEqual(['E_VALIDATION', expect.stringContaining(message)]);
  }
  expect(await stored(c._id)).toMatchObject({ phone: '13912345678', level: 'vip', creditLimitFen: null });
  // Clerks read customers but do not set them (nor their credit limit).
  expect((await apiError(clerk('customers.save', { id: c._id, name: '王阿姨', creditLimitFen: 1 }))).code).toBe('E_FORBIDDEN');
});

test('search finds a customer by name, phone or WeChat id (literally), filters by level and tag, pages, and says what each owes and when they last bought', async () => {
  const tag = `t${rid().slice(-5)}`;
  const a = await newCustomer({ name: '搜索·张三', phone: '13811112222', wechatId: 'ZhangSan.88', level: 'wholesale', tags: [tag] });
  const b = await newCustomer({ name: '搜索·李四', phone: '13833334444', tags: [tag] });
  const names = async (input: Record<string, unknown>) => (await clerk('customers.list', input)).items.map((r: any) => r.name);
  expect(await names({ keyword: '张三' })).toEqual(['搜索·张三']);
  expect(await names({ keyword: '1381111' })).toEqual(['搜索·张三']);
  expect(await names({ keyword: 'zhangsan.88' })).toEqual(['搜索·张三']); // case-insensitive
  expect(await names({ keyword: 'zhangsan.8.' })).toEqual([]); // '.' is a dot, not any character
  expect(await names({ keyword: '(' })).toEqual([]);
  expect(await names({ tag })).toEqual(['搜索·张三', '搜索·李四']);
  expect(await names({ tag, level: 'wholesale' })).toEqual(['搜索·张三']);
  expect(await names({ tag, level: 'normal' })).toEqual(['搜索·李四']);
  const first = await clerk('customers.list', { tag, pageSize: 1 });
  const second = await clerk('customers.list', { tag, page: 2, pageSize: 1 });
  expect([first.items[0].name, first.hasMore, second.items[0].name, second.hasMore]).toEqual(['搜索·张三', true, '搜索·李四', false]);

  const sale = await creditSale(a._id, 2);
  await backdate(sale._id, 3);
  await creditSale(a._id, 1);
  const { data, requests } = await measured(shop.clerk, 'customers.list', { tag });
  const row = data.items.find((r: any) => r._id === a._id);
  expect(row).toMatchObject({ receivableFen: 1050, purchases: 2, level: 'wholesale', tags: [tag] });
  expect(chinaDay(new Date(row.lastPurchaseAt))).toBe(today);
  expect(data.items.find((r: any) => r._id === b._id)).toMatchObject({ receivableFen: 0, purchases: 0, lastPurchaseAt: null });
  // member, the page of customers, one aggregate for every row's purchases
  expect(requests).toBe(3);
});

test('what a customer owes = credit sales − payments − credit returns; the statement and the stored figure agree', async () => {
  const c = await newCustomer();
  const s1 = await creditSale(c._id, 4); // 1400 owed
  const s2 = await creditSale(c._id, 2, 200); // 700, 200 paid → 500 owed
  await clerk('stock.sell', { requestId: rid(), customerId: c._id, lines: [{ productId: cola._id, qty: 1 }], payment: { method: 'wechat' } }); // paid: owes nothing
  await owner('stock.saleReturn', { requestId: rid(), salePostingId: s1._id, lines: [{ productId: cola._id, qty: 1 }] }); // −350
  const paid = await owner('customers.receive', { requestId: rid(), customerId: c._id, amountFen: 600, method: 'cash', note: '先还一部分' });
  expect(paid).toMatchObject({ amountFen: 600, method: 'cash', receivableFen: 1400 + 500 - 350 - 600, replayed: false });
  expect((await stored(c._id)).receivableFen).toBe(950);
  expect((await clerk('customers.detail', { id: c._id })).receivableFen).toBe(950);

  const st = await owner('customers.statement', { customerId: c._id, from: today, to: today });
  expect(st.entries.map((e: any) => [e.kind, e.amountFen, e.balanceFen])).toEqual([
    ['sale', 1400, 1400],
    ['sale', 500, 1900],
    ['return', -350, 1550],
    ['payment', -600, 950],
  ]);
  expect([st.openingFen, st.closingFen]).toEqual([0, 950]);
  expect(st.entries[3].label).toBe('收款（现金）');

  // The first sale was yesterday: the statement of today opens with it.
  await backdate(s1._id, 1);
  const yesterday = chinaDay(new Date(Date.now() - DAY));
  const todayOnly = await owner('customers.statement', { customerId: c._id, from: today, to: today });
  expect([todayOnly.openingFen, todayOnly.entries.length, todayOnly.closingFen]).toEqual([1400, 3, 950]);
  const before = await owner('customers.statement', { customerId: c._id, from: yesterday, to: yesterday });
  expect([before.openingFen, before.entries.map((e: any) => e.amountFen), before.closingFen]).toEqual([0, [1400], 1400]);

  // A reversal undoes what its sale added.
  await owner('stock.reverse', { postingId: s2._id });
  expect((await stored(c._id)).receivableFen).toBe(450);
  // An exchange of a credit sale owes the difference: one can back, three out → +700.
  await owner('stock.exchange', { requestId: rid(), salePostingId: s1._id, returnLines: [{ productId: cola._id, qty: 1 }], saleLines: [{ productId: cola._id, qty: 3 }] });
  expect((await stored(c._id)).receivableFen).toBe(1150);
  const after = await owner('customers.statement', { customerId: c._id, from: today, to: today });
  expect(after.entries.slice(-2).map((e: any) => [e.kind, e.amountFen, e.balanceFen])).toEqual([['reversal', -500, 450], ['exchange', 700, 1150]]);
  expect(after.closingFen).toBe(1150);
  expect((await apiError(owner('customers.statement', { customerId: c._id, from: today, to: yesterday }))).message).toContain('开始日期不能晚于结束日期');
  expect((await owner('customers.receivables', {})).items.find((r: any) => r._id === c._id).receivableFen).toBe(1150);
});

test('收款 applies once per request id, refuses more than is owed, and is for owners and managers', async () => {
  const c = await newCustomer();
  await creditSale(c._id, 10); // 3500
  const requestId = rid();
  const input = { requestId, customerId: c._id, amountFen: 1000, method: 'wechat' };
  const first = await manager('customers.receive', input);
  const again = await manager('customers.receive', input);
  expect([first.replayed, again.replayed, again.paymentId]).toEqual([false, true, first.paymentId]);
  expect((await stored(c._id)).receivableFen).toBe(2500);
  expect((await db.collection('customer_payments').where({ customerId: c._id }).get()).data).toHaveLength(1);
  const dup = await apiError(manager('customers.receive', { ...input, amountFen: 900 }));
  expect(dup.code).toBe('E_DUPLICATE');

  const over = await apiError(owner('customers.receive', { requestId: rid(), customerId: c._id, amountFen: 2501 }));
  expect([over.code, over.message]).toEqual(['E_VALIDATION', expect.stringContaining('只欠 ¥25.00')]);
  expect((await apiError(clerk('customers.receive', { requestId: rid(), customerId: c._id, amountFen: 100 }))).code).toBe('E_FORBIDDEN');
  expect((await apiError(owner('customers.receive', { requestId: rid(), customerId: c._id, amountFen: 0 }))).code).toBe('E_VALIDATION');
  await owner('customers.receive', { requestId: rid(), customerId: c._id, amountFen: 2500 });
  expect((await stored(c._id)).receivableFen).toBe(0);
  expect((await apiError(owner('customers.receive', { requestId: rid(), customerId: c._id, amountFen: 1 }))).message).toContain('没有欠款');

  // Two payments at once of the whole debt: one is taken, the other refused (one transaction reads and writes the balance).
  await creditSale(c._id, 2); // 700
  const both = await Promise.allSettled([0, 1].map(() => owner('customers.receive', { requestId: rid(), customerId: c._id, amountFen: 700 })));
  expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  expect((await stored(c._id)).receivableFen).toBe(0);
});

test('who owes what: largest first, with the total', async () => {
  const fresh = await createTestShop(lc, 'receivables');
  const o = fresh.as(fresh.owner);
  const p = await o('products.create', { name: '雪碧', baseUnit: '瓶', salePriceFen: 100 });
  await o('stock.receive', { requestId: rid(), lines: [{ productId: p._id, qty: 100 }] });
  const ids: string[] = [];
  for (const [name, qty] of [['小额', 1], ['大额', 9], ['中额', 5], ['不欠', 0]] as const) {
    const c = await o('customers.save', { name });
    ids.push(c._id);
    if (qty) await o('stock.sell', { requestId: rid(), customerId: c._id, lines: [{ productId: p._id, qty }], payment: { method: 'credit' } });
  }
  const r = await o('customers.receivables', {});
  expect(r.items.map((x: any) => [x.name, x.receivableFen])).toEqual([['大额', 900], ['中额', 500], ['小额', 100]]);
  expect([r.totalFen, r.customers]).toEqual([1500, 3]);
  expect(chinaDay(new Date(r.items[0].lastPurchaseAt))).toBe(today);
  expect((await apiError(fresh.as(fresh.clerk)('customers.receivables', {}))).code).toBe('E_FORBIDDEN');
});

test('detail: purchase history newest first and paged, totals net of returns and reversals, no cost for clerks', async () => {
  const c = await newCustomer({ addresses: [{ name: '收货人', phone: '13700000000', address: '某路 1 号' }] });
  const s1 = await creditSale(c._id, 2);
  await backdate(s1._id, 2);
  const s2 = await clerk('stock.sell', { requestId: rid(), customerId: c._id, lines: [{ productId: cola._id, qty: 3 }], payment: { method: 'cash' } });
  await owner('stock.saleReturn', { requestId: rid(), salePostingId: s2._id, lines: [{ productId: cola._id, qty: 1 }] });
  const s3 = await creditSale(c._id, 1);
  await owner('stock.reverse', { postingId: s3._id });

  const d = await clerk('customers.detail', { id: c._id, pageSize: 3 });
  expect(d.customer).toMatchObject({ _id: c._id, addresses: [{ name: '收货人', isDefault: true }] });
  expect(d.totals).toMatchObject({ orders: 2, amountFen: 700 + 1050 - 350 });
  expect(chinaDay(new Date(d.totals.lastPurchaseAt))).toBe(today);
  expect(d.history.items.map((p: any) => p.type)).toEqual(['reversal', 'sale', 'sale_return']);
  expect(d.history.hasMore).toBe(true);
  const page2 = await clerk('customers.detail', { id: c._id, page: 2, pageSize: 3 });
  expect(page2.history.items.map((p: any) => [p.type, p.totals.amountFen])).toEqual([['sale', 1050], ['sale', 700]]);
  expect(page2.history.items[1].lines[0]).toMatchObject({ productName: '可乐', baseUnit: '罐', qty: -2, amountFen: 700 });
  // A clerk sees amounts, never cost or profit; the owner sees both.
  const clerkText = JSON.stringify([d, page2]);
  expect(clerkText).not.toMatch(/unitCost|costFen|profitFen/);
  const ownerView = await owner('customers.detail', { id: c._id, page: 2, pageSize: 3 });
  expect(ownerView.history.items[1].totals).toMatchObject({ costFen: 400, profitFen: 300 });
});

test('dormant: regulars (2 or more purchases) who have not bought for N days, the most recently lapsed first', async () => {
  const fresh = await createTestShop(lc, 'dormant');
  const o = fresh.as(fresh.owner);
  const p = await o('products.create', { name: '面包', baseUnit: '个', salePriceFen: 500 });
  await o('stock.receive', { requestId: rid(), lines: [{ productId: p._id, qty: 100 }] });
  const sell = async (customerId: string, daysAgo: number) => {
    const s = await o('stock.sell', { requestId: rid(), customerId, lines: [{ productId: p._id, qty: 1 }], payment: { method: 'wechat' } });
    await backdate(s._id, daysAgo);
  };
  const regularGone = await o('customers.save', { name: '老主顾（40 天没来）', phone: '13600000001' });
  const regularLonger = await o('customers.save', { name: '老主顾（90 天没来）' });
  const regularActive = await o('customers.save', { name: '老主顾（昨天来过）' });
  const once = await o('customers.save', { name: '只来过一次' });
  await sell(regularGone._id, 70);
  await sell(regularGone._id, 40);
  await sell(regularLonger._id, 120);
  await sell(regularLonger._id, 90);
  await sell(regularActive._id, 60);
  await sell(regularActive._id, 1);
  await sell(once._id, 100);
  const dormant = await fresh.as(fresh.clerk)('customers.dormant', { days: 30 });
  expect(dormant.map((d: any) => [d.name, d.purchases, d.daysSince])).toEqual([
    ['老主顾（40 天没来）', 2, 40],
    ['老主顾（90 天没来）', 2, 90],
  ]);
  expect(dormant[0].phone).toBe('13600000001');
  expect((await o('customers.dormant', { days: 60 })).map((d: any) => d.name)).toEqual(['老主顾（90 天没来）']);
  expect(await o('customers.dormant', { days: 365 })).toEqual([]);
});

test("another shop's customer is not found anywhere", async () => {
  const c = await newCustomer();
  await creditSale(c._id, 1);
  const other = await createTestShop(lc, 'customers-other');
  const t = other.as(other.owner);
  const calls: [string, Record<string, unknown>][] = [
    ['customers.save', { id: c._id, name: '改名' }],
    ['customers.detail', { id: c._id }],
    ['customers.receive', { requestId: rid(), customerId: c._id, amountFen: 100 }],
    ['customers.statement', { customerId: c._id, from: today, to: today }],
  ];
  for (const [action, input] of calls) expect([action, (await apiError(t(action, input))).code]).toEqual([action, 'E_NOT_FOUND']);
  expect((await t('customers.list', {})).items).toEqual([]);
  expect((await t('customers.receivables', {})).items).toEqual([]);
  expect(await t('customers.dormant', { days: 1 })).toEqual([]);
  expect((await stored(c._id))).toMatchObject({ receivableFen: 350, name: c.name });
  // the raw envelope too: a typed error, not a crash
  const r = await callApi(lc, other.owner, 'customers.detail', { id: c._id });
  expect(r).toMatchObject({ ok: false, error: { code: 'E_NOT_FOUND', message: '客户不存在' } });
});
