// The spread pool (spread.ts): a new product's reorder point borrows the lead-time spread its
// category's established products showed; an established product mostly keeps its own.
import { policyFor, reorderPointFor } from '../../server/replenishment/plan';
import { ESTABLISHED_DAYS, spreadPool, withPooledSpread } from '../../server/replenishment/spread';

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
  expect(withPooledSpread(newProduct, null, 7, '饮料')).toBe(newProduct);
});

test('a new product in a volatile category gets a higher reorder point than the same product among calm ones', () => {
  const own = reorderPointFor(newProduct, 7, 0.95).rop;
  const inWild = reorderPointFor(withPooledSpread(newProduct, pool, 7, '饮料'), 7, 0.95).rop;
  const inCalm = reorderPointFor(withPooledSpread(newProduct, pool, 7, '文具'), 7, 0.95).rop;
  // 28 + 6.6·√7·√(1 + 7/14) (the category's 95% point, widened for a mean read from 14 days) ≈ 49; calm: 28 + 1.6-ish ≈ 34.
  expect(inWild).toBeGreaterThanOrEqual(45);
  expect(inCalm).toBeLessThan(40);
  expect(inWild).toBeGreaterThan(own);
  // The category's points lean towards the shop's (all 8 products, weighing like three of its own): below its own 6.6·√1.5.
  expect(pool.categories.get('饮料')!.products).toBe(4);
  expect(withPooledSpread(newProduct, pool, 7, '饮料').errorQuantiles![1]).toBeLessThan(6.6 * Math.sqrt(1.5));
});

test('identical established products: the pool gives a same-size product their own figures', () => {
  const same = Array.from({ length: 6 }, () => established('零食', 9, 3, [3, 4, 5]));
  const p = spreadPool(same)!;
  const floored = withPooledSpread({ meanDaily: 9, sigma: 0.5, errorQuantiles: null, historyDays: 100_000 }, p, 7, '零食');
  floored.errorQuantiles!.forEach((q, k) => expect(q).toBeCloseTo([3, 4, 5][k], 2));
});

test('an established product keeps mostly its own backtest: it weighs by the lead times it held', () => {
  const mine = { meanDaily: 4, sigma: 1, errorQuantiles: [1, 1.2, 1.5], historyDays: 700 };
  const short = withPooledSpread(mine, pool, 3, '饮料').errorQuantiles!;
  const long = withPooledSpread(mine, pool, 28, '饮料').errorQuantiles!;
  // 3-day lead times: (365 − 31)/3 ≈ 111 of its own against 5 of the pool's; 28 days: ≈ 11 against 5.
  expect(short[1]).toBeLessThan(1.5);
  expect(long[1]).toBeGreaterThan(2.5);
  expect(long[1]).toBeLessThan(6.6);
  // σ stays its own.
  expect(withPooledSpread(mine, pool, 28, '饮料').sigma).toBe(1);
});

test('a category with fewer than three established products uses the shop\'s pool', () => {
  const p = spreadPool([...calm, ...wild, established('日用', 4, 10, [12, 16, 20])])!;
  expect(p.categories.get('日用')).toBeUndefined();
  expect(withPooledSpread(newProduct, p, 7, '日用').pooledFrom).toEqual({ products: 9, category: false, alone: true });
  const input = { abcClass: 'B' as const, product, onHand: 0, onOrder: 0, reserved: 0, unitCostFen: 300, settings };
  expect(policyFor({ ...input, forecast: newProduct, spread: p, category: '日用' }).reason).toContain('波动参考全店 9 个商品');
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

test('the pool only raises a new product\'s reorder point, even among fast sellers whose law extrapolates low', () => {
  // Fast sellers with tight errors: the fitted exponent is 1, so a slow new product's pooled points come out small.
  const fast = [10, 20, 40, 80, 160].map((d) => established('饮料', d, 0.05 * d, [0.06 * d, 0.08 * d, 0.1 * d]));
  const p = spreadPool(fast)!;
  expect(p.exponent).toBe(1);
  for (const meanDaily of [0.3, 1, 3]) {
    const young = { meanDaily, sigma: Math.sqrt(meanDaily), errorQuantiles: null, historyDays: 20 };
    expect(reorderPointFor(withPooledSpread(young, p, 7, '饮料'), 7, 0.95).rop).toBeGreaterThanOrEqual(reorderPointFor(young, 7, 0.95).rop);
  }
});

test('intermittent items, products gone quiet and short histories stay out of the pool; an intermittent product keeps its own', () => {
  const lumpy = Array.from({ length: 10 }, () => ({ ...established('饮料', 0.2, 3, [8, 12, 20]), method: 'combo_intermittent' }));
  const gone = Array.from({ length: 3 }, () => ({ ...established('饮料', 0, 2, [5, 6, 7]), method: 'zero' }));
  const young = Array.from({ length: 3 }, () => ({ ...established('饮料', 4, 9, [9, 9, 9]), historyDays: 60 }));
  const p = spreadPool([...calm, ...wild, ...lumpy, ...gone, ...young])!;
  expect(p.products).toBe(8);
  expect(p.categories.get('饮料')!.products).toBe(4);
  const slow = { meanDaily: 0.2, sigma: 0.6, errorQuantiles: null, historyDays: 30, method: 'combo_intermittent' };
  expect(withPooledSpread(slow, pool, 7, '饮料')).toBe(slow);
  // A forecast from before historyDays existed is left as it is, not taken for a brand-new product.
  const old = { meanDaily: 4, sigma: 1, errorQuantiles: [1, 1.2, 1.5] };
  expect(withPooledSpread(old, pool, 7, '饮料')).toBe(old);
});

test('a product under three weeks old, forecast from its last 7 days, is widened for 7 days read, not for its age', () => {
  const young = { meanDaily: 4, sigma: 2, errorQuantiles: null, historyDays: 20 };
  const bySma = withPooledSpread({ ...young, method: 'sma' }, pool, 14, '饮料').errorQuantiles![1];
  const byCombo = withPooledSpread({ ...young, method: 'combo' }, pool, 14, '饮料').errorQuantiles![1];
  expect(bySma / byCombo).toBeCloseTo(Math.sqrt(1 + 14 / 7) / Math.sqrt(1 + 14 / 20), 6);
});
