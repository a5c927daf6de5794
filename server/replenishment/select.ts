// Method choice per product by rolling-origin backtest, with fallbacks for new products, products
// that stopped selling, and intermittent demand.
import { combination, CombinationFit, honestSums, MA_DAYS, Missing } from './combine';
import { croston, Fit, holt, holtWinters, lastYear, MethodName, ses, sma, wma, zero } from './forecast';
import { SERVICE_LEVELS, zScore } from './policy';

export interface Choice {
  fit: Fit;
  /** mean absolute scaled error of the backtest (lower is better); NaN when no backtest ran */
  mase: number;
  /** mean absolute percentage error over days with sales, and mean (forecast − actual) */
  mape: number;
  bias: number;
  /** standard deviation of one-step forecast errors (σd) */
  sigma: number;
  /** errorQuantiles of the lead-time-sum errors (TAIL_LEVELS), or null when the backtest had too few */
  tail: number[] | null;
  reason: string;
}

const GRID = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9];
const TREND_GRID = [0.01, 0.05, 0.1, 0.2];
const SEASON_GRID = [0.05, 0.1, 0.3];

function sse(fit: Fit, y: number[]): number {
  let s = 0;
  for (let t = 0; t < y.length; t++) if (!Number.isNaN(fit.fitted[t])) s += (y[t] - fit.fitted[t]) ** 2;
  return s;
}

/** Parameters by least squares of one-step errors over a small grid (robust, bounded cost). */
export function fitParameters(method: MethodName, y: number[]): Fit {
  let best: Fit | null = null;
  let bestErr = Infinity;
  const consider = (f: Fit) => {
    const e = sse(f, y);
    if (e < bestErr) {
      bestErr = e;
      best = f;
    }
  };
  switch (method) {
    case 'zero':
      return zero(y);
    case 'sma':
      for (const n of [7, 14, 28]) consider(sma(y, n));
      break;
    case 'wma':
      for (const n of [7, 14]) consider(wma(y, n));
      break;
    case 'ses':
      for (const a of GRID) consider(ses(y, a));
      break;
    case 'holt':
      for (const a of GRID) for (const b of TREND_GRID) consider(holt(y, a, b));
      break;
    case 'holt_damped':
      for (const a of GRID) for (const b of TREND_GRID) for (const phi of [0.8, 0.9, 0.98]) consider(holt(y, a, b, phi));
      break;
    case 'holt_winters':
      for (const a of [0.05, 0.1, 0.3, 0.5]) for (const b of [0.01, 0.05]) for (const g of SEASON_GRID) consider(holtWinters(y, a, b, g));
      break;
    case 'croston':
    case 'sba':
      for (const a of [0.05, 0.1, 0.2, 0.3]) consider(croston(y, a, method));
      break;
  }
  return best ?? zero(y);
}

/**
 * Average interval between non-zero demands (ADI), counted from the first sale (the days before a
 * product first sold are no interval between demands); > 1.32 is intermittent (Syntetos et al.).
 */
export function averageDemandInterval(y: number[]): number {
  let nonZero = 0;
  let first = -1;
  for (let t = 0; t < y.length; t++) {
    if (y[t] > 0) {
      nonZero++;
      if (first < 0) first = t;
    }
  }
  return nonZero ? (y.length - first) / nonZero : Infinity;
}

