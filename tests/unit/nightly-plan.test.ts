// The per-product numbers of the nightly job: the Spring Festival, the policy with hand-checked
// figures, alert transitions and the digest's field formats.
import { alertId, alertMessage, desiredAlerts, reconcileAlerts } from '../../server/replenishment/alerts';
import { clip, digestSummary, digestTime } from '../../server/replenishment/digest';
import type { CombinationFit } from '../../server/replenishment/combine';
import { applyHolidayFactors, effectEvidence, holidayFactors, holidayPhase, phasesOf, poolEffects } from '../../server/replenishment/holidays';
import { addDays, seriesFrom } from '../../server/replenishment/history';
import { keepSuggestion, recordChanged } from '../../server/replenishment/job';
import { annualValueFen, fillRateDemand, forecastDaily, forecastProduct, leadDemand, methodLabelOf, policyFor, reorderPointFor } from '../../server/replenishment/plan';
import { mulberry32, poisson } from '../../bench/random';
import { chooseMethod } from '../../server/replenishment/select';
import type { Alert } from '../../typings/models';
import { shopSchemas } from '../../typings/api/shops';

describe('Spring Festival', () => {
  test('phases around 正月初一 (2027-02-06)', () => {
    expect(holidayPhase('2027-01-22')).toBeNull();
    expect(holidayPhase('2027-01-23')).toBe('pre');
    expect(holidayPhase('2027-02-05')).toBe('pre');
    expect(holidayPhase('2027-02-06')).toBe('festival');
    expect(holidayPhase('2027-02-12')).toBe('festival');
    expect(holidayPhase('2027-02-13')).toBeNull();
  });

  test('the shop\'s promotion days: every year (MM-DD) or once (YYYY-MM-DD); 春节 comes first', () => {
    expect(holidayPhase('2026-11-11', ['11-11'])).toBe('promotion');
    expect(holidayPhase('2027-11-11', ['11-11'])).toBe('promotion');
    expect(holidayPhase('2026-05-01', ['2026-05-01'])).toBe('promotion');
    expect(holidayPhase('2027-05-01', ['2026-05-01'])).toBeNull();
    expect(holidayPhase('2027-02-06', ['02-06'])).toBe('festival');
    const phases = phasesOf('2026-11-09', 5, ['11-11', '2026-11-12']);
    expect(phases).toEqual([null, null, 'promotion', 'promotion', null]);
  });

  // 10 a day, three times that while people stock up, a closed shop during the festival.
  const first = '2025-10-01';
  const series = Array.from({ length: 300 }, (_, i) => {
    const phase = holidayPhase(addDays(first, i));
    return phase === 'pre' ? 30 : phase === 'festival' ? 0 : 10;
  });

  test('one product\'s festival: its effect against the 28 days before, shrunk towards no effect by its units', () => {
    const evidence = effectEvidence(series, phasesOf(first, series.length));
    expect(evidence.pre).toEqual({ units: 420, expected: 140 });
    expect(evidence.festival).toEqual({ units: 0, expected: 70 });
    const f = holidayFactors(evidence)!;
    // 3 seen over 140 expected units: 1 + 140/160 × 2; 0 seen over 70: 1 − 70/90.
    expect(f.pre).toBeCloseTo(2.75, 10);
    expect(f.festival).toBeCloseTo(2 / 9, 10);
    expect(f.promotion).toBe(1);
  });

  test('the festival is left out of the fit: the forecast right after it stays at 10', () => {
    // The history ends just after the festival (2026-02-24).
    const end = series.slice(0, 147);
    const f = forecastProduct(end, first, addDays(first, 147), 3);
    expect(f.meanDaily).toBeCloseTo(10, 1);
    expect(f.holiday).toEqual({ pre: 2.75, festival: 0.22 });
    expect(f.methodReason).toContain('春节期间不计入拟合，年货期 ×2.75、节中 ×0.22，向无影响收缩');
    // The same history taken at face value: the surge and the closure of the last weeks pull the
    // forecast away from 10 (by more than 15 times the masked fit's 0.05).
    const naive = chooseMethod(end).fit.forecast(7);
    expect(Math.abs(naive.reduce((a, b) => a + b, 0) / 7 - 10)).toBeGreaterThan(0.75);
  });

  test('forecast days inside next year\'s window are scaled by the factors of their phase', () => {
    const factors = { pre: 3, festival: 0.5, promotion: 2 };
    expect(applyHolidayFactors([10, 10, 10], '2027-01-22', factors)).toEqual([10, 30, 30]);
    expect(applyHolidayFactors([10], '2027-02-06', factors)).toEqual([5]);
    expect(applyHolidayFactors([10, 10], '2027-11-10', factors, ['11-11'])).toEqual([10, 20]);
    expect(applyHolidayFactors([10], '2027-02-06', null)).toEqual([10]);
  });

  // A weekly seller (Saturdays and Sundays twice a Monday) with noise, two years to 2026-04-15, and its
  // twin: the same days without the festival.
  const weekFirst = '2024-04-15';
  const rand = mulberry32(11);
  const pattern = [6, 6, 7, 7, 9, 13, 14];
  const twin = Array.from({ length: 730 }, (_x, t) => Math.max(0, Math.round(pattern[t % 7] + 3 * (rand() - 0.5) * 2)));
  const festive = twin.map((v, t) => {
    const phase = holidayPhase(addDays(weekFirst, t));
    return phase === 'pre' ? v * 3 : phase === 'festival' ? 0 : v;
  });

  test('a weekly series with a festival surge keeps its weekday indices, and σ is not inflated', () => {
    const reference = chooseMethod(twin, { leadTime: 7, horizon: 14 });
    const { choice } = forecastDaily(festive, weekFirst, addDays(weekFirst, 730), 14, 7);
    const season = (choice.fit as CombinationFit).season;
    const twinSeason = (reference.fit as CombinationFit).season;
    season.forEach((s, d) => expect(Math.abs(s - twinSeason[d])).toBeLessThan(0.02));
    expect(choice.sigma / reference.sigma).toBeGreaterThan(0.85);
    expect(choice.sigma / reference.sigma).toBeLessThan(1.15);
    // Taken at face value the two festivals' surge and closure blow σ up.
    expect(chooseMethod(festive, { leadTime: 7, horizon: 14 }).sigma / reference.sigma).toBeGreaterThan(1.5);
  });

  test('a slow item whose one festival week sold nothing is forecast near the shop\'s effect, not 0', () => {
    // Ten regular products whose festival week sells half their usual, and a slow item (0.3 a day)
    // that sold nothing in it.
    const day0 = '2025-10-01';
    const shop = Array.from({ length: 10 }, (_x, i) => Array.from({ length: 300 }, (_y, t) => (holidayPhase(addDays(day0, t)) === 'festival' ? 5 + i : 10 + 2 * i)));
    const slow = Array.from({ length: 300 }, (_x, t) => (holidayPhase(addDays(day0, t)) === 'festival' || t % 10 > 2 ? 0 : 1));
    const evidence = [...shop, slow].map((y) => effectEvidence(y, phasesOf(day0, y.length)));
    const pool = poolEffects(evidence);
    // The slow item (2.1 expected units) is below the pool's 7: ten products at 0.5, shrunk by 10/13.
    expect(pool.festival.products).toBe(10);
    expect(pool.festival.factor).toBeCloseTo(1 - (10 / 13) * 0.5, 10);
    const own = holidayFactors(evidence[10])!;
    expect(own.festival).toBeGreaterThan(0.85);
    const pooled = holidayFactors(evidence[10], pool)!;
    expect(pooled.festival).toBeCloseTo(pool.festival.factor * (1 - 2.1 / 22.1), 2);
    // Next year's festival week (2027-02-06 …): forecast above 0.
    const f = forecastDaily(slow, day0, '2027-02-06', 7, 7, { pool });
    expect(f.forecast.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.5);
  });

  test('promotion days are missing in the fit and their effect is learned', () => {
    const day0 = '2025-06-01';
    const y = Array.from({ length: 200 }, (_x, t) => (['06-18', '11-11'].includes(addDays(day0, t).slice(5)) ? 80 : 10));
    const plain = forecastDaily(y, day0, addDays(day0, 200), 14, 7);
    const marked = forecastDaily(y, day0, addDays(day0, 200), 14, 7, { promotions: ['06-18', '11-11'] });
    expect(marked.choice.sigma).toBeLessThan(plain.choice.sigma / 2);
    // Two days at 8× (capped at 5×) over 20 expected units: 1 + 20/40 × (5 − 1).
    expect(marked.factors!.promotion).toBeCloseTo(3, 10);
    const f = forecastProduct(y.slice(0, 162), day0, '2025-11-10', 3, { promotions: ['06-18', '11-11'] });
    expect(f.forecast[0]).toBeCloseTo(10, 0);
    expect(f.forecast[1]).toBeGreaterThan(15);
    expect(f.methodReason).toContain('促销日同样不计入');
  });
});

