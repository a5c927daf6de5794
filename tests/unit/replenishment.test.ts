// The replenishment library: hand-checked examples of each method's recursion (initialisation as
// documented in forecast.ts), published policy examples, and invariants checked with fast-check.
import fc from 'fast-check';
import { croston, holt, holtWinters, MethodName, ses, sma, wma } from '../../server/replenishment/forecast';
import { abcClasses, eoq, reorderPoint, safetyStock, suggestedQuantity, zScore } from '../../server/replenishment/policy';
import { averageDemandInterval, chooseMethod, demandClass, errorQuantiles, fitParameters, leadTimeErrors, predictionWidening, TAIL_LEVELS } from '../../server/replenishment/select';
import { combination, honestSums, trended, weeklyIndices } from '../../server/replenishment/combine';
import { demandCdf, demandQuantile, expectedShortage, fillRateReorderPoint, positionOf, undershootOf } from '../../server/replenishment/distribution';
import { mulberry32, poisson } from '../../bench/random';
import { forecastProduct } from '../../server/replenishment/plan';

describe('forecast methods with fixed parameters', () => {
  test('moving averages', () => {
    expect(sma([1, 2, 3, 4, 5, 6], 3).forecast(2)).toEqual([5, 5]);
    expect(sma([1, 2, 3, 4], 3).fitted).toEqual([NaN, NaN, NaN, 2]);
    expect(wma([1, 2, 3, 4], 3).forecast(1)[0]).toBeCloseTo((2 * 1 + 3 * 2 + 4 * 3) / 6, 10);
  });
  test('simple exponential smoothing, ℓ0 = y0', () => {
    const f = ses([10, 12, 14], 0.5);
    expect(f.fitted).toEqual([NaN, 10, 11]);
    expect(f.forecast(3)).toEqual([12.5, 12.5, 12.5]);
  });
  test('Holt on a straight line continues the line; damping flattens it', () => {
    const f = holt([10, 12, 14, 16], 0.5, 0.5);
    expect(f.fitted).toEqual([NaN, 12, 14, 16]);
    expect(f.forecast(2)).toEqual([18, 20]);
    const d = holt([10, 12, 14, 16], 0.5, 0.5, 0.5).forecast(3);
    expect(d[2] - d[1]).toBeLessThan(d[1] - d[0]);
  });
  test('Holt-Winters keeps a weekly pattern', () => {
    const week = [5, 5, 5, 5, 5, 20, 20];
    const y = Array.from({ length: 8 }, () => week).flat();
    const f = holtWinters(y, 0.3, 0.05, 0.1).forecast(7);
    f.forEach((v, i) => expect(v).toBeCloseTo(week[i], 6));
  });
  test('Croston and SBA (Syntetos–Boylan factor 1 − α/2)', () => {
    const y = [0, 4, 0, 0, 2];
    const c = croston(y, 0.5);
    expect(c.fitted).toEqual([NaN, NaN, 2, 2, 2]);
    expect(c.forecast(1)[0]).toBeCloseTo(3 / 2.5, 10);
    expect(croston(y, 0.5, 'sba').forecast(1)[0]).toBeCloseTo(0.75 * 1.2, 10);
  });
});

