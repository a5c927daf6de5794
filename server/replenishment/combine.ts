// The default forecast: a combination of two simple methods on the weekly-adjusted series, chosen
// by demand class. Combining simple methods beats picking one per series (Makridakis, Spiliotis &
// Assimakopoulos, "The M4 Competition", IJF 36(1), 2020: the SES/Holt-damped/Theta combination);
// on the 280 M5 series here the 28-day moving average beats every smoothing method fitted on one-step
// errors, so it is part of both combinations (bench m5 prints the figures).
//   regular demand (ADI ≤ 1.32): MA(28) with SES or Holt's damped trend, α, β, φ and the MA's weight
//     (½, ¼ or 0) chosen on the lead-time horizon over the last year's origins
//   intermittent demand (ADI > 1.32, Syntetos–Boylan): MA(28) with TSB (Teunter, Syntetos & Babai,
//     EJOR 214, 2011), TSB's α, β and the MA's weight chosen the same way; an item gone quiet keeps
//     TSB's usual α 0.1, β 0.05 and an equal mean, which decay towards zero as it stops selling
// Every path also gives the forecast made at each past origin, so the backtest of the lead-time
// sum costs one pass (no refit per origin).
// Known days (春节, the shop's promotions) can be marked missing: they count for no weekday index,
// the moving average reaches back over them to the last 28 ordinary days, and SES (with its trend)
// and TSB carry their state across them unchanged — no invented values between the ordinary weeks.
import type { Fit } from './forecast';

export const MA_DAYS = 28;
/** Units sold on a weekday at which its index is trusted half-way (shrinkage towards no weekly effect). */
export const SEASON_SHRINK_UNITS = 20;
const SEASON_WEEKS = 52;
const SES_GRID = [0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.2, 0.3];
const SELECTION_SPAN = 365;
/** TSB smoothing of an item gone quiet: size α, probability β (Teunter et al. use 0.05–0.3 and 0.01–0.1). */
export const TSB_ALPHA = 0.1;
export const TSB_BETA = 0.05;

/** Days whose demand is not ordinary (missing[t] true): left out of every fit and error. */
export type Missing = ArrayLike<boolean> | undefined;

/**
 * Multiplicative day-of-week indices (mean 1 over the week) from the last 52 weeks: the ratio of
 * each weekday's mean to the overall mean, as in classical decomposition (Hyndman & Athanasopoulos,
 * FPP3 §3.4), shrunk towards 1 by units / (units + 20) so a weekday with few sales gets no
 * invented pattern and no weekday gets an index of 0, or by the empirical-Bayes weight when that is
 * smaller (indicesFrom: a weekly pattern no larger than its sampling noise is noise).
 * Index d applies to y[t] with t % 7 === d.
 */
export function weeklyIndices(y: number[], weeks = SEASON_WEEKS, shrinkUnits = SEASON_SHRINK_UNITS, missing?: Missing): number[] {
  const start = Math.max(0, y.length - weeks * 7);
  const sums = [0, 0, 0, 0, 0, 0, 0];
  const counts = [0, 0, 0, 0, 0, 0, 0];
  const diffs = [0, 0, 0, 0, 0, 0, 0];
  const pairs = [0, 0, 0, 0, 0, 0, 0];
  for (let t = start; t < y.length; t++) {
    if (missing?.[t]) continue;
    sums[t % 7] += y[t];
    counts[t % 7]++;
    if (t - 7 >= start && !missing?.[t - 7]) {
      diffs[t % 7] += (y[t] - y[t - 7]) ** 2;
      pairs[t % 7]++;
    }
  }
  return indicesFrom(sums, counts, diffs, pairs, shrinkUnits);
}

/**
 * The indices from each weekday's sum and count of days, and its sum of squared differences from the
 * same weekday a week before (diffs, over `pairs` such pairs). Each weekday's deviation from 1 is
 * shrunk by the smaller of two weights: units / (units + 20), and the empirical-Bayes weight
 * τ² / (τ² + v) (Efron & Morris, JASA 70, 1975), v the deviation's sampling variance — half the mean
 * squared week-on-week difference (which a level moving with the year or a trend hardly touches) over
 * the days counted — and τ² the true deviations' variance, what the 7 deviations spread beyond their
 * noise (method of moments; they sum to about 0, so the noise adds 6/7 of Σv). A seller of 10 a day
 * with no weekly pattern got indices off by ±4% from a year's Poisson noise, each day's forecast
 * with them (generated trend and smooth series: ~0.8% MASE and RMSSE). The smaller weight, not their
 * product: both stand for the same sampling noise, and shrinking twice cost a real pattern 0.2%
 * (generated weekly-multiplicative series).
 */
