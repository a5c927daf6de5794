// Where the stock is and what is about to expire, through the real wx-server-sdk against localcloud.
// A shop with two warehouses holds 纯牛奶 and 酸奶 in batches (dates relative to today in China, so
// nothing depends on the clock), 矿泉水 in both warehouses, 薯片, and 可乐 that has all gone.
// Another shop holds a milk batch expiring in 3 days: it never shows.
import { LocalCloud } from '../../localcloud';
import { apiError, createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';

let lc: LocalCloud;
let db: any;
let shop: TestShop;
let other: TestShop;
let owner: ReturnType<TestShop['as']>;
let backRoomId = '';
const ids: Record<string, string> = {};

/** A day `n` days from today on the shop's calendar (China, UTC+8). */
const chinaDay = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  ({ lc, db } = await startApiCloud());
  shop = await createTestShop(lc, 'stock-views');
  other = await createTestShop(lc, 'stock-views-other');
  owner = shop.as(shop.owner);
  backRoomId = (await owner('warehouses.save', { name: '后仓' })).id;
  // Created (and received) in an order that is neither pinyin nor code-point order.
  for (const [key, name, unit, batchTracked] of [
    ['chips', '薯片', '袋', false],
    ['water', '矿泉水', '瓶', false],
    ['cola', '可乐', '罐', false],
    ['milk', '纯牛奶', '盒', true],
    ['yogurt', '酸奶', '杯', true],
  ] as const) {
    ids[key] = (await owner('products.create', { name, baseUnit: unit, batchTracked, salePriceFen: 500, purchasePriceFen: 200 }))._id;
  }
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: ids.chips, qty: 10, unitCostFen: 300 }, { productId: ids.cola, qty: 4, unitCostFen: 150 }] });
  await owner('stock.receive', { requestId: rid(), warehouseId: backRoomId, lines: [{ productId: ids.water, qty: 24, unitCostFen: 100 }] });
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: ids.water, qty: 6, unitCostFen: 100 }] });
  await owner('stock.receive', {
    requestId: rid(),
    confirmExpired: true,
    lines: [
      { productId: ids.milk, qty: 6, unitCostFen: 230, batchNo: 'B-OLD', expiryDate: chinaDay(-3) },
      { productId: ids.milk, qty: 12, unitCostFen: 230, batchNo: 'B-SOON', expiryDate: chinaDay(10) },
      { productId: ids.yogurt, qty: 8, unitCostFen: 400, batchNo: 'Y-1', expiryDate: chinaDay(20) },
    ],
  });
  await owner('stock.receive', {
    requestId: rid(),
    warehouseId: backRoomId,
    lines: [
      { productId: ids.milk, qty: 24, unitCostFen: 230, batchNo: 'B-FAR', expiryDate: chinaDay(200) },
      { productId: ids.milk, qty: 5, unitCostFen: 230, batchNo: 'B-MID', expiryDate: chinaDay(40) },
      { productId: ids.yogurt, qty: 3, unitCostFen: 400, batchNo: 'Y-2', expiryDate: chinaDay(5) },
    ],
  });
  await owner('stock.adjust', { requestId: rid(), reason: 'loss', lines: [{ productId: ids.cola, qty: -4 }] });
  const otherMilk = await other.as(other.owner)('products.create', { name: '纯牛奶', baseUnit: '盒', batchTracked: true, salePriceFen: 350, purchasePriceFen: 230 });
  await other.as(other.owner)('stock.receive', { requestId: rid(), lines: [{ productId: otherMilk._id, qty: 9, batchNo: 'OTHER', expiryDate: chinaDay(3) }] });
});
afterAll(() => lc.stop());

/** Calls the api as `openid`, answering the data and the invocation's database requests. */
async function measured(openid: string, action: string, input: Record<string, unknown>) {
  const r = await lc.invoke('api', { action, ...input }, { openid });
  const result = r.result as any;
  if (!result.ok) throw Object.assign(new Error(result.error.message), { api: result.error });
  return { data: result.data, requests: lc.invocationStats(r.requestId).total };
}
const label = (b: any) => `${b.productName} @ ${b.warehouseName}: ${b.qty}`;
const batchLabel = (b: any) => `${b.batchNo} ${b.productName} @ ${b.warehouseName} ${b.daysLeft}d ×${b.qty}`;