describe('series from yearly history documents', () => {
  test('crosses a year boundary and reads missing years as zero', () => {
    const d2025 = { _id: 'x', shopId: 's', productId: 'p', year: 2025, daily: Array.from({ length: 366 }, (_, i) => i) };
    const s = seriesFrom(new Map([[2025, d2025]]), '2025-12-30', '2026-01-02');
    expect(s).toEqual([363, 364, 0, 0]);
  });
});

describe('policy', () => {
  const product = { baseUnit: '罐', leadTimeDays: 4, minOrderQty: 1, purchaseUnit: { name: '箱', factor: 24 }, minStock: 0, maxStock: 0 };
  const settings = { orderCostFen: 2000, holdingRate: 0.25 };

  test('hand-checked: d = 10, σ = 3, L = 4, class A (98%)', () => {
    const p = policyFor({ forecast: { meanDaily: 10, sigma: 3 }, abcClass: 'A', product, onHand: 30, onOrder: 0, reserved: 0, unitCostFen: 200, settings });
    // Lead-time demand: mean 40, variance 4 × 3² = 36 ≤ 40, so Poisson(40): P(D ≤ 52) = 0.9753,
    // P(D ≤ 53) = 0.98001 → ROP 53, safety stock 53 − 40 = 13.
    expect(p.safetyStock).toBe(13);
    expect(p.reorderPoint).toBe(53);
    // EOQ = √(2 × 3650 × 2000 / 50) = 540.4, capped at 30 days of demand: 300
    expect(p.eoq).toBe(300);
    // order up to 53 + 300 = 353 from 30: 323 → 14 boxes (336)
    expect(p.suggestedQty).toBe(336);
    expect(p.suggestedCostFen).toBe(336 * 200);
    expect(p.reason).toBe('库存 30罐 不高于再订货点 53罐（日均 10，提前期 4 天，安全库存 13），建议订 14箱');
  });

  test('a slow item is not bought for months: EOQ of 80 days is capped at 30 days of demand', () => {
    // 0.6 a day at ¥1.50: EOQ = √(2 × 219 × 2000 / 37.5) = 152.8 units, 255 days
    const p = policyFor({ forecast: { meanDaily: 0.6, sigma: 1.2 }, abcClass: 'C', product: { ...product, purchaseUnit: null }, onHand: 0, onOrder: 0, reserved: 0, unitCostFen: 150, settings });
    expect(p.eoq).toBe(18);
  });

  test('an intermittent item sold by the case is stocked for a fill rate, below its cycle-service reorder point', () => {
    const forecast = { meanDaily: 0.5, sigma: 1.5, method: 'combo_intermittent' };
    const input = { abcClass: 'C' as const, product: { ...product, leadTimeDays: 6 }, onHand: 3, onOrder: 0, reserved: 0, unitCostFen: 200, settings };
    const p = policyFor({ ...input, forecast });
    const cycle = policyFor({ ...input, forecast: { ...forecast, method: 'combo' } });
    // Lead-time demand: mean 3, variance 6 × 1.5² = 13.5. One order is a case of 24: at most
    // 2% × 24 = 0.48 units short per cycle allows a lower reorder point than P(D ≤ ROP) ≥ 90%.
    expect(p.reorderPoint).toBeLessThan(cycle.reorderPoint);
    expect(p.reorderPoint).toBeGreaterThanOrEqual(1);
    expect(p.reason).toBe(`库存 3罐 不高于再订货点 ${p.reorderPoint}罐（日均 0.5，提前期 6 天，间歇需求按 98% 满足率），建议订 1箱`);
  });

  test('an intermittent item sold in lumps is reordered earlier: the lump that triggers the order takes the stock below the reorder point', () => {
    // 0.5 a day either way: 5 every tenth day, or 1 every other day.
    const lumpy = forecastProduct(Array.from({ length: 365 }, (_x, t) => (t % 10 === 0 ? 5 : 0)), '2025-01-01', '2026-01-01', 6);
    expect(lumpy.method).toBe('combo_intermittent');
    // The position at the order is 0–4 below the reorder point, each equally often: 2 on average.
    expect(lumpy.params).toMatchObject({ undershoot: 2, undershootVar: 2 });
    const input = { abcClass: 'C' as const, product: { ...product, leadTimeDays: 6, purchaseUnit: null }, onHand: 0, onOrder: 0, reserved: 0, unitCostFen: 200, settings };
    const withLumps = policyFor({ ...input, forecast: lumpy });
    const withoutLumps = policyFor({ ...input, forecast: { ...lumpy, params: { ma: 28, alpha: 0.1, beta: 0.05 } } });
    expect(withLumps.reorderPoint).toBeGreaterThanOrEqual(withoutLumps.reorderPoint + 1);
    const d = fillRateDemand(lumpy, 6);
    expect(d.mean).toBeCloseTo(leadDemand(lumpy, 6).mean + 2, 9);
    // σ without the 98%-quantile widening (the fill rate is a mean over the distribution), plus the undershoot's variance.
    expect(d.variance).toBeLessThan(leadDemand(lumpy, 6).variance + 2);
    expect(d.variance).toBeGreaterThan(0.8 * leadDemand(lumpy, 6).variance + 2);
    // A regular item's forecast carries no undershoot.
    expect(forecastProduct(Array(365).fill(3), '2025-01-01', '2026-01-01', 6).params).not.toHaveProperty('undershoot');
  });

  test('an intermittent item of 0.3 a day by the piece gets a week of demand beyond its reorder point, a regular one a month', () => {
    const input = { abcClass: 'C' as const, product: { ...product, leadTimeDays: 5, purchaseUnit: null }, onHand: 0, onOrder: 0, reserved: 0, unitCostFen: 150, settings };
    const slow = policyFor({ ...input, forecast: { meanDaily: 0.3, sigma: 1.2, method: 'combo_intermittent' } });
    const regular = policyFor({ ...input, forecast: { meanDaily: 0.3, sigma: 1.2, method: 'combo' } });
    // EOQ = √(2 × 109.5 × 2000 / 37.5) = 108 units (a year): capped at 7 days (2) and at 30 days (9).
    expect(slow.eoq).toBe(2);
    expect(regular.eoq).toBe(9);
    // From an empty shelf: up to the reorder point plus a week (0.3 × 7 = 2.1), not plus a month.
    expect(slow.suggestedQty).toBeLessThanOrEqual(slow.reorderPoint + 3);
    expect(regular.suggestedQty).toBe(regular.reorderPoint + 9);
    // The same item by the case of 24 orders one case, never two.
    const cased = policyFor({ ...input, product: { ...input.product, purchaseUnit: { name: '箱', factor: 24 } }, forecast: { meanDaily: 0.3, sigma: 1.2, method: 'combo_intermittent' } });
    expect(cased.suggestedQty).toBe(24);
  });

  test('the reorder point is the whole unit reaching the service level, or the one below it by the product\'s position', () => {
    // d = 0.25, σ = 0.5, L = 4: Poisson(1) over the lead time; class C, 90%: P(D ≤ 1) = 0.7358,
    // P(D ≤ 2) = 0.9197 → 2 for the share (0.9 − 0.7358)/(0.9197 − 0.7358) = 0.893 of positions, else 1.
    const forecast = { meanDaily: 0.25, sigma: 0.5 };
    const input = { forecast, abcClass: 'C' as const, product: { ...product, purchaseUnit: null }, onHand: 5, onOrder: 0, reserved: 0, unitCostFen: 150, settings };
    expect(policyFor(input).reorderPoint).toBe(2);
    const ids = Array.from({ length: 2000 }, (_x, i) => `product-${i}`);
    const rops = ids.map((_id) => policyFor({ ...input, product: { ...input.product, _id } }).reorderPoint);
    expect(new Set(rops)).toEqual(new Set([1, 2]));
    const share = rops.filter((r) => r === 2).length / ids.length;
    expect(share).toBeGreaterThan(0.87);
    expect(share).toBeLessThan(0.92);
    // A product keeps its reorder point from night to night: the position is its id's.
    expect(policyFor({ ...input, product: { ...input.product, _id: ids[7] } }).reorderPoint).toBe(rops[7]);
  });

  test('lead-time demand is the forecast of the lead-time days themselves when the record holds them', () => {
    // Three quiet weekdays ahead of a busy weekend: the reorder point covers the three days, not three average days.
    const forecast = { meanDaily: 10, sigma: 2, forecast: [5, 5, 5, 20, 20, 5, 5, 5, 5, 5, 20, 20, 5, 5] };
    expect(leadDemand(forecast, 3)).toEqual({ mean: 15, variance: 12 });
    expect(leadDemand(forecast, 20).mean).toBe(200);
    expect(reorderPointFor(forecast, 3, 0.95).rop).toBeLessThan(reorderPointFor({ meanDaily: 10, sigma: 2 }, 3, 0.95).rop);
  });

  test('a cycle service level is the backtest\'s own error quantile at that level, times √L, down to the whole unit', () => {
    // 90/95/98% points of 1, 2, 3 units a √day over 4 days: 40 + 2, 40 + 4, 40 + 6.
    const forecast = { meanDaily: 10, sigma: 5, errorQuantiles: [1, 2, 3] };
    expect(reorderPointFor(forecast, 4, 0.9)).toEqual({ rop: 42, ss: 2 });
    expect(reorderPointFor(forecast, 4, 0.95).rop).toBe(44);
    expect(reorderPointFor(forecast, 4, 0.98).rop).toBe(46);
    // A level the backtest has no point for, or an older record without them: the distribution with σ.
    expect(reorderPointFor(forecast, 4, 0.99).rop).toBe(reorderPointFor({ meanDaily: 10, sigma: 5 }, 4, 0.99).rop);
    expect(reorderPointFor({ meanDaily: 10, sigma: 5, errorQuantiles: null }, 4, 0.95).rop).toBe(reorderPointFor({ meanDaily: 10, sigma: 5 }, 4, 0.95).rop);
    // A learned lead-time spread of 1 day adds z·d·σL = 16.45 in quadrature to the 4 above: √(4² + 16.45²) = 16.93.
    expect(reorderPointFor(forecast, 4, 0.95, 1).rop).toBe(56);
    // A forecast below its usual errors still keeps one unit for a product with any forecast.
    expect(reorderPointFor({ meanDaily: 0.1, sigma: 1, errorQuantiles: [-0.5, -0.4, -0.3] }, 4, 0.9).rop).toBe(1);
  });

  // Demand that spikes: 4 a day, and 30 more on 0.7% of days (a catering order, in 5% of weeks).
  const spiky = (seed: number, days: number) => {
    const r = mulberry32(seed);
    return Array.from({ length: days }, () => poisson(r, 4) + (r() < 0.007 ? 30 : 0));
  };

  test('a spiky product\'s 90% reorder point covers about 90% of lead times, its 98% about 98%', () => {
    // 300 products from the same process, 400 days of history (no 春节 in the week ahead), the next 7
    // days: a spike lies beyond the 90% point and within the 98% one; a spread fitted to the 98% point
    // covered 95% of lead times at 90% (and 99.3% at 98%).
    const covered = { 0.9: 0, 0.98: 0 };
    const n = 300;
    for (let i = 0; i < n; i++) {
      const y = spiky(100 + i, 407);
      const f = forecastProduct(y.slice(0, 400), '2025-03-01', addDays('2025-03-01', 400), 7);
      expect(f.errorQuantiles).toHaveLength(3);
      const actual = y.slice(400).reduce((a, b) => a + b, 0);
      for (const p of [0.9, 0.98] as const) covered[p] += actual <= reorderPointFor(f, 7, p).rop ? 1 : 0;
    }
    expect(covered[0.9] / n).toBeGreaterThan(0.865);
    expect(covered[0.9] / n).toBeLessThan(0.935);
    expect(covered[0.98] / n).toBeGreaterThan(0.96);
  });

  test('a product quiet for two months that came back after every quiet spell keeps a reorder point for its return', () => {
    // Sells about 3 a day for 8 weeks, then nothing for 12 weeks, over and over; now 60 days into a quiet spell.
    const r = mulberry32(5);
    const y = Array.from({ length: 3 * 140 + 56 + 60 }, (_x, t) => (t % 140 < 56 ? poisson(r, 3) : 0));
    const f = forecastProduct(y, '2025-03-01', addDays('2025-03-01', y.length), 28);
    expect(f.methodReason).toContain('已 60 天没有销售');
    expect(f.meanDaily).toBeLessThan(0.1);
    // The forecast has decayed to almost nothing, but the year's errors say a return of ~3 a day comes
    // (a negative binomial with that mean and σ puts 99% of its mass at 0: a reorder point of 1).
    expect(reorderPointFor(f, 28, 0.95).rop).toBeGreaterThan(28);
  });

  test('no demand: no safety stock, no order; a minimum stock still asks for one', () => {
    const idle = policyFor({ forecast: { meanDaily: 0, sigma: 0 }, abcClass: 'C', product, onHand: 2, onOrder: 0, reserved: 0, unitCostFen: 200, settings });
    expect(idle).toMatchObject({ safetyStock: 0, reorderPoint: 0, suggestedQty: 0, coverDays: null, reason: '近期没有需求，暂不补货' });
    const floor = policyFor({ forecast: { meanDaily: 0, sigma: 0 }, abcClass: 'C', product: { ...product, minStock: 10, purchaseUnit: null }, onHand: 2, onOrder: 0, reserved: 0, unitCostFen: 200, settings });
    expect(floor.reorderPoint).toBe(10);
    expect(floor.suggestedQty).toBe(8);
    expect(floor.reason).toBe('库存 2罐 不高于最低库存 10罐，建议订 8罐');
  });

  test('lead time 0 counts as one day (the next review); no unit cost gives EOQ 0, never NaN', () => {
    const p = policyFor({ forecast: { meanDaily: 5, sigma: 1 }, abcClass: null, product: { ...product, leadTimeDays: 0 }, onHand: 0, onOrder: 0, reserved: 0, unitCostFen: 0, settings });
    expect(p.leadTimeDays).toBe(1);
    expect(p.eoq).toBe(0);
    expect(Object.values(p).some((v) => typeof v === 'number' && Number.isNaN(v))).toBe(false);
    expect(p.suggestedQty).toBeGreaterThan(0);
  });

  test('annual consumption value scales a short history to a year, in whole fen', () => {
    expect(annualValueFen([1, 1, 1, 1, 1], 333)).toBe(365 * 333);
    expect(annualValueFen([], 333)).toBe(0);
  });
});