function indicesFrom(sums: ArrayLike<number>, counts: ArrayLike<number>, diffs: ArrayLike<number>, pairs: ArrayLike<number>, shrinkUnits = SEASON_SHRINK_UNITS): number[] {
  let total = 0;
  let days = 0;
  for (let d = 0; d < 7; d++) {
    if (counts[d] === 0) return [1, 1, 1, 1, 1, 1, 1];
    total += sums[d];
    days += counts[d];
  }
  if (!(total > 0)) return [1, 1, 1, 1, 1, 1, 1];
  const overall = total / days;
  const dev = [0, 0, 0, 0, 0, 0, 0];
  const noise = [0, 0, 0, 0, 0, 0, 0];
  let spread = 0;
  let noiseSum = 0;
  for (let d = 0; d < 7; d++) {
    dev[d] = sums[d] / counts[d] / overall - 1;
    noise[d] = pairs[d] > 0 ? diffs[d] / (2 * pairs[d]) / counts[d] / (overall * overall) : 0;
    spread += dev[d] * dev[d];
    noiseSum += noise[d];
  }
  const tau2 = Math.max(0, (spread - (6 / 7) * noiseSum) / 7);
  const raw = [0, 0, 0, 0, 0, 0, 0];
  let norm = 0;
  for (let d = 0; d < 7; d++) {
    const units = sums[d] / (sums[d] + shrinkUnits);
    const evidence = noise[d] > 0 ? tau2 / (tau2 + noise[d]) : 1;
    raw[d] = 1 + Math.min(units, evidence) * dev[d];
    norm += raw[d] / 7;
  }
  for (let d = 0; d < 7; d++) raw[d] /= norm;
  return raw;
}

/**
 * The weekly indices known at every origin t, from the 52 weeks before the start of t's week
 * (recomputed once a week: the index of a weekday moves little in 7 days, and a week's origins
 * then share one row). Row k (7 numbers from 7k) serves the origins 7k … 7k + 6.
 */
function weeklyRollingIndices(y: number[], missing?: Missing): Float64Array {
  const weeks = Math.floor(y.length / 7) + 1;
  const out = new Float64Array(weeks * 7);
  const sums = [0, 0, 0, 0, 0, 0, 0];
  const counts = [0, 0, 0, 0, 0, 0, 0];
  const diffs = [0, 0, 0, 0, 0, 0, 0];
  const pairs = [0, 0, 0, 0, 0, 0, 0];
  // A day and the same weekday a week before: the pair counts while both are in the window.
  const pair = (u: number, sign: number) => {
    if (u - 7 < 0 || missing?.[u] || missing?.[u - 7]) return;
    diffs[u % 7] += sign * (y[u] - y[u - 7]) ** 2;
    pairs[u % 7] += sign;
  };
  for (let k = 0; k < weeks; k++) {
    const t = 7 * k;
    if (k > 0) {
      for (let u = t - 7; u < t; u++) {
        if (!missing?.[u]) {
          sums[u % 7] += y[u];
          counts[u % 7]++;
        }
        pair(u, 1);
        const old = u - SEASON_WEEKS * 7;
        if (old >= 0 && !missing?.[old]) {
          sums[old % 7] -= y[old];
          counts[old % 7]--;
        }
        // old leaves the window, so its pair with the week after does.
        if (old >= 0) pair(old + 7, -1);
      }
    }
    const idx = indicesFrom(sums, counts, diffs, pairs);
    for (let d = 0; d < 7; d++) out[t + d] = idx[d];
  }
  return out;
}

/**
 * Moving average of the last 28 ordinary days at every origin: out[t] = their mean before t (fewer
 * at the start; a missing day is skipped, not counted as a day of the window).
 */