function stdDev(values: number[]): number {
  if (values.length < 2) return 0;
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/**
 * Rolling-origin backtest: parameters fitted on the data before the test window, then forecasts of
 * `horizon` days from each origin in the window (states updated with the actuals, parameters kept).
 * Errors are scaled by the in-sample MAE of the naive forecast (MASE).
 */
export function backtest(method: MethodName, y: number[], window = 28, horizon = 7): { mase: number; mape: number; bias: number } {
  const train = y.slice(0, y.length - window);
  const params = fitParameters(method, train).params;
  const refit = (series: number[]) => build(method, series, params);
  let absErr = 0, n = 0, pctErr = 0, pctN = 0, bias = 0;
  for (let origin = y.length - window; origin < y.length; origin += horizon) {
    const f = refit(y.slice(0, origin)).forecast(Math.min(horizon, y.length - origin));
    f.forEach((v, i) => {
      const actual = y[origin + i];
      absErr += Math.abs(actual - v);
      bias += v - actual;
      n++;
      if (actual > 0) {
        pctErr += Math.abs(actual - v) / actual;
        pctN++;
      }
    });
  }
  let naive = 0;
  for (let t = 1; t < train.length; t++) naive += Math.abs(train[t] - train[t - 1]);
  naive = train.length > 1 ? naive / (train.length - 1) : 0;
  const mae = n ? absErr / n : 0;
  return { mase: naive > 0 ? mae / naive : mae === 0 ? 0 : Infinity, mape: pctN ? pctErr / pctN : NaN, bias: n ? bias / n : 0 };
}

function build(method: MethodName, y: number[], p: Record<string, number>): Fit {
  switch (method) {
    case 'sma': return sma(y, p.n ?? 7);
    case 'wma': return wma(y, p.n ?? 7);
    case 'ses': return ses(y, p.alpha);
    case 'holt': return holt(y, p.alpha, p.beta);
    case 'holt_damped': return holt(y, p.alpha, p.beta, p.phi);
    case 'holt_winters': return holtWinters(y, p.alpha, p.beta, p.gamma, p.m ?? 7);
    case 'croston': return croston(y, p.alpha);
    case 'sba': return croston(y, p.alpha, 'sba');
    default: return zero(y);
  }
}

/**
 * Demand class by Syntetos, Boylan & Croston (JORS 56, 2005): ADI (average interval between sales)
 * against 1.32 and CV² of the non-zero sizes against 0.49, over the last year.
 */
export type DemandClass = 'smooth' | 'erratic' | 'intermittent' | 'lumpy';
export const DEMAND_CLASS_LABELS: Record<DemandClass, string> = { smooth: '平稳需求', erratic: '波动需求', intermittent: '间歇需求', lumpy: '块状需求' };

export function demandClass(y: number[]): { kind: DemandClass; adi: number; cv2: number } {
  const recent = y.slice(-365);
  const sizes = recent.filter((v) => v > 0);
  const adi = averageDemandInterval(recent);
  const m = sizes.length ? sizes.reduce((a, b) => a + b, 0) / sizes.length : 0;
  const cv2 = sizes.length > 1 && m > 0 ? stdDev(sizes) ** 2 / m ** 2 : 0;
  const kind: DemandClass = adi > 1.32 ? (cv2 > 0.49 ? 'lumpy' : 'intermittent') : cv2 > 0.49 ? 'erratic' : 'smooth';
  return { kind, adi, cv2 };
}

/** Days without a sale after which a product is taken as gone (forecast 0, reorder point 0). */
export const OBSOLETE_DAYS = 91;

/** Histories shorter than this get a moving average (no backtest is possible). */
export const NEW_PRODUCT_DAYS = 21;

/**
 * Errors of the forecast of the sum over `h` days made at every origin of the last year: what the
 * safety stock has to cover. Each forecast is the one that origin could have made (honestSums: no
 * weekly index or α from later days).
 */
export function leadTimeErrors(y: number[], fit: CombinationFit, h: number, span = 365, missing?: Missing): number[] {
  const out: number[] = [];
  const prefix = new Float64Array(y.length + 1);
  // A lead time with a missing day in it is no sample of ordinary lead-time demand.
  const gaps = new Int32Array(y.length + 1);
  for (let t = 0; t < y.length; t++) {
    prefix[t + 1] = prefix[t] + y[t];
    gaps[t + 1] = gaps[t] + (missing?.[t] ? 1 : 0);
  }
  const sumAt = honestSums(y, fit, h, span, missing);
  for (let t = Math.max(MA_DAYS, y.length - span - h); t + h <= y.length; t++) if (gaps[t + h] === gaps[t]) out.push(prefix[t + h] - prefix[t] - sumAt(t, h));
  return out;
}

/**
 * Backtest of the daily forecasts of the next `horizon` days from weekly origins over the last
 * year (MASE scaled by the in-sample naive MAE, MAPE over days with sales, mean bias per day).
 */
function horizonBacktest(y: number[], fit: CombinationFit, horizon: number, missing?: Missing): { mase: number; mape: number; bias: number } {
  let absErr = 0, n = 0, pctErr = 0, pctN = 0, bias = 0;
  for (let origin = y.length - horizon; origin >= Math.max(MA_DAYS, y.length - 365); origin -= 7) {
    for (let i = 0; i < horizon; i++) {
      if (missing?.[origin + i]) continue;
      const f = fit.levelAt[origin] * fit.season[(origin + i) % 7];
      const actual = y[origin + i];
      absErr += Math.abs(actual - f);
      bias += f - actual;
      n++;
      if (actual > 0) {
        pctErr += Math.abs(actual - f) / actual;
        pctN++;
      }
    }
  }
  let naive = 0;
  let pairs = 0;
  for (let t = 1; t < y.length; t++) {
    if (missing?.[t] || missing?.[t - 1]) continue;
    naive += Math.abs(y[t] - y[t - 1]);
    pairs++;
  }
  naive = pairs ? naive / pairs : 0;
  const mae = n ? absErr / n : 0;
  return { mase: n === 0 ? NaN : naive > 0 ? mae / naive : mae === 0 ? 0 : Infinity, mape: pctN ? pctErr / pctN : NaN, bias: n ? bias / n : 0 };
}

const zCache = new Map<number, number>();
/** The standard normal p-point (cached: a night asks for the same few levels 10,000 times). */
function zOf(p: number): number {
  let z = zCache.get(p);
  if (z === undefined) zCache.set(p, (z = zScore(p)));
  return z;
}

/**
 * σ measured on n independent lead times predicts the next one with Student's t on n − 1 degrees of
 * freedom and a factor √(1 + 1/n) for the estimated mean (the prediction interval of a normal
 * sample); expressed as a factor on σ at the level p (by default 98%, the highest service level the
 * policy uses): 1.03 for a 3-day lead time (120 lead times a year), 1.16 for 28 days (13). t by its
 * Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5).
 */
export function predictionWidening(n: number, p = 0.98): number {
  const nu = Math.max(2, n - 1);
  const z = zOf(p);
  const t = z + (z ** 3 + z) / (4 * nu) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * nu ** 2) + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * nu ** 3);
  return (t / z) * Math.sqrt(1 + 1 / Math.max(1, n));
}