describe('alerts', () => {
  const base = {
    shopId: 's1',
    today: '2026-11-23',
    product: { _id: 'p1', name: '牛奶', baseUnit: '盒', minStock: 0, maxStock: 0, createdDay: '2026-01-01' },
    settings: { expiryWindowDays: 30, deadStockDays: 60, overStockDays: 120 },
    batches: [],
  };
  const record = { meanDaily: 2, reorderPoint: 10, suggestedQty: 24, purchaseUnit: { name: '箱', factor: 12 }, coverDays: 2, lastSaleDay: '2026-11-22', onHand: 5 };

  test('the conditions', () => {
    expect(desiredAlerts({ ...base, record }).map((a) => a.kind)).toEqual(['low_stock']);
    expect(desiredAlerts({ ...base, record })[0].message).toBe('库存 5盒，不高于再订货点 10盒，建议补 2箱');
    const over = { ...record, onHand: 400, coverDays: 200 };
    expect(desiredAlerts({ ...base, record: over })[0].message).toBe('库存 400盒 约可卖 200 天，超过 120 天');
    const dead = { ...record, meanDaily: 0, reorderPoint: 0, coverDays: null, lastSaleDay: '2026-09-01', onHand: 3 };
    expect(desiredAlerts({ ...base, record: dead })[0].message).toBe('83 天没有卖出，库存 3盒');
    const batches = [
      { batchNo: 'B1', expiryDate: '2026-11-20', qty: 4 },
      { batchNo: 'B2', expiryDate: '2026-11-23', qty: 1 },
      { batchNo: 'B3', expiryDate: '2027-06-01', qty: 9 },
      { batchNo: 'B4', expiryDate: '2026-11-25', qty: 0 },
    ];
    const expiring = desiredAlerts({ ...base, record: { ...record, onHand: 100, coverDays: 50 }, batches });
    expect(expiring.map((a) => [a._id, a.message])).toEqual([
      ['s1_expiring_p1_B1', '批次 B1 剩 4盒，已过期 3 天'],
      ['s1_expiring_p1_B2', '批次 B2 剩 1盒，今天过期'],
    ]);
  });

  test('an alert stores dates, not day counters nor figures: read the next day it counts that day, and the night rewrites nothing', () => {
    const dead = { ...record, meanDaily: 0, reorderPoint: 0, coverDays: null, lastSaleDay: '2026-09-01', onHand: 3 };
    const batches = [{ batchNo: 'B2', expiryDate: '2026-12-01', qty: 6 }];
    const tonight = desiredAlerts({ ...base, record: dead, batches });
    expect(tonight.map((a) => a.message)).toEqual(['83 天没有卖出，库存 3盒', '批次 B2 剩 6盒，8 天后过期（2026-12-01）']);
    const read = (day: string, figures = dead) => tonight.map((a) => alertMessage(a.kind, a.data, day, figures));
    expect(read('2026-11-24')).toEqual(['84 天没有卖出，库存 3盒', '批次 B2 剩 6盒，7 天后过期（2026-12-01）']);
    expect(read('2026-12-02')).toEqual(['92 天没有卖出，库存 3盒', '批次 B2 剩 6盒，已过期 1 天']);
    // The stock is the record's, as it is when read.
    expect(read('2026-11-24', { ...dead, onHand: 2 })[0]).toBe('84 天没有卖出，库存 2盒');
    const stored = reconcileAlerts('s1', [], tonight, new Date('2026-11-22T18:00:00Z'), base.today).writes;
    const tomorrow = desiredAlerts({ ...base, today: '2026-11-24', record: dead, batches });
    expect(reconcileAlerts('s1', stored, tomorrow, new Date('2026-11-23T18:00:00Z'), '2026-11-24').writes).toEqual([]);
    // a product created 100 days ago that never sold
    const never = desiredAlerts({ ...base, product: { ...base.product, createdDay: '2026-08-15' }, record: { ...dead, lastSaleDay: null } });
    expect(alertMessage('dead_stock', never[0].data, '2026-11-25', dead)).toBe('上架 102 天从未卖出，库存 3盒');
  });

  test('a sale or a new forecast rewrites the record, not the alert', () => {
    const at = new Date('2026-11-22T18:00:00Z');
    const stored = reconcileAlerts('s1', [], desiredAlerts({ ...base, record: { ...record, onHand: 400, coverDays: 200 } }), at, base.today).writes;
    expect(reconcileAlerts('s1', stored, desiredAlerts({ ...base, record: { ...record, onHand: 390, coverDays: 170 } }), at, base.today).writes).toEqual([]);
    expect(alertMessage('over_stock', stored[0].data, base.today, { ...record, onHand: 390, coverDays: 170 })).toBe('库存 390盒 约可卖 170 天，超过 120 天');
    const low = reconcileAlerts('s1', [], desiredAlerts({ ...base, record }), at, base.today).writes;
    expect(reconcileAlerts('s1', low, desiredAlerts({ ...base, record: { ...record, onHand: 4, suggestedQty: 36 } }), at, base.today).writes).toEqual([]);
    expect(alertMessage('low_stock', low[0].data, base.today, { ...record, onHand: 4, suggestedQty: 36 })).toBe('库存 4盒，不高于再订货点 10盒，建议补 3箱');
    // what the alert itself holds does move it: the shop's threshold, a batch's quantity
    const over = desiredAlerts({ ...base, settings: { ...base.settings, overStockDays: 90 }, record: { ...record, onHand: 400, coverDays: 200 } });
    expect(reconcileAlerts('s1', stored, over, at, base.today).writes).toHaveLength(1);
  });

  test('open → acknowledged (kept while it holds) → closed → reopened', () => {
    const now = new Date('2026-11-22T18:00:00Z');
    const wanted = desiredAlerts({ ...base, record });
    const first = reconcileAlerts('s1', [], wanted, now, base.today);
    expect(first.opened).toHaveLength(1);
    const acked: Alert = { ...first.writes[0], status: 'acknowledged' };
    const same = reconcileAlerts('s1', [acked], wanted, now, base.today);
    expect(same).toEqual({ writes: [], opened: [] });
    const changed = reconcileAlerts('s1', [acked], desiredAlerts({ ...base, product: { ...base.product, name: '纯牛奶' }, record }), now, base.today);
    expect(changed.writes[0]).toMatchObject({ status: 'acknowledged', productName: '纯牛奶' });
    const gone = reconcileAlerts('s1', [acked], [], now, base.today);
    expect(gone.writes[0]).toMatchObject({ _id: alertId('s1', 'low_stock', 'p1'), status: 'closed', closedAt: now.toISOString() });
    const back = reconcileAlerts('s1', [gone.writes[0]], wanted, now, base.today);
    expect(back.opened[0]).toMatchObject({ status: 'open', acknowledgedAt: null });
  });
});