function movingAverageLevels(x: number[], missing?: Missing): number[] {
  const out = new Array<number>(x.length + 1);
  const kept: number[] = [];
  let sum = 0;
  const firstKept = x.findIndex((_v, t) => !missing?.[t]);
  out[0] = firstKept >= 0 ? x[firstKept] : 0;
  for (let t = 1; t <= x.length; t++) {
    if (!missing?.[t - 1]) {
      kept.push(x[t - 1]);
      sum += x[t - 1];
      if (kept.length > MA_DAYS) sum -= kept[kept.length - 1 - MA_DAYS];
    }
    out[t] = kept.length ? sum / Math.min(kept.length, MA_DAYS) : out[0];
  }
  return out;
}

/** The first `days` ordinary values (the initial state of SES and TSB). */
function head(x: number[], days: number, missing?: Missing): number[] {
  const out: number[] = [];
  for (let t = 0; t < x.length && out.length < days; t++) if (!missing?.[t]) out.push(x[t]);
  return out;
}

/** Smoothing of the weekly-adjusted level: SES (β = 0) or Holt's damped trend (β > 0, damping φ). */
export interface Smoothing {
  alpha: number;
  beta: number;
  phi: number;
}
/**
 * φ of the damped trend: a slope found today still counts half after a month (a level that moves
 * with the year, generated weekly-multiplicative series: 0.98 forecasts them better than Holt-Winters,
 * 0.9 and 0.95 do not). β = 0 keeps plain SES in the choice, so a level without a slope gets none.
 */
export const DAMPING = 0.98;
/**
 * A slow trend besides: a slope that holds for months (φ 0.999), learnt from a slowly moving level
 * (β 0.01, α ≤ 0.02). The 0.98-damped trend, learnt faster, loses a steady rise of a few % a month in
 * a seller's daily noise: on generated trend series the choice did no better with it than with SES
 * alone; with this one 0.3–0.5% better in MASE and RMSSE (seeds 13 and 29), M5 0.1% worse.
 */
const SLOW_DAMPING = 0.999;
const SLOW_BETA = 0.01;
const SLOW_ALPHAS = [0.01, 0.02];
/** α tried with a trend: a coarser grid than SES's (19 candidates in all rather than 27, for the night's time). */
const TREND_ALPHAS = [0.02, 0.05, 0.12, 0.3];
const SMOOTHING_CANDIDATES: Smoothing[] = [
  ...SES_GRID.map((alpha) => ({ alpha, beta: 0, phi: 1 })),
  ...[0.02, 0.1].flatMap((beta) => TREND_ALPHAS.map((alpha) => ({ alpha, beta, phi: DAMPING }))),
  ...SLOW_ALPHAS.map((alpha) => ({ alpha, beta: SLOW_BETA, phi: SLOW_DAMPING })),
];
/**
 * The level moved by a trend's step, in the recursion and in the forecast. A rise adds; a fall is
 * taken as a rate, ℓ·e^(step/ℓ), which is ℓ + step for a small one but never reaches 0. A straight
 * line down (a level falling from 17 a day to 2.5 over a month) carried the level below 0 and kept
 * a product that then sold 2–5 a day at a forecast of 0 and a reorder point of 0 (M5, 4 of 4,258
 * regular forecasts under a fifth of their last 28 days' mean).
 */
export function trended(level: number, step: number): number {
  if (!(level > 0)) return Math.max(0, level + Math.max(0, step));
  return step >= 0 ? level + step : level * Math.exp(step / level);
}

/**
 * The trend after the level moved from `level` to `next`: β(ℓt − ℓt−1) + (1 − β)·φ·bt−1 (FPP3 §8.2),
 * a falling trend carried at the same rate of the level (scaled by ℓt/ℓt−1) since a fall is a rate
 * (trended): a fall of 0.5 a day learnt at 20 a day is −2.5% a day, not −50% once the level is 1.
 */
function nextTrend(beta: number, phi: number, trend: number, level: number, next: number): number {
  const carried = trend < 0 && level > 0 ? (trend * Math.max(0, next)) / level : trend;
  return beta * (next - level) + (1 - beta) * phi * carried;
}

