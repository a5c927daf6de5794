// Method choice per product by rolling-origin backtest, with fallbacks for new products, products
// that stopped selling, and intermittent demand.
import { croston, Fit, holt, holtWinters, MethodName, ses, sma, wma, zero } from './forecast';

export interface Choice {
  fit: Fit;
  /** mean absolute scaled error of the backtest (lower is better); NaN when no backtest ran */
  mase: number;
  /** mean absolute percentage error over days with sales, and mean (forecast − actual) */
  mape: number;
  bias: number;
  /** standard deviation of one-step forecast errors (σd) */
  sigma: number;
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

/** Average interval between non-zero demands (ADI); > 1.32 is intermittent (Syntetos et al.). */
export function averageDemandInterval(y: number[]): number {
  const nonZero = y.filter((v) => v > 0).length;
  return nonZero ? y.length / nonZero : Infinity;
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

/** Chooses the method for one product's daily history (oldest first, today excluded). */
export function chooseMethod(y: number[], opts: { stoppedAfterDays?: number } = {}): Choice {
  const clean = y.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const sales = clean.filter((v) => v > 0).length;
  const lastSale = clean.map((v, i) => (v > 0 ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
  const quietDays = lastSale < 0 ? clean.length : clean.length - 1 - lastSale;
  const stopAfter = opts.stoppedAfterDays ?? 28;
  const finish = (fit: Fit, reason: string, metrics = { mase: NaN, mape: NaN, bias: 0 }): Choice => {
    const errors = clean.map((v, t) => v - fit.fitted[t]).filter((e) => Number.isFinite(e)).slice(-56);
    return { fit, ...metrics, sigma: stdDev(errors), reason };
  };
  if (sales === 0) return finish(zero(clean), '没有销售记录');
  if (quietDays >= Math.max(stopAfter, 2 * averageDemandInterval(clean))) return finish(zero(clean), `已 ${quietDays} 天没有销售`);
  if (clean.length < 21) return finish(sma(clean, Math.min(7, clean.length)), '新品，历史不足 3 周，用移动平均');
  const intermittent = averageDemandInterval(clean) > 1.32;
  const candidates: MethodName[] = intermittent
    ? ['croston', 'sba', 'sma']
    : clean.length >= 56
      ? ['sma', 'wma', 'ses', 'holt', 'holt_damped', 'holt_winters']
      : ['sma', 'wma', 'ses', 'holt_damped'];
  let best: { method: MethodName; m: ReturnType<typeof backtest> } | null = null;
  for (const method of candidates) {
    const m = backtest(method, clean, Math.min(28, Math.floor(clean.length / 3)));
    if (!best || m.mase < best.m.mase) best = { method, m };
  }
  const fit = fitParameters(best!.method, clean);
  return finish(fit, intermittent ? '间歇性需求' : '回测误差最小', best!.m);
}