describe('digest fields', () => {
  test('thing ≤ 20 characters, time in China time', () => {
    expect(clip('一二三四五六七八九十一二三四五六七八九十一')).toHaveLength(20);
    expect(digestSummary({ low_stock: 3, dead_stock: 1 })).toBe('缺货3 滞销1');
    expect(digestTime(new Date('2026-11-22T18:05:00Z'))).toBe('2026年11月23日 02:05');
  });
});

describe('which records a night writes', () => {
  const record = {
    _id: 's_p1', shopId: 's', productId: 'p1', productName: '可乐', baseUnit: '罐', supplierId: 'sup', day: '2026-11-01', method: 'combo', methodLabel: '', params: {}, methodReason: '',
    mase: 0.8, mape: 0.2, bias: 0, sigma: 2, meanDaily: 10, forecast: [10], weeklySales: [70], lastSaleDay: '2026-10-31', holiday: null, annualDemand: 3650, unitCostFen: 200, annualValueFen: 730000,
    abcClass: 'A' as const, serviceLevel: 0.98, leadTimeDays: 3, safetyStock: 8, reorderPoint: 38, eoq: 300, onHand: 100, coverDays: 10, suggestedQty: 0,
    purchaseUnit: { name: '箱', factor: 24 }, suggestedCostFen: 0, reason: '库存约可卖 10 天，高于再订货点 38罐', updatedAt: '',
  };
  const night = (before: typeof record, day: string, change: Partial<typeof record> = {}) => recordChanged(before, { ...before, day, ...change }, day);

  test('nothing changed: written on one night in two weeks while shown, one in four weeks when not (staggered by product)', () => {
    const days = (n: number) => Array.from({ length: n }, (_x, i) => addDays('2026-11-02', i));
    expect(days(14).filter((day) => night({ ...record, day: addDays(day, -1) }, day))).toHaveLength(1);
    const hidden = { now: false, newly: false };
    expect(days(28).filter((day) => recordChanged({ ...record, day: addDays(day, -1) }, { ...record, day }, day, hidden))).toHaveLength(1);
    // a record two weeks old is refreshed whatever the night
    expect(night(record, '2026-11-15')).toBe(true);
    expect(recordChanged(record, { ...record, day: '2026-11-08' }, '2026-11-08', hidden)).toBe(false);
    expect(recordChanged(record, { ...record, day: '2026-11-29' }, '2026-11-29', hidden)).toBe(true);
  });

  test('a sale moves the record only where the merchant sees it: a suggestion, an alert, or one that just opened', () => {
    const quiet = Array.from({ length: 28 }, (_x, i) => addDays('2026-11-02', i)).find((day) => !recordChanged({ ...record, day: addDays(day, -1) }, { ...record, day }, day, { now: false, newly: false }) && !night({ ...record, day: addDays(day, -1) }, day))!;
    const before = { ...record, day: addDays(quiet, -1) };
    const sold = { ...before, day: quiet, onHand: 97, lastSaleDay: addDays(quiet, -1) };
    expect(recordChanged(before, sold, quiet, { now: false, newly: false })).toBe(false);
    expect(recordChanged(before, sold, quiet, { now: true, newly: false })).toBe(true);
    expect(recordChanged(before, { ...before, day: quiet }, quiet, { now: true, newly: true })).toBe(true);
    expect(recordChanged({ ...before, suggestedQty: 48 }, { ...sold, suggestedQty: 48 }, quiet, { now: false, newly: false })).toBe(true);
  });

  test('what the merchant acts on is written the same night; small moves of the figures wait', () => {
    const quiet = Array.from({ length: 7 }, (_x, i) => addDays('2026-11-02', i)).find((day) => !night({ ...record, day: addDays(day, -1) }, day))!;
    const before = { ...record, day: addDays(quiet, -1) };
    expect(night(before, quiet, { onHand: 99 })).toBe(true);
    expect(night(before, quiet, { suggestedQty: 48, reason: '库存 30罐 …' })).toBe(true);
    expect(night(before, quiet, { lastSaleDay: addDays(quiet, -1) })).toBe(false); // not shown from the record
    expect(night(before, quiet, { meanDaily: 11.5 })).toBe(true); // +15%
    expect(night(before, quiet, { meanDaily: 10.4, forecast: [10.4], sigma: 2.1, coverDays: 9, reason: '库存约可卖 9 天，高于再订货点 39罐', reorderPoint: 39 })).toBe(false);
    // with a suggestion open, its reason line and reorder point are kept current
    const suggested = { ...before, suggestedQty: 48, reason: 'a' };
    expect(night(suggested, quiet, { reason: 'b' })).toBe(true);
  });
});