/**
 * How many of the trend's steps the next h days carry on average: day i is ℓ + b·(φ + … + φ^i) (the
 * forecast's own days), so their mean is (1/h)·Σ_i φ(1 − φ^i)/(1 − φ); none without a trend. (It was
 * (φ + … + φ^h)/h, about one step: the backtest judged each trend on a forecast a fortnight shorter
 * than the one ordered from.)
 */
const trendAhead = (p: Smoothing, h: number) => (p.beta > 0 ? (p.phi / (1 - p.phi)) * (1 - (p.phi * (1 - p.phi ** h)) / (1 - p.phi) / h) : 0);

/**
 * The smoothed level at every origin as the mean forecast of the next `horizon` days: SES's level
 * ℓ (FPP3 §8.1), or with a damped trend b (FPP3 §8.2) ℓ moved by b·trendAhead. ℓ0 = mean of the
 * first 28, b0 = 0. Missing days leave the state unchanged.
 */
function smoothLevels(x: number[], horizon: number, p: Smoothing, missing?: Missing): number[] & { level?: number; trend?: number } {
  const n = x.length;
  const first = head(x, MA_DAYS, missing);
  let level = first.reduce((a, b) => a + b, 0) / Math.max(1, first.length);
  let trend = 0;
  const h = Math.max(1, horizon);
  const ahead = trendAhead(p, h);
  const { phi } = p;
  const out: number[] & { level?: number; trend?: number } = new Array<number>(n + 1);
  out[0] = level;
  for (let t = 0; t < n; t++) {
    if (!missing?.[t]) {
      const next = p.alpha * x[t] + (1 - p.alpha) * trended(level, phi * trend);
      trend = p.beta > 0 ? nextTrend(p.beta, phi, trend, level, next) : 0;
      level = next;
    }
    out[t + 1] = trended(level, trend * ahead);
  }
  out.level = level;
  out.trend = trend;
  return out;
}

/**
 * The first origin the parameters are judged on: the last year's, but none in the first 28 days after
 * the first sale (a product's launch from 0 to its level would pick the most reactive trend, which
 * then runs one quiet day into a falling slope), unless that leaves fewer than two horizons.
 */
function selectionStart(x: number[], h: number): number {
  const n = x.length;
  const year = Math.max(MA_DAYS, n - SELECTION_SPAN - h);
  const firstSale = x.findIndex((v) => v > 0);
  const launched = firstSale < 0 ? year : Math.max(year, firstSale + MA_DAYS);
  return n - h - launched >= 2 * h ? launched : year;
}

/**
 * What a candidate is judged against at each origin t: the mean of the next h days (h the horizon,
 * at most a third of the history), NaN where t is no test — before the selection span, or a missing
 * day inside the window.
 */
function horizonTargets(x: number[], horizon: number, missing?: Missing): { h: number; target: Float64Array } {
  const n = x.length;
  const prefix = new Float64Array(n + 1);
  const gaps = new Int32Array(n + 1);
  for (let t = 0; t < n; t++) {
    prefix[t + 1] = prefix[t] + x[t];
    gaps[t + 1] = gaps[t] + (missing?.[t] ? 1 : 0);
  }
  const h = Math.max(1, Math.min(horizon, Math.floor(n / 3)));
  const from = selectionStart(x, h);
  const target = new Float64Array(Math.max(0, n - h + 1));
  for (let t = 0; t < target.length; t++) target[t] = t >= from && gaps[t + h] === gaps[t] ? (prefix[t + h] - prefix[t]) / h : NaN;
  return { h, target };
}

/**
 * α (and β) from a grid by the squared error of the level against the mean of the next `horizon`
 * days over the origins of the last year: the parameters are chosen for the horizon that is ordered
 * for, not the next day (one-step fitting picks α far too large for noisy daily sales).
 */