/** The p-quantile of a sorted sample (the smallest value with at least p of the sample at or under it). */
function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** The cycle service levels the policy orders for (policy.ts SERVICE_LEVELS), lowest first. */
export const TAIL_LEVELS = [...new Set(Object.values(SERVICE_LEVELS))].sort((a, b) => a - b);

/**
 * How far above its forecast the lead-time sum goes at each of TAIL_LEVELS, from the backtest's
 * errors of that sum (actual − forecast, `lead` days each; the year's windows overlap, so they hold
 * n/lead independent lead times), per √day like σ: the reorder point at level p is the forecast
 * plus this × √L. Each point is the errors' own quantile at rank ⌈p(n + 1)⌉ (the split-conformal
 * prediction bound: Vovk, Gammerman & Shafer 2005; Lei et al., JASA 113, 2018), so a 90% level is
 * no longer set by the skew of the 98% tail; where the year holds few independent lead times beyond
 * the point (m = n/lead·(1 − p), 0.3 at 98% over 28 days) it is pulled up towards the normal point
 * z·s of the errors' spread with the weight of one such lead time, m/(m + 1) against 1/(m + 1) (a
 * sample of 13 lead times rarely shows its 98% point); then widened by Student's t for the n/lead
 * lead times (predictionWidening).
 */