describe('a standing suggestion', () => {
  const before = {
    _id: 's_p1', shopId: 's', productId: 'p1', productName: '可乐', baseUnit: '罐', supplierId: 'sup', day: '2026-11-01', method: 'combo', methodLabel: '', params: {}, methodReason: '',
    mase: 0.8, mape: 0.2, bias: 0, sigma: 2, meanDaily: 10, forecast: [10], weeklySales: [70], lastSaleDay: '2026-10-31', holiday: null, annualDemand: 3650, unitCostFen: 200, annualValueFen: 730000,
    abcClass: 'A' as const, serviceLevel: 0.98, leadTimeDays: 3, safetyStock: 8, reorderPoint: 38, eoq: 300, onHand: 20, coverDays: 2, suggestedQty: 336,
    purchaseUnit: { name: '箱', factor: 24 }, suggestedCostFen: 67200, reason: '…建议订 14箱', updatedAt: '',
  };
  test('stays while the stock has not moved and tonight differs by a case or less', () => {
    const tonight = { ...before, day: '2026-11-02', meanDaily: 10.2, reorderPoint: 39, suggestedQty: 360, suggestedCostFen: 72000, reason: '…建议订 15箱' };
    expect(keepSuggestion(before, tonight)).toMatchObject({ suggestedQty: 336, reorderPoint: 38, reason: '…建议订 14箱', meanDaily: 10.2, day: '2026-11-02' });
    // the stock moved, or the quantity is off by more than a case: tonight's figures
    expect(keepSuggestion(before, { ...tonight, onHand: 15 }).suggestedQty).toBe(360);
    expect(keepSuggestion(before, { ...tonight, suggestedQty: 384 }).suggestedQty).toBe(384);
    // no suggestion tonight (an order was placed): none
    expect(keepSuggestion(before, { ...tonight, suggestedQty: 0 }).suggestedQty).toBe(0);
  });
});