describe('policy', () => {
  test('EOQ: Wikipedia "Economic order quantity" example (D = 10000, K = 40, h = 4 → 447.21)', () => {
    expect(eoq(10000, 40, 4)).toBeCloseTo(447.2136, 3);
    expect(eoq(0, 40, 4)).toBe(0);
    expect(eoq(100, 40, 0)).toBe(0);
  });
  test('z from the inverse normal CDF; SS = z·√(L·σd² + d²·σL²); ROP = d·L + SS', () => {
    expect(zScore(0.95)).toBeCloseTo(1.6449, 4);
    expect(zScore(0.975)).toBeCloseTo(1.96, 3);
    const ss = safetyStock(zScore(0.95), 4, 10, 50, 1);
    expect(ss).toBeCloseTo(1.64485 * Math.sqrt(4 * 100 + 2500 * 1), 2);
    expect(reorderPoint(50, 4, ss)).toBeCloseTo(200 + ss, 6);
    expect(safetyStock(1.64, 0, 10, 50, 0)).toBe(0); // lead time 0, no lead-time spread: no safety stock
    expect(() => safetyStock(1.64, -1, 1, 1)).toThrow(RangeError);
    expect(() => zScore(1)).toThrow(RangeError);
  });
  test('ABC by consumption value (80/15/5)', () => {
    const classes = abcClasses([
      { id: 'a', value: 700 },
      { id: 'b', value: 150 },
      { id: 'c', value: 100 },
      { id: 'd', value: 30 },
      { id: 'e', value: 20 },
      { id: 'z', value: 0 },
    ]);
    expect(Object.fromEntries(classes)).toEqual({ a: 'A', b: 'A', c: 'B', d: 'C', e: 'C', z: 'C' });
  });
  test('suggested quantity: order up to ROP + max(EOQ, review demand), whole cases, min order, max stock', () => {
    const base = { onHand: 10, onOrder: 0, reserved: 0, reorderPoint: 30, eoq: 40, meanDemand: 5, reviewDays: 1, packSize: 24, minOrderQty: 1, maxStock: 0 };
    expect(suggestedQuantity(base)).toBe(72); // target 70, need 60 → 3 cases
    expect(suggestedQuantity({ ...base, onOrder: 30 })).toBe(0); // already on order: not suggested twice
    expect(suggestedQuantity({ ...base, maxStock: 50, packSize: 1 })).toBe(40);
    expect(suggestedQuantity({ ...base, packSize: 1, eoq: 0, minOrderQty: 50 })).toBe(50);
  });
});

describe('method choice', () => {
  test('fallbacks: no sales, stopped selling, new product, intermittent', () => {
    expect(chooseMethod(Array(60).fill(0)).fit.method).toBe('zero');
    expect(chooseMethod([...Array(60).fill(3), ...Array(91).fill(0)]).fit.method).toBe('zero');
    expect(chooseMethod([...Array(60).fill(3), ...Array(40).fill(0)]).fit.method).toBe('combo_intermittent'); // quiet, not gone
    expect(chooseMethod([2, 3, 4, 2, 3]).fit.method).toBe('sma');
    const intermittent = Array.from({ length: 120 }, (_x, i) => (i % 5 === 0 ? 6 : 0));
    expect(averageDemandInterval(intermittent)).toBe(5);
    const c = chooseMethod(intermittent);
    expect(c.fit.method).toBe('combo_intermittent');
    // 6 every fifth day is 1.2 a day on average (the last 28 days hold 5 sales: 1.07)
    const week = c.fit.forecast(7).reduce((a, b) => a + b, 0) / 7;
    expect(week).toBeGreaterThan(1);
    expect(week).toBeLessThan(1.3);
    expect(c.reason).toContain('间歇需求');
  });
  test('a weekly seasonal series is forecast better than its mean', () => {
    const y = Array.from({ length: 112 }, (_x, i) => (i % 7 >= 5 ? 30 : 10));
    const c = chooseMethod(y);
    const f = c.fit.forecast(7);
    const next = Array.from({ length: 7 }, (_x, i) => ((112 + i) % 7 >= 5 ? 30 : 10));
    const err = f.reduce((s, v, i) => s + Math.abs(v - next[i]), 0) / 7;
    expect(err).toBeLessThan(3);
  });
});