function chooseSmoothing(x: number[], horizon: number, missing?: Missing): Smoothing {
  const n = x.length;
  const { h, target } = horizonTargets(x, horizon, missing);
  const last = target.length - 1;
  let best = SMOOTHING_CANDIDATES[0];
  let bestErr = Infinity;
  const first = head(x, MA_DAYS, missing);
  const init = first.reduce((a, b) => a + b, 0) / Math.max(1, first.length);
  const skip = new Uint8Array(n);
  for (let t = 0; t < n; t++) skip[t] = missing?.[t] ? 1 : 0;
  for (const c of SMOOTHING_CANDIDATES) {
    const { alpha, beta, phi } = c;
    const ahead = trendAhead(c, h);
    // smoothLevels inline (no array per candidate): the level at origin t against the next h days;
    // a candidate stops as soon as its error can no longer win (errors only add up).
    let level = init;
    let trend = 0;
    let err = 0;
    for (let t = 0; t <= last && err < bestErr; t++) {
      const y = target[t];
      if (y === y) {
        const d = trended(level, trend * ahead) - y;
        err += d * d;
      }
      if (!skip[t]) {
        const next = alpha * x[t] + (1 - alpha) * trended(level, phi * trend);
        trend = beta > 0 ? nextTrend(beta, phi, trend, level, next) : 0;
        level = next;
      }
    }
    if (err < bestErr - 1e-12) {
      bestErr = err;
      best = c;
    }
  }
  return best;
}

/** TSB's smoothing constants. */
export interface TsbParams {
  alpha: number;
  beta: number;
}
const TSB_DEFAULT: TsbParams = { alpha: TSB_ALPHA, beta: TSB_BETA };
/** α and β tried per item, within Teunter et al.'s ranges (α 0.05–0.3, β 0.01–0.1); 12 candidates. */
const TSB_ALPHAS = [0.05, 0.1, 0.2];
const TSB_BETAS = [0.01, 0.02, 0.05, 0.1];

/** TSB's initial size z and probability p: over the first 28 ordinary days with any sale in them. */
function tsbStart(x: number[], missing?: Missing): { z: number; p: number } {
  const ordinary = head(x, x.length, missing);
  const start = ordinary.slice(0, Math.max(MA_DAYS, ordinary.findIndex((v) => v > 0) + 1));
  const positive = start.filter((v) => v > 0);
  return { z: positive.length ? positive.reduce((a, b) => a + b, 0) / positive.length : 0, p: start.length ? positive.length / start.length : 0 };
}

/**
 * TSB levels at every origin: the demand size z is smoothed with α on days with demand, the
 * probability of demand p with β on every day; forecast p·z. Initialisation: z = the mean non-zero
 * demand, p = the share of days with demand, both over the first 28 days with any sale in them.
 */
function tsbLevels(x: number[], missing?: Missing, params: TsbParams = TSB_DEFAULT): number[] {
  const n = x.length;
  const out = new Array<number>(n + 1).fill(0);
  let { z, p } = tsbStart(x, missing);
  const { alpha, beta } = params;
  out[0] = p * z;
  for (let t = 0; t < n; t++) {
    if (missing?.[t]) {
      out[t + 1] = out[t];
      continue;
    }
    const demand = x[t] > 0;
    p += beta * ((demand ? 1 : 0) - p);
    if (demand) z = z > 0 ? z + alpha * (x[t] - z) : x[t];
    out[t + 1] = p * z;
  }
  return out;
}

/**
 * TSB's α and β and the moving average's weight for intermittent demand, by the squared error of
 * the combined level against the mean of the next `horizon` days over the last year's origins — the
 * criterion SES's α and the regular weight are chosen by. A steady slow seller gets a small β and
 * little of the noisy 28-day window (generated intermittent and lumpy series: RMSSE as good as SBA's,
 * 1% worse with the fixed half-and-half); one whose rate moves keeps more of it.
 */
