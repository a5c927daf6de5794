// The spread pool (spread.ts): a new product's reorder point borrows the lead-time spread its
// category's established products showed; an established product mostly keeps its own.
import { policyFor, reorderPointFor } from '../../server/replenishment/plan';
import { ESTABLISHED_DAYS, spreadPool, withSpreadFloor } from '../../server/replenishment/spread';

/** An established product: a year of history, its backtest's σ and 90/95/98% error points per √day. */
const established = (category: string, meanDaily: number, sigma: number, errorQuantiles: number[]) => ({ category, meanDaily, sigma, errorQuantiles, historyDays: 400 });
const calm = Array.from({ length: 4 }, () => established('文具', 4, 1, [1.3, 1.6, 2]));
const wild = Array.from({ length: 4 }, () => established('饮料', 4, 4, [5, 6.6, 8]));
const pool = spreadPool([...calm, ...wild])!;
const newProduct = { meanDaily: 4, sigma: 2, errorQuantiles: null, historyDays: 14 };
const settings = { orderCostFen: 2000, holdingRate: 0.25 };
const product = { _id: 'p-new', baseUnit: '瓶', leadTimeDays: 7, minOrderQty: 1, purchaseUnit: null, minStock: 0, maxStock: 0 };

test('no pool until the shop has five established products (half a year of history each)', () => {
  expect(spreadPool(calm)).toBeNull();
  expect(spreadPool([...calm, { ...wild[0], historyDays: ESTABLISHED_DAYS - 1 }])).toBeNull();
  expect(spreadPool([...calm, wild[0]])).not.toBeNull();
  expect(withSpreadFloor(newProduct, null, 7, '饮料')).toBe(newProduct);
});

test('a new product in a volatile category gets a higher reorder point than the same product among calm ones', () => {
  const own = reorderPointFor(newProduct, 7, 0.95).rop;
  const inWild = reorderPointFor(withSpreadFloor(newProduct, pool, 7, '饮料'), 7, 0.95).rop;
  const inCalm = reorderPointFor(withSpreadFloor(newProduct, pool, 7, '文具'), 7, 0.95).rop;
  // 28 + 6.6·√7·√(1 + 7/14) (the category's 95% point, widened for a mean read from 14 days) ≈ 49; calm: 28 + 1.6-ish ≈ 34.
  expect(inWild).toBeGreaterThanOrEqual(45);
  expect(inCalm).toBeLessThan(40);
  expect(inWild).toBeGreaterThan(own);
  // The category's ratios lean towards the shop's (all 8 products) with the weight of three products.
  expect(pool.categories['饮料'].products).toBe(4);
});

test('identical established products: the pool gives a same-size product their own figures', () => {
  const same = Array.from({ length: 6 }, () => established('零食', 9, 3, [3, 4, 5]));
  const p = spreadPool(same)!;
  const floored = withSpreadFloor({ meanDaily: 9, sigma: 0.5, errorQuantiles: null, historyDays: 100_000 }, p, 7, '零食');
  floored.errorQuantiles!.forEach((q, k) => expect(q).toBeCloseTo([3, 4, 5][k], 2));
  expect(floored.sigma).toBeCloseTo(3, 2);
});

test('an established product keeps mostly its own backtest: it weighs by the lead times it held', () => {
  const mine = { meanDaily: 4, sigma: 1, errorQuantiles: [1, 1.2, 1.5], historyDays: 700 };
  const short = withSpreadFloor(mine, pool, 3, '饮料').errorQuantiles!;
  const long = withSpreadFloor(mine, pool, 28, '饮料').errorQuantiles!;
  // 3-day lead times: (365 − 31)/3 ≈ 111 of its own against 5 of the pool's; 28 days: ≈ 11 against 5.
  expect(short[1]).toBeLessThan(1.5);
  expect(long[1]).toBeGreaterThan(2.5);
  expect(long[1]).toBeLessThan(6.6);
  // σ (fill-rate items, other levels) stays its own.
  expect(withSpreadFloor(mine, pool, 28, '饮料').sigma).toBe(1);
});

test('a category with fewer than three established products uses the shop\'s pool', () => {
  const p = spreadPool([...calm, ...wild, established('日用', 4, 10, [12, 16, 20])])!;
  expect(p.categories['日用']).toBeUndefined();
  expect(withSpreadFloor(newProduct, p, 7, '日用').pooledFrom).toBe(9);
});

test('the merchant sees where a new product\'s safety stock came from', () => {
  const input = { abcClass: 'B' as const, product, onHand: 0, onOrder: 0, reserved: 0, unitCostFen: 300, settings };
  const alone = policyFor({ ...input, forecast: newProduct });
  const pooled = policyFor({ ...input, forecast: newProduct, spread: pool, category: '饮料' });
  expect(pooled.reorderPoint).toBeGreaterThan(alone.reorderPoint);
  expect(pooled.reason).toContain('波动参考同类 4 个商品');
  expect(alone.reason).not.toContain('参考同类');
  // An established product's line does not claim it.
  const old = policyFor({ ...input, forecast: { meanDaily: 4, sigma: 1, errorQuantiles: [1, 1.2, 1.5], historyDays: 700 }, spread: pool, category: '饮料' });
  expect(old.reason).not.toContain('参考同类');
});