describe('combination (the default forecast)', () => {
  test('a steep fall is followed as a rate: a product still selling is never forecast at 0', () => {
    // 20 a day, down to 1 over 40 days, then 1 a day: a straight line down reached 0 by the 4th day;
    // a fall as a rate with the trend's rate learnt at 20 a day, 0.11 by the 7th day.
    const y = [...Array.from({ length: 300 }, () => 20), ...Array.from({ length: 40 }, (_x, i) => Math.round(20 - (19 * i) / 40)), ...Array.from({ length: 10 }, () => 1)];
    const f = combination(y, false, 35).forecast(28);
    expect(Math.min(...f)).toBeGreaterThan(0.15);
    expect(f[0]).toBeGreaterThan(0.6);
    expect(f[6]).toBeGreaterThan(0.4);
    expect(forecastProduct(y, '2025-01-01', '2025-12-17', 28).meanDaily).toBeGreaterThan(0.3);
    expect(trended(3, 2)).toBe(5);
    expect(trended(10, -0.1)).toBeCloseTo(9.9, 2);
    expect(trended(2, -5)).toBeGreaterThan(0);
  });

  test('weekly indices: the ratio of each weekday to the mean, shrunk towards 1 when few units sold', () => {
    const week = [10, 10, 10, 10, 10, 20, 30]; // mean 14.29
    const big = weeklyIndices(Array.from({ length: 364 }, (_x, t) => week[t % 7]));
    // 52 Saturdays of 30 = 1560 units: trusted at 1560 / 1580
    const raw = week.map((v) => 1 + ((52 * v) / (52 * v + 20)) * (v / (100 / 7) - 1));
    const norm = raw.reduce((a, b) => a + b, 0) / 7;
    big.forEach((v, d) => expect(v).toBeCloseTo(raw[d] / norm, 9));
    expect(big[6]).toBeCloseTo(2.076, 3);
    expect(big.reduce((a, b) => a + b, 0)).toBeCloseTo(7, 9);
    // One unit a week on Saturdays only: no weekday gets 0, the pattern is mostly shrunk away.
    const sparse = weeklyIndices(Array.from({ length: 70 }, (_x, t) => (t % 7 === 6 ? 1 : 0)));
    expect(Math.min(...sparse)).toBeGreaterThan(0.5);
    expect(Math.max(...sparse)).toBeLessThan(4);
  });
  test('a trending seller without a weekly pattern gets none invented; a real pattern is kept', () => {
    // Poisson around a level rising from 10 to 20 a day over two years: 20 such series, fit on 702 days.
    const rand = mulberry32(7);
    const level = (t: number) => 10 + (10 * t) / 730;
    const week = [0.8, 0.8, 0.9, 0.9, 1.1, 1.6, 1.9];
    let invented = 0;
    let off = 0;
    let kept = 0;
    for (let i = 0; i < 20; i++) {
      const y = Array.from({ length: 702 }, (_x, t) => poisson(rand, level(t)));
      const f = chooseMethod(y, { leadTime: 28, horizon: 28 }).fit.forecast(28);
      // The first week's days against their mean: a weekday pattern the forecast made up.
      const first = f.slice(0, 7);
      const m = first.reduce((a, b) => a + b, 0) / 7;
      invented += Math.sqrt(first.reduce((a, v) => a + (v / m - 1) ** 2, 0) / 7) / 20;
      // The next 28 days' mean against the true one (19.8): the level follows the trend.
      off += Math.abs(f.reduce((a, b) => a + b, 0) / 28 / level(716) - 1) / 20;
      // The same level times a weekly pattern: its indices against the true ones.
      const seasonal = weeklyIndices(Array.from({ length: 702 }, (_x, t) => poisson(rand, level(t) * week[t % 7])));
      kept += Math.max(...seasonal.map((v, d) => Math.abs(v / (week[d] / (8 / 7)) - 1))) / 20;
    }
    // With each weekday's raw ratio to the mean (±4% of Poisson noise a year) the made-up pattern was
    // 2.9% on average; shrunk by its evidence 0.4%, while a real pattern keeps its indices (5.3% off at
    // the worst weekday, as before).
    expect(invented).toBeLessThan(0.01);
    expect(off).toBeLessThan(0.04);
    expect(kept).toBeLessThan(0.06);
  });
  test('demand classes by ADI 1.32 and CV² 0.49 (Syntetos, Boylan & Croston 2005)', () => {
    expect(demandClass(Array(100).fill(5)).kind).toBe('smooth');
    expect(demandClass(Array.from({ length: 100 }, (_x, t) => (t % 2 ? 1 : 9))).kind).toBe('erratic');
    expect(demandClass(Array.from({ length: 100 }, (_x, t) => (t % 4 ? 0 : 3))).kind).toBe('intermittent');
    expect(demandClass(Array.from({ length: 100 }, (_x, t) => (t % 4 ? 0 : t % 8 ? 1 : 12))).kind).toBe('lumpy');
    // 80 days on the shelf before its first sale, then 10 every day: smooth, not intermittent
    expect(demandClass([...Array(80).fill(0), ...Array(120).fill(10)]).kind).toBe('smooth');
  });
  test('a level that keeps rising is followed by the damped trend, not left behind by the 28-day average', () => {
    const y = Array.from({ length: 400 }, (_x, t) => 20 + 0.05 * t);
    const c = combination(y, false, 14);
    expect(c.params.beta).toBeGreaterThan(0);
    expect(c.params.w).toBe(0);
    const f = c.forecast(14);
    const mean = f.reduce((a, b) => a + b, 0) / 14;
    // The next 14 days average 40.33; the last 28 days' mean is 39.33.
    expect(Math.abs(mean - 40.325)).toBeLessThan(0.4);
    expect(f[13]).toBeGreaterThan(f[0]);
    // The reason line says what is used.
    expect(chooseMethod(y, { leadTime: 7, horizon: 14 }).reason).toContain('带阻尼趋势的指数平滑（按提前期回测选定');
  });

  test('a level that doubles or halves over two years under daily noise is followed by the slow trend', () => {
    const follow = (from: number, to: number) => {
      const rand = mulberry32(11);
      const level = (t: number) => from + ((to - from) * t) / 730;
      let off = 0;
      let slow = 0;
      for (let i = 0; i < 20; i++) {
        const c = chooseMethod(Array.from({ length: 702 }, (_x, t) => poisson(rand, level(t))), { leadTime: 28, horizon: 28 });
        // The next 28 days' mean against the true one.
        off += Math.abs(c.fit.forecast(28).reduce((a, b) => a + b, 0) / 28 / level(716) - 1) / 20;
        if (c.fit.params.phi === 0.999) slow++;
      }
      return { off, slow };
    };
    // With only the 0.98-damped trend (β ≥ 0.02) on offer: 3.6% off rising, 5.0% falling (SES's lag).
    const up = follow(10, 20);
    const down = follow(20, 10);
    expect(up.off).toBeLessThan(0.03);
    expect(down.off).toBeLessThan(0.04);
    expect(up.slow + down.slow).toBeGreaterThan(30);
    // A flat seller gets no slope.
    expect(follow(10, 10).slow).toBe(0);
  });
  test('a product\'s launch is no lesson in trends: 80 days of nothing, 120 of 10, then one day of 5', () => {
    const y = [...Array(80).fill(0), ...Array(120).fill(10), 5];
    const c = chooseMethod(y, { leadTime: 3, horizon: 10 });
    const f = c.fit.forecast(14);
    // Judged on the launch, the most reactive trend won and ran the day of 5 down to 6.7 a day.
    expect(Math.min(...f)).toBeGreaterThan(8.5);
  });

  test('TSB lets the forecast of an item that stops selling decay; quiet for a quarter it is 0', () => {
    const selling = Array.from({ length: 200 }, (_x, t) => (t % 3 === 0 ? 3 : 0));
    const at = (quiet: number) => chooseMethod([...selling, ...Array(quiet).fill(0)]);
    const f30 = at(30);
    expect(f30.fit.method).toBe('combo_intermittent');
    expect(f30.reason).toBe('已 31 天没有销售：TSB 让预测逐步降到 0'); // the last sale was on day 198 of 200
    const f60 = at(60).fit.forecast(1)[0];
    expect(f60).toBeGreaterThan(0);
    expect(f60).toBeLessThan(f30.fit.forecast(1)[0]);
    expect(at(91).fit.method).toBe('zero');
  });
  test('a steady slow seller: TSB\'s constants and the moving average\'s weight are chosen on the lead-time horizon', () => {
    // 20 items selling on a fifth of the days, 1 + Poisson(2) a sale: 0.6 a day, always.
    let chosenErr = 0;
    let fixedErr = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const rand = mulberry32(seed);
      const y = Array.from({ length: 700 }, () => (rand() < 0.2 ? 1 + poisson(rand, 2) : 0));
      const chosen = chooseMethod(y, { leadTime: 7, horizon: 14 });
      expect(chosen.fit.method).toBe('combo_intermittent');
      expect(chosen.reason).toMatch(/^间歇需求（平均 \d\.\d 天一单）：(TSB（按提前期回测选定）|移动平均与 TSB (的平均|按 \d+:\d+ 组合))，停售时会逐步降到 0$/);
      // the fixed half-and-half with TSB's usual constants, as an item gone quiet keeps it
      const fixed = combination(y, true, 14, undefined, true);
      expect(fixed.params).toEqual({ ma: 28, alpha: 0.1, beta: 0.05, w: 0.5 });
      const mean = (f: number[]) => f.reduce((a, b) => a + b, 0) / f.length;
      chosenErr += (mean(chosen.fit.forecast(14)) - 0.6) ** 2;
      fixedErr += (mean(fixed.forecast(14)) - 0.6) ** 2;
    }
    // A steady rate is read from more of the past than 28 days and β 0.05 hold.
    expect(Math.sqrt(chosenErr / 20)).toBeLessThan(0.6 * Math.sqrt(fixedErr / 20)); // 0.12 against 0.27
  });
  test('an item gone quiet keeps TSB\'s usual constants, so its forecast decays within weeks', () => {
    // sold steadily for 600 days (the choice alone would take the smoothest β), then nothing for 40
    const y = [...Array.from({ length: 600 }, (_x, t) => (t % 4 === 0 ? 4 : 0)), ...Array(40).fill(0)];
    const c = chooseMethod(y);
    expect(c.reason).toBe('已 43 天没有销售：TSB 让预测逐步降到 0'); // the last sale on day 596
    expect(c.fit.params).toMatchObject({ alpha: 0.1, beta: 0.05, w: 0.5 });
    // 1 a day while selling; after 43 quiet days TSB has 0.95^43 = 11% of it, the average none
    expect(c.fit.forecast(1)[0]).toBeLessThan(0.1);
  });
  test('lead-time errors: one per origin of the last year; the origins just before a jump under-forecast it', () => {
    const y = Array.from({ length: 400 }, (_x, t) => 5 + (t % 7) + (t > 380 ? 20 : 0));
    const fit = combination(y, false, 14);
    expect(fit.levelAt).toHaveLength(401);
    const errs = leadTimeErrors(y, fit, 7);
    expect(errs).toHaveLength(365 + 1);
    // errs[i] is origin 28 + i. Days 374–380 hold no jump; days 381–387 hold 7 × 20 more that
    // origin 381 cannot know.
    expect(Math.abs(errs[374 - 28])).toBeLessThan(20);
    expect(errs[381 - 28]).toBeGreaterThan(100);
  });
  test('the backtest forecast at an origin uses nothing after it (weekly indices and α included)', () => {
    const rand = (t: number) => ((t * 7919) % 13) / 13;
    const y = Array.from({ length: 800 }, (_x, t) => Math.round(5 + 3 * rand(t) + (t % 7 === 5 ? 4 : 0)));
    // The same history up to day 500, then a different weekly pattern and level.
    const z = y.map((v, t) => (t < 500 ? v : 20 + (t % 7) * 3));
    for (const intermittent of [false, true]) {
      const a = honestSums(y, combination(y, intermittent, 14), 14, 365);
      const b = honestSums(z, combination(z, intermittent, 14), 14, 365);
      expect(b(500, 14)).toBeCloseTo(a(500, 14), 9);
      expect(b(600, 14)).not.toBeCloseTo(a(600, 14), 1);
    }
    // the final fit's indices do see the new pattern (so a backtest with them would look ahead)
    expect(combination(z, false, 14).season).not.toEqual(combination(y, false, 14).season);
  });
  test('a seasonal product off the shelf for months is forecast from last year\'s same weeks', () => {
    // sells 5 a day from day 100 to 160 of each year, nothing otherwise
    const y = Array.from({ length: 364 + 95 }, (_x, t) => (t % 364 >= 100 && t % 364 < 160 ? 5 : 0));
    // Today is day 95 of the second year, quiet since day 159 of the first: last year's days
    // 95–108 (the 14 days ordered for) hold 9 selling days.
    const c = chooseMethod(y, { leadTime: 7, horizon: 14 });
    expect(c.fit.method).toBe('last_year');
    expect(c.fit.forecast(1)[0]).toBeCloseTo((9 * 5) / 14, 9);
    expect(c.reason).toContain('去年同期');
    // without last year's season it is gone
    expect(chooseMethod(y.slice(0, 300)).fit.method).toBe('zero');
  });
  test('σ is the spread of the lead-time sum: a level that wanders gives more than independent days would', () => {
    // Two regimes a week long each: daily noise is small, but the weekly sum moves a lot.
    const y = Array.from({ length: 364 }, (_x, t) => (Math.floor(t / 28) % 2 ? 14 : 6) + (t % 2));
    const c7 = chooseMethod(y, { leadTime: 7 });
    const c1 = chooseMethod(y, { leadTime: 1 });
    expect(c7.sigma).toBeGreaterThan(c1.sigma);
  });
  test('a new product with a week of sales has a safety stock above 0 (Poisson floor)', () => {
    const c = chooseMethod([4, 5, 3, 4, 6, 4, 5]);
    expect(c.sigma).toBeGreaterThanOrEqual(Math.sqrt(31 / 7) - 1e-9);
  });
});