describe('stock.balances', () => {
  test('lists by product name in pinyin order (then the shop\'s warehouse order), without balances at 0', async () => {
    const r = await owner('stock.balances', {});
    // pinyin: chun < kuang < shu < suan; by code point 矿 < 纯 < 薯 < 酸, by last movement 可乐 would lead
    expect(r.items.map(label)).toEqual(['纯牛奶 @ 默认仓库: 18', '纯牛奶 @ 后仓: 29', '矿泉水 @ 默认仓库: 6', '矿泉水 @ 后仓: 24', '薯片 @ 默认仓库: 10', '酸奶 @ 默认仓库: 8', '酸奶 @ 后仓: 3']);
    expect(r.hasMore).toBe(false);
    expect(r.items[4]).toMatchObject({ baseUnit: '袋', unitCost: '300', valueFen: 3000 });
  });

  test('includeZero lists a product gone from a warehouse at 0, in its place by name', async () => {
    const r = await owner('stock.balances', { includeZero: true });
    expect(r.items.map(label).slice(0, 3)).toEqual(['纯牛奶 @ 默认仓库: 18', '纯牛奶 @ 后仓: 29', '可乐 @ 默认仓库: 0']);
    expect(r.items).toHaveLength(8);
    const back = await owner('stock.balances', { includeZero: true, warehouseId: backRoomId });
    expect(back.items.map(label)).toEqual(['纯牛奶 @ 后仓: 29', '矿泉水 @ 后仓: 24', '酸奶 @ 后仓: 3']);
  });

  test('pages keep the order, and every page costs the same 4 database requests (member, shop, balances, names)', async () => {
    const seen: string[] = [];
    const costs: number[] = [];
    for (let page = 1; ; page++) {
      const { data, requests } = await measured(shop.clerk, 'stock.balances', { page, pageSize: 3 });
      seen.push(...data.items.map(label));
      costs.push(requests);
      expect(data.items.every((b: any) => b.valueFen === undefined && b.unitCost === undefined)).toBe(true); // a clerk sees no money
      if (!data.hasMore) break;
    }
    expect(seen).toEqual((await owner('stock.balances', {})).items.map(label));
    expect(costs).toEqual([4, 4, 4]);
  });

  test('a shop of 1,001 products in 1,001 balances: 6 requests for any page (1,000 documents per read)', async () => {
    const big = await createTestShop(lc, 'stock-views-big');
    const now = new Date().toISOString();
    const n = 1001;
    for (let i = 0; i < n; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, n - i) }, async (_, k) => {
          const id = `bigp${String(i + k).padStart(5, '0')}`;
          // written directly: the request count of the read is measured, not the postings
          await db.collection('products').doc(id).set({ data: { shopId: big.shopId, name: `商品${String(n - i - k).padStart(5, '0')}`, baseUnit: '个', archived: false } });
          await db.collection('stock').doc(`${big.shopId}_main_${id}`).set({ data: { shopId: big.shopId, warehouseId: 'main', productId: id, qty: 1, unitCost: '100', batches: [], version: 1, updatedAt: now } });
        }),
      );
    }
    const first = await measured(big.owner, 'stock.balances', { page: 1, pageSize: 20 });
    const last = await measured(big.owner, 'stock.balances', { page: 11, pageSize: 100 });
    // member, shop, balances 2 × 1000, names 2 × 1000
    expect([first.requests, last.requests]).toEqual([6, 6]);
    expect(first.data.items[0].productName).toBe('商品00001');
    expect(last.data.items.at(-1).productName).toBe('商品01001');
    expect(last.data.hasMore).toBe(false);
  });

  test('another shop\'s balances never appear, even by naming its product', async () => {
    const r = await other.as(other.owner)('stock.balances', {});
    expect(r.items.map(label)).toEqual(['纯牛奶 @ 默认仓库: 9']);
    expect((await owner('stock.balances', { productId: r.items[0].productId })).items).toEqual([]);
  });
});