function chooseIntermittent(x: number[], ma: number[], horizon: number, missing?: Missing): { tsb: TsbParams; w: number } {
  const { target } = horizonTargets(x, horizon, missing);
  // The origins judged on, with their targets and moving averages, packed for the candidates' loop.
  let k = 0;
  for (let t = 0; t < target.length; t++) if (target[t] === target[t]) k++;
  if (!k) return { tsb: TSB_DEFAULT, w: 0.5 };
  const at = new Int32Array(k + 1).fill(-1); // ends on −1, a day no loop reaches
  const goal = new Float64Array(k);
  const avg = new Float64Array(k);
  for (let t = 0, i = 0; t < target.length; t++) {
    if (target[t] === target[t]) {
      at[i] = t;
      goal[i] = target[t];
      avg[i++] = ma[t];
    }
  }
  const end = at[k - 1];
  // TSB's probability depends on β alone and its size on α alone: 7 passes give the 12 candidates'
  // levels p·z at those origins.
  const { z: z0, p: p0 } = tsbStart(x, missing);
  const probs = TSB_BETAS.map((beta) => {
    const out = new Float64Array(k);
    let p = p0;
    for (let t = 0, i = 0; t <= end; t++) {
      if (t === at[i]) out[i++] = p;
      if (!missing?.[t]) p += beta * ((x[t] > 0 ? 1 : 0) - p);
    }
    return out;
  });
  const sizes = TSB_ALPHAS.map((alpha) => {
    const out = new Float64Array(k);
    let z = z0;
    for (let t = 0, i = 0; t <= end; t++) {
      if (t === at[i]) out[i++] = z;
      if (x[t] > 0 && !missing?.[t]) z = z > 0 ? z + alpha * (x[t] - z) : x[t];
    }
    return out;
  });
  let best = { tsb: TSB_DEFAULT, w: 0.5 };
  let bestErr = Infinity;
  for (let a = 0; a < TSB_ALPHAS.length; a++) {
    for (let b = 0; b < TSB_BETAS.length; b++) {
      // The squared error is quadratic in the weight w: Σ(w·d + e)², d = MA − TSB, e = TSB − target.
      let dd = 0, de = 0, ee = 0;
      const z = sizes[a], p = probs[b];
      for (let i = 0; i < k; i++) {
        const level = z[i] * p[i];
        const d = avg[i] - level;
        const e = level - goal[i];
        dd += d * d;
        de += d * e;
        ee += e * e;
      }
      for (const w of WEIGHTS) {
        const err = w * w * dd + 2 * w * de + ee;
        if (err < bestErr - 1e-12) {
          bestErr = err;
          best = { tsb: { alpha: TSB_ALPHAS[a], beta: TSB_BETAS[b] }, w };
        }
      }
    }
  }
  return best;
}

/**
 * The moving average's weight in the combination, by the same horizon criterion as α: an equal
 * mean, a quarter, or none when the smoothed level (with its trend) forecasts the horizon better
 * than a 28-day window that lags a moving level by two weeks.
 */
const WEIGHTS = [0.5, 0.25, 0];
function chooseWeight(x: number[], ma: number[], other: number[], horizon: number, missing?: Missing): number {
  const { target } = horizonTargets(x, horizon, missing);
  let best = 0.5;
  let bestErr = Infinity;
  for (const w of WEIGHTS) {
    let err = 0;
    for (let t = 0; t < target.length; t++) {
      const y = target[t];
      if (y === y) err += (w * ma[t] + (1 - w) * other[t] - y) ** 2;
    }
    if (err < bestErr - 1e-12) {
      bestErr = err;
      best = w;
    }
  }
  return best;
}

export interface CombinationFit extends Fit {
  /** levelAt[t]: the weekly-adjusted level forecast at origin t (after y[0..t−1]) */
  levelAt: number[];
  /** day-of-week indices, index t % 7 */
  season: number[];
  /** the forecast of the sum of y[t..t+h−1] made at origin t */
  sumAt: (t: number, h: number) => number;
  /** an intermittent item gone quiet: TSB's fixed constants, not ones chosen on its selling days */
  quiet?: boolean;
}

/**
 * The combination for one series (oldest first); `horizon` is the lead time plus review, in days;
 * `quiet`: an intermittent item that has stopped selling (chooseMethod's test).
 */
