// Forecast methods for daily demand. Each takes a series (oldest first) and its parameters and
// returns the one-step-ahead fitted values (fitted[t] is the forecast of y[t] made at t−1, NaN
// where the method has no forecast yet) and a function for the next h days. Parameters can be
// fixed (to reproduce a textbook example) or fitted by `fitParameters` (least squares, grid).

export type MethodName = 'zero' | 'sma' | 'wma' | 'ses' | 'holt' | 'holt_damped' | 'holt_winters' | 'croston' | 'sba' | 'combo' | 'combo_intermittent' | 'last_year';

/** Items ordered for a fill rate rather than a cycle service level (plan.ts). */
export const intermittentMethod = (method?: string) => method === 'combo_intermittent' || method === 'croston' || method === 'sba';

export interface Fit {
  method: MethodName;
  params: Record<string, number>;
  fitted: number[];
  forecast: (h: number) => number[];
}

const flat = (v: number) => (h: number) => Array.from({ length: h }, () => v);

/** Always zero: the forecast of a product that stopped selling (or never sold). */
export function zero(y: number[]): Fit {
  return { method: 'zero', params: {}, fitted: y.map(() => 0), forecast: flat(0) };
}

/**
 * Simple moving average of the last n observations.
 * Initialisation: no forecast (NaN) for the first n periods.
 */
export function sma(y: number[], n: number): Fit {
  const fitted = y.map(() => NaN);
  let sum = 0;
  for (let t = 0; t < y.length; t++) {
    if (t >= n) fitted[t] = sum / n;
    sum += y[t];
    if (t >= n) sum -= y[t - n];
  }
  const k = Math.min(n, y.length);
  const last = k ? y.slice(-k).reduce((a, b) => a + b, 0) / k : 0;
  return { method: 'sma', params: { n }, fitted, forecast: flat(last) };
}

/**
 * Weighted moving average of the last n observations with linearly rising weights 1..n (the most
 * recent weighs n), or the given weights (oldest first).
 * Initialisation: no forecast (NaN) for the first n periods.
 */
export function wma(y: number[], n: number, weights?: number[]): Fit {
  const w = weights ?? Array.from({ length: n }, (_x, i) => i + 1);
  const wsum = w.reduce((a, b) => a + b, 0);
  const at = (end: number) => w.reduce((s, wi, i) => s + wi * y[end - n + i], 0) / wsum;
  const fitted = y.map((_v, t) => (t >= n ? at(t) : NaN));
  const next = y.length >= n ? at(y.length) : y.length ? y.reduce((a, b) => a + b, 0) / y.length : 0;
  return { method: 'wma', params: { n }, fitted, forecast: flat(next) };
}

/**
 * Simple exponential smoothing: ℓt = α·yt + (1−α)·ℓt−1; forecast ŷt+h = ℓt.
 * Initialisation: ℓ0 = y0 (the first observation), so fitted[0] = NaN and fitted[1] = y0.
 */
export function ses(y: number[], alpha: number): Fit {
  const fitted = y.map(() => NaN);
  if (y.length === 0) return { method: 'ses', params: { alpha }, fitted, forecast: flat(0) };
  let level = y[0];
  for (let t = 1; t < y.length; t++) {
    fitted[t] = level;
    level = alpha * y[t] + (1 - alpha) * level;
  }
  return { method: 'ses', params: { alpha }, fitted, forecast: flat(level) };
}

/**
 * Holt's linear trend, optionally damped (φ < 1):
 *   ŷt = ℓt−1 + φ·bt−1;  ℓt = α·yt + (1−α)(ℓt−1 + φ·bt−1);  bt = β(ℓt − ℓt−1) + (1−β)·φ·bt−1;
 *   forecast ŷT+h = ℓT + (φ + φ² + … + φʰ)·bT.
 * Initialisation: ℓ0 = y0, b0 = y1 − y0; fitted[0] = NaN.
 */