describe('stock.expiring', () => {
  test('the query on batches.expiryDate selects a balance when any of its batches matches (as the cloud documents it)', async () => {
    const _ = db.command;
    const find = async (cond: unknown) =>
      (await db.collection('stock').where({ shopId: shop.shopId, 'batches.expiryDate': cond }).get()).data.map((b: any) => `${b.productId === ids.milk ? 'milk' : 'yogurt'}@${b.warehouseId === backRoomId ? 'back' : 'front'}`).sort();
    // milk@front holds B-OLD (−3) and B-SOON (10); milk@back B-MID (40) and B-FAR (200)
    expect(await find(_.lte(chinaDay(7)))).toEqual(['milk@front', 'yogurt@back']);
    expect(await find(_.lte(chinaDay(45)))).toEqual(['milk@back', 'milk@front', 'yogurt@back', 'yogurt@front']);
    // two conditions may meet different batches: milk@back has one ≥ today+100 and another ≤ today+45
    expect(await find(_.gte(chinaDay(100)).lte(chinaDay(45)))).toEqual(['milk@back']);
  });

  test('batches on hand expiring within 30 days, soonest first, with days left and value (expired left out by default)', async () => {
    const { data, requests } = await measured(shop.owner, 'stock.expiring', {});
    expect(data.items.map(batchLabel)).toEqual(['Y-2 酸奶 @ 后仓 5d ×3', 'B-SOON 纯牛奶 @ 默认仓库 10d ×12', 'Y-1 酸奶 @ 默认仓库 20d ×8']);
    expect(data.items[1]).toMatchObject({ productId: ids.milk, baseUnit: '盒', expiryDate: chinaDay(10), unitCost: '230', valueFen: 2760 });
    expect(data).toMatchObject({ today: chinaDay(0), until: chinaDay(30), total: 3, totalValueFen: 1200 + 2760 + 3200, hasMore: false });
    // member, shop, balances with such a batch, the page's product names
    expect(requests).toBe(4);
  });

  test('includeExpired adds the expired batch first; withinDays widens the range; warehouseId narrows it', async () => {
    const withExpired = await owner('stock.expiring', { includeExpired: true });
    expect(withExpired.items.map(batchLabel)[0]).toBe('B-OLD 纯牛奶 @ 默认仓库 -3d ×6');
    expect(withExpired.total).toBe(4);
    const sixty = await owner('stock.expiring', { withinDays: 60 });
    expect(sixty.items.map((b: any) => b.batchNo)).toEqual(['Y-2', 'B-SOON', 'Y-1', 'B-MID']);
    const back = await owner('stock.expiring', { withinDays: 60, includeExpired: true, warehouseId: backRoomId });
    expect(back.items.map(batchLabel)).toEqual(['Y-2 酸奶 @ 后仓 5d ×3', 'B-MID 纯牛奶 @ 后仓 40d ×5']);
    // only what has already expired
    const expiredOnly = await owner('stock.expiring', { withinDays: 0, includeExpired: true });
    expect(expiredOnly.items.map((b: any) => b.batchNo)).toEqual(['B-OLD']);
  });

  test('paged: the same order across pages, the count and value of all of them on each', async () => {
    const all = await owner('stock.expiring', { withinDays: 365, includeExpired: true });
    expect(all.items.map((b: any) => b.batchNo)).toEqual(['B-OLD', 'Y-2', 'B-SOON', 'Y-1', 'B-MID', 'B-FAR']);
    const pages = [];
    for (let page = 1; page <= 3; page++) pages.push(await owner('stock.expiring', { withinDays: 365, includeExpired: true, page, pageSize: 2 }));
    expect(pages.flatMap((p) => p.items.map((b: any) => b.batchNo))).toEqual(all.items.map((b: any) => b.batchNo));
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    expect(new Set(pages.map((p) => `${p.total} ${p.totalValueFen}`))).toEqual(new Set([`${all.total} ${all.totalValueFen}`]));
  });

  test('a clerk sees the batches and quantities but no cost or value', async () => {
    const r = await shop.as(shop.clerk)('stock.expiring', { includeExpired: true });
    expect(r.items.map((b: any) => b.batchNo)).toEqual(['B-OLD', 'Y-2', 'B-SOON', 'Y-1']);
    for (const b of r.items) {
      expect(b).not.toHaveProperty('valueFen');
      expect(b).not.toHaveProperty('unitCost');
    }
    expect(r).not.toHaveProperty('totalValueFen');
  });

  test('another shop\'s batches never appear (its default warehouse has the same id as ours)', async () => {
    for (const warehouseId of [undefined, 'main']) {
      const mine = await owner('stock.expiring', { withinDays: 3650, includeExpired: true, ...(warehouseId ? { warehouseId } : {}) });
      expect(mine.items.map((b: any) => b.batchNo)).not.toContain('OTHER');
      expect(mine.items.length).toBeGreaterThan(0);
    }
    const theirs = await other.as(other.owner)('stock.expiring', {});
    expect(theirs.items.map((b: any) => b.batchNo)).toEqual(['OTHER']);
  });

  test('a batch sold out leaves the list; bad input is refused with a typed error', async () => {
    await owner('stock.sell', { requestId: rid(), warehouseId: backRoomId, lines: [{ productId: ids.yogurt, qty: 3 }] });
    expect((await owner('stock.expiring', {})).items.map((b: any) => b.batchNo)).toEqual(['B-SOON', 'Y-1']);
    for (const bad of [{ withinDays: -1 }, { withinDays: 1.5 }, { includeExpired: 'yes' }, { pageSize: 0 }]) {
      const e = await apiError(owner('stock.expiring', bad));
      expect(e.code).toBe('E_VALIDATION');
      expect(e.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});