export function errorQuantiles(errors: number[], lead: number, sorted: ArrayLike<number> = Float64Array.from(errors).sort()): number[] {
  const n = errors.length;
  const mean = errors.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(errors.reduce((s, e) => s + (e - mean) ** 2, 0) / n);
  const independent = n / lead;
  return TAIL_LEVELS.map((p) => {
    const empirical = sorted[Math.min(n - 1, Math.ceil(p * (n + 1) - 1e-9) - 1)] - mean;
    const normal = zOf(p) * sd;
    const beyond = independent * (1 - p);
    const w = beyond / (beyond + 1);
    const above = Math.max(empirical, w * empirical + (1 - w) * normal);
    return (mean + above * predictionWidening(independent, p)) / Math.sqrt(lead);
  });
}

/** The regular combination in words: the moving average's weight and whether the smoothing has a trend. */
function regularBlend(params: Record<string, number>): string {
  const smooth = params.beta ? '带阻尼趋势的指数平滑' : '指数平滑';
  const w = params.w ?? 0.5;
  if (w === 0) return `${smooth}（按提前期回测选定，跟得上变化的销量）`;
  return `移动平均与${smooth}按 ${Math.round(w * 100)}:${Math.round((1 - w) * 100)} 组合（组合比单一方法稳）`;
}

/** The intermittent combination in words: TSB alone or with the moving average, by its weight. */
function intermittentBlend(params: Record<string, number>): string {
  const w = params.w ?? 0.5;
  if (w === 0) return 'TSB（按提前期回测选定）';
  if (w === 0.5) return '移动平均与 TSB 的平均';
  return `移动平均与 TSB 按 ${Math.round(w * 100)}:${Math.round((1 - w) * 100)} 组合`;
}

const rms = (v: number[]) => (v.length ? Math.sqrt(v.reduce((s, e) => s + e * e, 0) / v.length) : 0);

/**
 * Chooses the forecast for one product's daily history (oldest first, today excluded).
 * `leadTime` (days) is the horizon the safety stock covers; `horizon` the one ordered for (lead
 * time + review). σ is returned per day as σ(lead-time sum)/√L, so the policy's z·σ·√L is z times
 * the σ of the lead-time sum measured in the backtest (its errors are correlated from day to day, so
 * one-day errors × √L understate it).
 */