export function holt(y: number[], alpha: number, beta: number, phi = 1): Fit {
  const method: MethodName = phi < 1 ? 'holt_damped' : 'holt';
  const params: Record<string, number> = phi < 1 ? { alpha, beta, phi } : { alpha, beta };
  const fitted = y.map(() => NaN);
  if (y.length < 2) return { method, params, fitted, forecast: flat(y[0] ?? 0) };
  let level = y[0];
  let trend = y[1] - y[0];
  for (let t = 1; t < y.length; t++) {
    fitted[t] = level + phi * trend;
    const prev = level;
    level = alpha * y[t] + (1 - alpha) * (level + phi * trend);
    trend = beta * (level - prev) + (1 - beta) * phi * trend;
  }
  const forecast = (h: number) => {
    const out: number[] = [];
    let damp = 0;
    for (let i = 1; i <= h; i++) {
      damp += phi ** i;
      out.push(level + damp * trend);
    }
    return out;
  };
  return { method, params, fitted, forecast };
}

/**
 * Additive Holt-Winters with season length m (7: a weekly pattern of daily sales):
 *   ŷt = ℓt−1 + bt−1 + st−m;  ℓt = α(yt − st−m) + (1−α)(ℓt−1 + bt−1);
 *   bt = β(ℓt − ℓt−1) + (1−β)·bt−1;  st = γ(yt − ℓt−1 − bt−1) + (1−γ)·st−m;
 *   forecast ŷT+h = ℓT + h·bT + sT+h−m·(k+1), k = ⌊(h−1)/m⌋.
 * Initialisation (needs two full seasons): ℓ = mean of season 1, b = (mean of season 2 − mean of
 * season 1)/m, si = yi − ℓ for the first season; the recursion starts at t = m.
 */
export function holtWinters(y: number[], alpha: number, beta: number, gamma: number, m = 7): Fit {
  const params = { alpha, beta, gamma, m };
  const fitted = y.map(() => NaN);
  if (y.length < 2 * m) return { ...ses(y, alpha), method: 'holt_winters', params };
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  let level = mean(y.slice(0, m));
  let trend = (mean(y.slice(m, 2 * m)) - level) / m;
  const season = y.slice(0, m).map((v) => v - level);
  for (let t = m; t < y.length; t++) {
    const s = season[t % m];
    fitted[t] = level + trend + s;
    const prevLevel = level;
    const prevTrend = trend;
    level = alpha * (y[t] - s) + (1 - alpha) * (prevLevel + prevTrend);
    trend = beta * (level - prevLevel) + (1 - beta) * prevTrend;
    season[t % m] = gamma * (y[t] - prevLevel - prevTrend) + (1 - gamma) * s;
  }
  const n = y.length;
  const forecast = (h: number) => Array.from({ length: h }, (_x, i) => level + (i + 1) * trend + season[(n + i) % m]);
  return { method: 'holt_winters', params, fitted, forecast };
}

/**
 * Croston's method for intermittent demand: smooth the non-zero demand sizes (z) and the
 * intervals between them (p) separately with α; forecast = z/p per period. SBA (Syntetos–Boylan)
 * multiplies by (1 − α/2) to remove Croston's bias.
 * Initialisation: z = the first non-zero demand, p = its 1-based position (the interval from the
 * start of the series); no forecast (NaN) before the first demand.
 */
export function croston(y: number[], alpha: number, variant: 'croston' | 'sba' = 'croston'): Fit {
  const factor = variant === 'sba' ? 1 - alpha / 2 : 1;
  const fitted = y.map(() => NaN);
  let z = NaN;
  let p = NaN;
  let q = 1;
  for (let t = 0; t < y.length; t++) {
    if (!Number.isNaN(z)) fitted[t] = (factor * z) / p;
    if (y[t] > 0) {
      if (Number.isNaN(z)) {
        z = y[t];
        p = t + 1;
      } else {
        z = z + alpha * (y[t] - z);
        p = p + alpha * (q - p);
      }
      q = 1;
    } else if (!Number.isNaN(z)) {
      q++;
    }
  }
  const next = Number.isNaN(z) ? 0 : (factor * z) / p;
  return { method: variant, params: { alpha }, fitted, forecast: flat(next) };
}

/**
 * Last year's same days (364 days back, so weekdays line up) as the forecast, flat at their mean:
 * a seasonal product (月饼, 粽子, summer drinks) that has been off the shelf for months and sold
 * in these weeks a year ago.
 */
export function lastYear(y: number[], horizon: number): Fit {
  const from = y.length - 364;
  const window = y.slice(Math.max(0, from), Math.max(0, from + horizon));
  const level = window.length ? window.reduce((a, b) => a + b, 0) / window.length : 0;
  return { method: 'last_year', params: { lag: 364 }, fitted: y.map((_v, t) => (t >= 364 ? y[t - 364] : NaN)), forecast: flat(level) };
}