describe('lead-time demand distribution', () => {
  test('a product\'s position picks between the two whole units so the service level holds on average', () => {
    const d = { mean: 1, variance: 1 };
    // Poisson(1), 90%: P(D ≤ 1) = 0.7358, P(D ≤ 2) = 0.9197.
    expect(demandCdf(d, 1)).toBeCloseTo(2 * Math.exp(-1), 12);
    expect(demandQuantile(d, 0.9)).toBe(2);
    expect(demandQuantile(d, 0.9, 0.5)).toBe(2);
    expect(demandQuantile(d, 0.9, 0.95)).toBe(1);
    // Over evenly spread positions the expected coverage is the service level itself.
    for (const dist of [d, { mean: 3.2, variance: 9 }, { mean: 150, variance: 400 }]) {
      for (const p of [0.9, 0.95, 0.98]) {
        let covered = 0;
        for (let i = 0; i < 1000; i++) covered += demandCdf(dist, demandQuantile(dist, p, (i + 0.5) / 1000));
        expect(covered / 1000).toBeCloseTo(p, 2);
      }
    }
    // Positions from ids spread evenly over [0, 1).
    const positions = Array.from({ length: 4000 }, (_x, i) => positionOf(`p${i}`));
    expect(Math.min(...positions)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...positions)).toBeLessThan(1);
    expect(positions.filter((u) => u < 0.25).length / 4000).toBeCloseTo(0.25, 1);
  });

  test('error quantiles: each level its own point of the errors, pulled towards the normal where the year has few lead times beyond it', () => {
    // Right-skewed errors (exponential, mean 1 minus 1): the 90% point is the sample's own, not the 98% point's shape.
    const errors = Array.from({ length: 2000 }, (_x, i) => -Math.log(1 - (i + 0.5) / 2000) - 1);
    const [q90, q95, q98] = errorQuantiles(errors, 1);
    expect(TAIL_LEVELS).toEqual([0.9, 0.95, 0.98]);
    // ln 10 − 1 = 1.303, ln 20 − 1 = 1.996, ln 50 − 1 = 2.912 (2000 independent one-day errors: no widening to speak of)
    expect(q90).toBeCloseTo(1.303, 1);
    expect(q95).toBeCloseTo(1.996, 1);
    expect(q98).toBeCloseTo(2.912, 1);
    expect(q90).toBeLessThan((q98 / 2.0537) * 1.2816 * 1.1);
    // The same errors as 28-day sums hold 71 independent lead times, 1.4 beyond the 98% point: widened
    // by t and pulled towards z·s (here below the skewed sample's own point, so the sample's stays).
    const long = errorQuantiles(errors, 28).map((v) => v * Math.sqrt(28));
    expect(long[2]).toBeCloseTo(2.912 * predictionWidening(2000 / 28, 0.98), 1);
    // Symmetric errors seen over few lead times: the 98% point rises to the normal's z·s, widened.
    const few = Array.from({ length: 56 }, (_x, i) => (i % 2 ? 1 : -1));
    const [, , f98] = errorQuantiles(few, 28).map((v) => v * Math.sqrt(28));
    expect(f98).toBeGreaterThan(1.5);
    expect(predictionWidening(13, 0.9)).toBeCloseTo((1.3562 / 1.2816) * Math.sqrt(1 + 1 / 13), 2);
  });

  test('σ measured on few lead times is widened as a prediction from a small sample (Student t at the 98% point)', () => {
    // t(0.98, 12) = 2.3027 (tables): 2.3027 / 2.0537 × √(1 + 1/13) = 1.1636
    expect(predictionWidening(13)).toBeCloseTo(1.1636, 2);
    expect(predictionWidening(121)).toBeGreaterThan(1);
    expect(predictionWidening(121)).toBeLessThan(1.03);
    expect(predictionWidening(52)).toBeLessThan(predictionWidening(26));
  });

  test('quantiles: Poisson when the variance is at most the mean, negative binomial above, normal from a mean of 100', () => {
    // Poisson(2): P(D ≤ 3) = 0.857, P(D ≤ 4) = 0.947
    expect(demandQuantile({ mean: 2, variance: 2 }, 0.9)).toBe(4);
    expect(demandQuantile({ mean: 2, variance: 1 }, 0.9)).toBe(4);
    // NB with n = 2, p = 0.5 (SciPy's nbinom: mean 2, variance 4): CDF 0.25, 0.5, 0.6875, 0.8125, 0.8906, 0.9375
    expect(demandQuantile({ mean: 2, variance: 4 }, 0.9)).toBe(5);
    expect(demandQuantile({ mean: 2, variance: 4 }, 0.89)).toBe(4);
    // normal with continuity correction: 120 + 12 × 2.0537 − 0.5 = 144.14 → 145
    expect(demandQuantile({ mean: 120, variance: 144 }, 0.98)).toBe(145);
    expect(demandQuantile({ mean: 0, variance: 0 }, 0.98)).toBe(0);
  });
  test('the undershoot of the reorder point by a lump of demand', () => {
    // Sold one at a time: the order is triggered exactly at the reorder point.
    expect(undershootOf([0, 1, 0, 1, 1])).toEqual({ mean: 0, variance: 0 });
    // Always 3 at once: the position lands 0, 1 or 2 below it, each a third of the time
    // (P(U = u) = P(X > u)/E[X]): mean 1, variance 2/3.
    const three = undershootOf([3, 0, 0, 3, 0, 3]);
    expect(three.mean).toBeCloseTo(1, 12);
    expect(three.variance).toBeCloseTo(2 / 3, 12);
    // 1 or 5 equally often: P(U = 0) = 2/6, P(U = 1..4) = 1/6 each → mean 10/6, E[U²] = 30/6.
    const mixed = undershootOf([1, 5, 0, 1, 5]);
    expect(mixed.mean).toBeCloseTo(10 / 6, 12);
    expect(mixed.variance).toBeCloseTo(5 - (10 / 6) ** 2, 12);
    expect(undershootOf([0, 0])).toEqual({ mean: 0, variance: 0 });
  });

  test('expected shortage E[(D − r)⁺] and the fill-rate reorder point', () => {
    // Poisson(2): L(0) = 2, L(1) = 2 − (1 − e⁻²) = 1.1353, L(2) = L(1) − (1 − 3e⁻²) = 0.5413
    expect(expectedShortage({ mean: 2, variance: 2 }, 0)).toBeCloseTo(2, 9);
    expect(expectedShortage({ mean: 2, variance: 2 }, 1)).toBeCloseTo(1 + Math.exp(-2), 9);
    expect(expectedShortage({ mean: 2, variance: 2 }, 2)).toBeCloseTo(4 * Math.exp(-2), 9);
    // 90% fill with orders of 10: at most 1 unit short per cycle → r = 2 (L(2) − L(12) = 0.54).
    // Orders of 2: at most 0.2 short, and a cycle is short by L(r) − L(r + 2) (what the next order
    // would have been short of anyway is not this cycle's): L(2) − L(4) = 0.466, L(3) − L(5) = P(D > 3) + P(D > 4) = 0.196
    // → r = 3, where L(3) alone (0.218) would have asked for 4.
    expect(fillRateReorderPoint({ mean: 2, variance: 2 }, 0.9, 10)).toBe(2);
    expect(expectedShortage({ mean: 2, variance: 2 }, 3) - expectedShortage({ mean: 2, variance: 2 }, 5)).toBeCloseTo(1 - (19 * Math.exp(-2)) / 3 + (1 - 7 * Math.exp(-2)), 9);
    expect(fillRateReorderPoint({ mean: 2, variance: 2 }, 0.9, 2)).toBe(3);
    expect(fillRateReorderPoint({ mean: 2, variance: 2 }, 0.9, 1000, 1)).toBe(1);
    // Lost sales: a cycle sells its 5 and loses S, fill 5/(5 + S) ≥ 90% allows S ≤ 0.556, so r = 2
    // (L(2) − L(7) = 0.540, fill 90.25%); back-ordered demand would allow only 0.5 and ask for 3.
    expect(expectedShortage({ mean: 2, variance: 2 }, 2) - expectedShortage({ mean: 2, variance: 2 }, 7)).toBeCloseTo(0.54, 3);
    expect(fillRateReorderPoint({ mean: 2, variance: 2 }, 0.9, 5)).toBe(2);
    // the normal branch agrees with the loss function's definition at r = μ − ½: σ·φ(0) = σ/√(2π)
    expect(expectedShortage({ mean: 200, variance: 100 }, 199.5)).toBeCloseTo(10 / Math.sqrt(2 * Math.PI), 6);
  });
});