export function chooseMethod(y: number[], opts: { stoppedAfterDays?: number; leadTime?: number; horizon?: number; missing?: Missing } = {}): Choice {
  const clean = y.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const missing = opts.missing;
  // Demand class, quiet days and history length are read from the ordinary days only (a festival
  // closure is no sign of a product going out of sale).
  const ordinary = missing ? clean.filter((_v, t) => !missing[t]) : clean;
  let sales = 0;
  let lastSale = -1;
  for (let i = 0; i < ordinary.length; i++) {
    if (ordinary[i] > 0) {
      sales++;
      lastSale = i;
    }
  }
  const quietDays = lastSale < 0 ? ordinary.length : ordinary.length - 1 - lastSale;
  const stopAfter = opts.stoppedAfterDays ?? 28;
  const lead = Math.max(1, Math.round(opts.leadTime ?? 7));
  const horizon = Math.max(lead, Math.round(opts.horizon ?? lead + 7));
  const finish = (fit: Fit, reason: string, metrics = { mase: NaN, mape: NaN, bias: 0 }, base = clean): Choice => {
    const errors = base.map((v, t) => (base === clean && missing?.[t] ? NaN : v - fit.fitted[t])).filter((e) => Number.isFinite(e)).slice(-56);
    // A short history has (almost) no errors to measure: at least the spread of Poisson demand at
    // the recent rate, so a new product's safety stock is not 0.
    const recent = ordinary.slice(-28);
    const rate = fit.method === 'zero' || !recent.length ? 0 : recent.reduce((a, b) => a + b, 0) / recent.length;
    return { fit, ...metrics, sigma: Math.max(stdDev(errors), Math.sqrt(rate)), tail: null, reason };
  };
  if (sales === 0) return finish(zero(clean), '没有销售记录');
  const quiet = quietDays >= Math.max(stopAfter, 2 * averageDemandInterval(ordinary));
  // Gone for a quarter: forecast 0. Quiet for less: TSB lets the forecast decay, and the reorder
  // point stays above 0 (on M5, 50 of 1120 such "stopped" cases sold again within 28 days).
  if (quiet && (quietDays >= OBSOLETE_DAYS || ordinary.length < NEW_PRODUCT_DAYS)) {
    // Off the shelf for months but sold in the coming weeks a year ago: a seasonal product coming back
    // (on M5, 9 of the 19 "gone" smooth series at one origin sold 50–729 in the next 14 days).
    const back = clean.length >= 364 + horizon ? clean.slice(clean.length - 364, clean.length - 364 + horizon) : [];
    if (back.filter((v) => v > 0).length >= Math.max(2, horizon / 4)) {
      const fit = lastYear(clean, horizon);
      const sd = stdDev(back);
      const rate = back.reduce((a, b) => a + b, 0) / back.length;
      return { fit, mase: NaN, mape: NaN, bias: 0, sigma: Math.max(sd, Math.sqrt(rate)), tail: null, reason: `已 ${quietDays} 天没有销售，但去年同期有销售：按去年同期预测（季节性商品）` };
    }
    return finish(zero(clean), `已 ${quietDays} 天没有销售`);
  }
  if (ordinary.length < NEW_PRODUCT_DAYS) return finish(sma(ordinary, Math.min(7, ordinary.length)), '新品，历史不足 3 周，用移动平均', undefined, ordinary);
  const cls = demandClass(ordinary);
  const intermittent = quiet || cls.kind === 'intermittent' || cls.kind === 'lumpy';
  const fit = combination(clean, intermittent, horizon, missing, quiet);
  const metrics = horizonBacktest(clean, fit, Math.min(horizon, Math.floor(clean.length / 3)), missing);
  const errors = leadTimeErrors(clean, fit, lead, 365, missing);
  // σ is the errors' root mean square, widened for the few independent lead times a year holds. For
  // regular demand at least what puts the normal 95% and 98% points at the errors' own quantiles (a
  // level shift or a promotion skews them beyond the negative binomial's shape); intermittent items
  // are ordered for a fill rate, which needs the unbiased spread (their skew is the distribution's).
  // (σ is what the fill-rate policy and a level outside TAIL_LEVELS use; the cycle service levels
  // use the errors' own quantiles, `tail`.)
  const enough = errors.length >= 8;
  const sorted = enough ? Float64Array.from(errors).sort() : null;
  const spread = sorted && !intermittent ? Math.max(rms(errors), quantileOfSorted(sorted, 0.95) / 1.6449, quantileOfSorted(sorted, 0.98) / 2.0537) : rms(errors);
  const sigma = enough ? (spread * predictionWidening(errors.length / lead)) / Math.sqrt(lead) : stdDev(ordinary.slice(-56));
  const why = quiet
    ? `已 ${quietDays} 天没有销售：TSB 让预测逐步降到 0`
    : intermittent
    ? `${DEMAND_CLASS_LABELS[cls.kind]}（平均 ${cls.adi.toFixed(1)} 天一单）：${intermittentBlend(fit.params)}，停售时会逐步降到 0`
    : `${DEMAND_CLASS_LABELS[cls.kind]}：${regularBlend(fit.params)}，按星期规律调整`;
  return { fit, ...metrics, sigma, tail: sorted ? errorQuantiles(errors, lead, sorted) : null, reason: why };
}