describe('the shop\'s promotion days setting', () => {
  const settings = shopSchemas['shops.updateSettings'];
  test('every year (MM-DD) or once (YYYY-MM-DD), kept once each and in order', () => {
    const r = settings.parse({ settings: { promotionDays: ['11-11', ' 06-18', '2026-05-01', '11-11', '02-29'] } });
    expect(r.settings?.promotionDays).toEqual(['02-29', '06-18', '11-11', '2026-05-01']);
  });
  test('a day that does not exist is refused with a message in Chinese', () => {
    for (const bad of ['13-01', '02-30', '2026-02-29', '11/11', '']) {
      const r = settings.safeParse({ settings: { promotionDays: [bad] } });
      expect(r.success).toBe(false);
      expect(r.success ? '' : r.error.issues[0].message).toContain('促销日');
    }
    expect(settings.safeParse({ settings: { promotionDays: Array.from({ length: 61 }, (_x, i) => `2026-01-${String((i % 28) + 1).padStart(2, '0')}`) } }).success).toBe(false);
  });
  test('02-29 marks no day in a year without it', () => {
    expect(phasesOf('2025-02-27', 3, ['02-29'])).toEqual([null, null, null]);
    expect(phasesOf('2028-02-27', 3, ['02-29'])).toEqual([null, null, 'promotion']);
  });
});

test('the method label says what the forecast really is: smoothing alone when the average weighs nothing', () => {
  expect(methodLabelOf('combo', { alpha: 0.2, w: 0.5 })).toBe('组合：移动平均 + 指数平滑（含周规律）');
  expect(methodLabelOf('combo', { alpha: 0.2, beta: 0.1, phi: 0.98, w: 0 })).toBe('阻尼趋势指数平滑（含周规律）');
  expect(methodLabelOf('sma', { window: 28 })).toBe('移动平均');
  expect(methodLabelOf('combo_intermittent', { alpha: 0.05, beta: 0.01, w: 0 })).toBe('TSB（间歇需求）');
  expect(methodLabelOf('combo_intermittent', { alpha: 0.1, beta: 0.05, w: 0.5 })).toBe('组合：移动平均 + TSB（间歇需求）');
});