export function combination(y: number[], intermittent: boolean, horizon: number, missing?: Missing, quiet = false): CombinationFit {
  const season = weeklyIndices(y, SEASON_WEEKS, SEASON_SHRINK_UNITS, missing);
  const x = y.map((v, t) => v / season[t % 7]);
  const ma = movingAverageLevels(x, missing);
  let other: number[] & { level?: number; trend?: number };
  let params: Record<string, number>;
  let w: number;
  if (intermittent) {
    // Gone quiet: Teunter et al.'s constants, whose β lets the forecast decay within weeks (ones
    // chosen on the selling days are the smoothest and would keep it up for months).
    const chosen = quiet ? { tsb: TSB_DEFAULT, w: 0.5 } : chooseIntermittent(x, ma, horizon, missing);
    other = tsbLevels(x, missing, chosen.tsb);
    w = chosen.w;
    params = { ma: MA_DAYS, alpha: chosen.tsb.alpha, beta: chosen.tsb.beta, w };
  } else {
    const p = chooseSmoothing(x, horizon, missing);
    other = smoothLevels(x, horizon, p, missing);
    w = chooseWeight(x, ma, other, horizon, missing);
    params = { ma: MA_DAYS, alpha: p.alpha, ...(p.beta > 0 ? { beta: p.beta, phi: p.phi } : {}), w };
  }
  const levelAt = ma.map((v, t) => w * v + (1 - w) * other[t]);
  const fitted = y.map((_v, t) => (t === 0 || missing?.[t] ? NaN : levelAt[t] * season[t % 7]));
  const n = y.length;
  const sumAt = (t: number, h: number) => {
    let s = 0;
    for (let i = 0; i < h; i++) s += season[(t + i) % 7];
    return levelAt[t] * s;
  };
  return {
    method: intermittent ? 'combo_intermittent' : 'combo',
    params,
    fitted,
    // With a damped trend each day has its own level, ℓ + b·(φ + … + φ^i) (FPP3 §8.2); their mean
    // over the horizon is levelAt[n].
    forecast: (h: number) => {
      let damp = 0;
      return Array.from({ length: h }, (_x, i) => {
        damp += (params.phi ?? 1) ** (i + 1);
        const smooth = other.trend ? trended(other.level!, other.trend * damp) : other[n];
        return (w * ma[n] + (1 - w) * smooth) * season[(n + i) % 7];
      });
    },
    levelAt,
    season,
    sumAt,
    ...(quiet && intermittent ? { quiet: true } : {}),
  };
}

/**
 * The forecast of the sum of y[t..t+h−1] at every origin t as it could have been made then: weekly
 * indices from the 52 weeks before t only (each day deseasonalised by the indices known before
 * it), and SES's α (TSB's α, β and weight) chosen on the days before the `span` the errors are
 * taken over (the whole series' when there are too few). The errors the safety stock is sized on
 * are then out of sample; with the final fit's indices and α they come out too small on steady
 * sellers.
 */
export function honestSums(y: number[], fit: Pick<CombinationFit, 'method' | 'params' | 'quiet'>, horizon: number, span: number, missing?: Missing): (t: number, h: number) => number {
  const idx = weeklyRollingIndices(y, missing);
  const row = (t: number) => 7 * Math.floor(t / 7);
  const x = y.map((v, t) => v / idx[row(t) + (t % 7)]);
  const ma = movingAverageLevels(x, missing);
  let other: number[];
  let w = fit.params.w ?? 0.5;
  const before = y.length - span - horizon;
  const early = before >= 3 * horizon + MA_DAYS * 2;
  if (fit.method === 'combo_intermittent') {
    const fixed = { alpha: fit.params.alpha ?? TSB_ALPHA, beta: fit.params.beta ?? TSB_BETA };
    const chosen = early && !fit.quiet ? chooseIntermittent(x.slice(0, before), ma, horizon, missing) : null;
    if (chosen) w = chosen.w;
    other = tsbLevels(x, missing, chosen ? chosen.tsb : fixed);
  } else {
    const p = early ? chooseSmoothing(x.slice(0, before), horizon, missing) : { alpha: fit.params.alpha, beta: fit.params.beta ?? 0, phi: fit.params.phi ?? 1 };
    other = smoothLevels(x, horizon, p, missing);
  }
  return (t: number, h: number) => {
    const r = row(t);
    // h days of a weekly pattern: whole weeks at the week's sum, then the days left (the backtest
    // asks this for each of a year's origins: a loop over h days each was ~8% of a forecast).
    let week = 0;
    for (let i = 0; i < 7; i++) week += idx[r + i];
    let s = Math.floor(h / 7) * week;
    for (let i = 0; i < h % 7; i++) s += idx[r + ((t + i) % 7)];
    return (w * ma[t] + (1 - w) * other[t]) * s;
  };
}