describe('invariants (fast-check)', () => {
  // SBA is left out on purpose: its (1 − α/2) factor deliberately shrinks a constant series.
  const methods: MethodName[] = ['sma', 'wma', 'ses', 'holt', 'holt_damped', 'holt_winters', 'croston'];
  test('a constant series is forecast as that constant by the combination', () => {
    for (const intermittent of [false, true]) for (const v of combination(Array(100).fill(7), intermittent, 14).forecast(7)) expect(v).toBeCloseTo(7, 9);
  });
  test('a constant series is forecast as that constant by every unbiased method', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 30, max: 90 }), (c, n) => {
        const y = Array(n).fill(c);
        for (const m of methods) for (const v of fitParameters(m, y).forecast(7)) if (Math.abs(v - c) > 1e-6 * c) return false;
        return true;
      }),
      { numRuns: 30 },
    );
  });
  test('EOQ grows with annual demand; safety stock grows with the service level', () => {
    fc.assert(fc.property(fc.double({ min: 1, max: 1e6, noNaN: true }), fc.double({ min: 1, max: 1e6, noNaN: true }), (d1, d2) => d1 >= d2 ? eoq(d1, 2000, 25) >= eoq(d2, 2000, 25) : eoq(d1, 2000, 25) <= eoq(d2, 2000, 25)));
    fc.assert(fc.property(fc.double({ min: 0.5, max: 0.999, noNaN: true }), fc.double({ min: 0.5, max: 0.999, noNaN: true }), (a, b) => (a <= b ? safetyStock(zScore(a), 3, 4, 10, 1) <= safetyStock(zScore(b), 3, 4, 10, 1) + 1e-9 : true)));
  });
  test('no NaN ever: any non-negative history gives finite forecasts, σ and suggestions', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 0, maxLength: 120 }), (y) => {
        const c = chooseMethod(y);
        const f = c.fit.forecast(14);
        const d = f.reduce((a, b) => a + b, 0) / 14;
        const ss = safetyStock(zScore(0.95), 3, c.sigma, Math.max(0, d));
        const q = suggestedQuantity({ onHand: 0, onOrder: 0, reserved: 0, reorderPoint: reorderPoint(Math.max(0, d), 3, ss), eoq: eoq(d * 365, 2000, 30), meanDemand: Math.max(0, d), reviewDays: 1, packSize: 6, minOrderQty: 1, maxStock: 0 });
        return f.every(Number.isFinite) && Number.isFinite(c.sigma) && Number.isFinite(q);
      }),
      { numRuns: 60 },
    );
  });
});
