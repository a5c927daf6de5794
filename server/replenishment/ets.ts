/**
 * The ETS family — exponential smoothing as innovations state space models — as defined by
 * Hyndman, Koehler, Ord & Snyder, "Forecasting with Exponential Smoothing: The State Space
 * Approach" (Springer 2008), Table 2.3, and Hyndman & Athanasopoulos, "Forecasting: Principles
 * and Practice" (fpp3 §8.5, Table 8.7), for error A/M × trend N/A/Ad × season N/A/M, period m.
 *
 * Notation (one-step forecast μt, error εt = yt − μt for additive error, (yt − μt)/μt for
 * multiplicative error; q = ℓt−1 + φ·bt−1, with φ·b = 0 for trend N and φ = 1 for trend A):
 *   μt = q (season N) | q + st−m (A) | q · st−m (M)
 *   ℓt = q + α·e' ;  bt = φ·bt−1 + β·e' ;  st = st−m + γ·e''
 *   where e = yt − μt, e' = e (season N, A) or e / st−m (M), e'' = e (A) or e / q (M).
 * Written in yt (not εt) the updates of the A-error and M-error models are the same, so both
 * share one recursion and have the same point forecasts; the error type changes εt, the
 * likelihood and the forecast variance. β is the error-correction β of the state space form,
 * i.e. α·β* of Holt's β* (R's ets() uses the same β; fpp's holt(initial = "simple") takes β*).
 *
 * Initial states (x0 = ℓ0, b0, s0, s−1, …, s1−m) can be given; `initialStates` computes them:
 *  - 'heuristic' (Hyndman et al. 2008 §2.6.1, as R forecast::ets's initstate(), the starting point
 *    of its optimiser): seasonal models take a classical decomposition (centred 2×m moving
 *    average for even m, m-term for odd m) of the first 3 seasons (the first whole seasons if
 *    only 2 are there; fewer than 2m observations is an error); the seasonal figure is the mean
 *    detrended value per position (ratios only where the average is > 0, else 1), centred to sum
 *    0 (A) or mean 1 (M, floored at 0.01). ℓ0 and b0
 *    are the intercept and slope of a least-squares line through the first max(10, 2m)
 *    seasonally adjusted values at t = 1, 2, … (trend N: ℓ0 is their mean, b0 = 0).
 *  - 'simple' (fpp's ses/holt/hw initial = "simple"): ℓ0 = y1, b0 = y2 − y1 without season
 *    (the recursion then runs over every observation, y1's error being 0); with season ℓ0 = mean
 *    of season 1, b0 = (mean of season 2 − mean of season 1)/m, s = y − ℓ0 (A) or y/ℓ0 (M) over
 *    season 1, states that stand at the end of season 1: filter y from index m on (as R's
 *    HoltWinters and forecast.ts's holtWinters do).
 *  - estimated: `fitEts` (ets-fit.ts) optimises x0 together with the parameters, as R does.
 * A state's season vector is kept oldest first: season[0] is the index the next observation
 * uses (st+1−m). R prints initstate newest first (s0, s−1, …): reverse it.
 */

export type EtsError = 'A' | 'M';
export type EtsTrend = 'N' | 'A' | 'Ad';
export type EtsSeason = 'N' | 'A' | 'M';

export interface EtsModel {
  error: EtsError;
  trend: EtsTrend;
  season: EtsSeason;
  /** Season length (7 for a weekly pattern of daily sales); ignored when season is N. */
  m: number;
}

export interface EtsParams {
  alpha: number;
  /** Trend weight in error-correction form (α·β* of Holt's form). */
  beta?: number;
  gamma?: number;
  /** Damping, trend Ad only. */
  phi?: number;
}

export interface EtsState {
  level: number;
  /** 0 for trend N. */
  trend: number;
  /** The last m seasonal states, oldest first ([] for season N). */
  season: number[];
}

/** States printed by R's ets (initstate, a row of states: ℓ, b, s0 newest … s1−m) → ours. */
export function stateFromR(model: EtsModel, row: number[]): EtsState {
  const seasonFrom = model.trend === 'N' ? 1 : 2;
  return { level: row[0], trend: model.trend === 'N' ? 0 : row[1], season: model.season === 'N' ? [] : row.slice(seasonFrom).reverse() };
}

/** "MAdM" (R's model string with d for damped) → the model. */
export function etsModel(code: string, m = 1): EtsModel {
  const match = /^([AM])([NA]d?)([NAM])$/.exec(code);
  if (!match) throw new Error(`unknown ETS model ${code}`);
  const trend = (match[2] === 'Ad' ? 'Ad' : match[2]) as EtsTrend;
  return { error: match[1] as EtsError, trend, season: match[3] as EtsSeason, m: match[3] === 'N' ? 1 : m };
}

export function etsCode(model: EtsModel): string {
  return `${model.error}${model.trend}${model.season}`;
}

export interface EtsFiltered {
  /** One-step forecasts μt. */
  fitted: number[];
  /** Model errors εt: y − μ (A) or (y − μ)/μ (M). */
  errors: number[];
  /** States after the last observation. */
  final: EtsState;
  /** Σ εt². */
  sse: number;
  /** −2·log-likelihood up to a constant, as R's ets: n·log Σεt² (+ 2·Σ log|μt| for M error). */
  lik: number;
}

/** Runs the recursions over y from the initial states x0. */
export function etsFilter(y: ArrayLike<number>, model: EtsModel, params: EtsParams, x0: EtsState): EtsFiltered {
  const n = y.length;
  const fitted = new Array<number>(n);
  const errors = new Array<number>(n);
  const { sse, logMu, level, trend, season } = run(y, model, params, x0, fitted, errors);
  return { fitted, errors, final: { level, trend, season }, sse, lik: likOf(model, n, sse, logMu) };
}

/** The likelihood alone (the optimiser's objective): no arrays kept. Infinity when a forecast of an M model is ≤ 0. */
export function etsLik(y: ArrayLike<number>, model: EtsModel, params: EtsParams, x0: EtsState): number {
  const { sse, logMu } = run(y, model, params, x0);
  return likOf(model, y.length, sse, logMu);
}

function likOf(model: EtsModel, n: number, sse: number, logMu: number): number {
  if (!Number.isFinite(sse) || !Number.isFinite(logMu)) return Infinity;
  // A perfect fit (a constant series) would give log 0: the smallest double keeps it comparable.
  return n * Math.log(Math.max(sse, Number.MIN_VALUE)) + (model.error === 'M' ? 2 * logMu : 0);
}

function run(y: ArrayLike<number>, model: EtsModel, params: EtsParams, x0: EtsState, fitted?: number[], errors?: number[]) {
  const { alpha } = params;
  const beta = params.beta ?? 0;
  const gamma = params.gamma ?? 0;
  const hasTrend = model.trend !== 'N';
  const phi = model.trend === 'Ad' ? (params.phi ?? 1) : 1;
  const s = model.season;
  const m = s === 'N' ? 1 : model.m;
  const buf = s === 'N' ? [] : x0.season.slice();
  if (s !== 'N' && buf.length !== m) throw new Error(`ETS season needs ${m} initial states, got ${buf.length}`);
  const multError = model.error === 'M';
  let l = x0.level;
  let b = hasTrend ? x0.trend : 0;
  let sse = 0;
  let logMu = 0;
  const n = y.length;
  for (let t = 0, i = 0; t < n; t++, i = i + 1 === m ? 0 : i + 1) {
    const phib = phi * b;
    const q = l + phib;
    const st = s === 'N' ? 0 : buf[i];
    const mu = s === 'A' ? q + st : s === 'M' ? q * st : q;
    const e = y[t] - mu;
    let eps = e;
    if (multError) {
      if (!(mu > 0)) return { sse: Infinity, logMu: Infinity, level: l, trend: b, season: buf };
      eps = e / mu;
      logMu += Math.log(mu);
    }
    sse += eps * eps;
    if (fitted) fitted[t] = mu;
    if (errors) errors[t] = eps;
    const e1 = s === 'M' ? e / st : e;
    l = q + alpha * e1;
    if (hasTrend) b = phib + beta * e1;
    if (s === 'A') buf[i] = st + gamma * e;
    else if (s === 'M') buf[i] = st + (gamma * e) / q;
  }
  const start = n % m;
  const season = s === 'N' ? [] : [...buf.slice(start), ...buf.slice(0, start)];
  return { sse, logMu, level: l, trend: hasTrend ? b : 0, season };
}

/** Point forecasts for h steps from the state after the last observation. */
export function etsForecast(model: EtsModel, params: EtsParams, state: EtsState, h: number): number[] {
  const phi = model.trend === 'Ad' ? (params.phi ?? 1) : 1;
  const out: number[] = [];
  let damp = 0;
  let power = 1;
  for (let k = 1; k <= h; k++) {
    power *= phi;
    damp += model.trend === 'N' ? 0 : power;
    const q = state.level + damp * state.trend;
    const s = model.season === 'N' ? 0 : state.season[(k - 1) % model.m];
    out.push(model.season === 'A' ? q + s : model.season === 'M' ? q * s : q);
  }
  return out;
}

/**
 * cj of the forecast-variance formulas (Hyndman et al. 2008 §6.3, fpp3 Table 8.8): the effect of
 * an error on the forecast j steps later, α + β·(φ + … + φʲ) + γ·[j mod m = 0] (trend A: β·j).
 */
function errorWeights(model: EtsModel, params: EtsParams, h: number): number[] {
  const phi = model.trend === 'Ad' ? (params.phi ?? 1) : 1;
  const c: number[] = [];
  let damp = 0;
  let power = 1;
  for (let j = 1; j < h; j++) {
    power *= phi;
    damp += power;
    let cj = params.alpha;
    if (model.trend !== 'N') cj += (params.beta ?? 0) * damp;
    if (model.season !== 'N' && j % model.m === 0) cj += params.gamma ?? 0;
    c.push(cj);
  }
  return c;
}

/**
 * The model's own h-step forecast variance, 1..h, where a closed form exists (Hyndman et al.
 * 2008 ch. 6): class 1 (additive error, season N or A): σ²·(1 + Σj<h cj²); class 2
 * (multiplicative error, season N or A): (1 + σ²)·θh − μh² with θ1 = μ1², θh = μh² + σ²·Σj<h cj²·θh−j.
 * Undefined for multiplicative season (classes 3–5 have no closed form used here).
 * σ² is the variance of εt (relative for M error).
 */
export function etsVariance(model: EtsModel, params: EtsParams, state: EtsState, sigma2: number, h: number): number[] | undefined {
  if (model.season === 'M') return undefined;
  const c = errorWeights(model, params, h);
  if (model.error === 'A') {
    const out: number[] = [];
    let sum = 0;
    for (let k = 1; k <= h; k++) {
      out.push(sigma2 * (1 + sum));
      if (k < h) sum += c[k - 1] ** 2;
    }
    return out;
  }
  const mu = etsForecast(model, params, state, h);
  const theta: number[] = [];
  for (let k = 1; k <= h; k++) {
    let sum = 0;
    for (let j = 1; j < k; j++) sum += c[j - 1] ** 2 * theta[k - j - 1];
    theta.push(mu[k - 1] ** 2 + sigma2 * sum);
  }
  return theta.map((th, k) => (1 + sigma2) * th - mu[k] ** 2);
}

/**
 * Variance of the sum of the next h values (lead-time demand) for class 1 models: an error at
 * T+k enters every later forecast, so Var = σ²·Σk=1..h (1 + Σj≤h−k cj)² (Hyndman et al. 2008
 * §6.6). Undefined outside class 1.
 */
export function etsSumVariance(model: EtsModel, params: EtsParams, sigma2: number, h: number): number | undefined {
  if (model.error !== 'A' || model.season === 'M') return undefined;
  const c = errorWeights(model, params, h);
  let total = 0;
  let cum = 0;
  // k = h has no later values (weight 1); each earlier k adds c up to h − k.
  for (let k = h; k >= 1; k--) {
    total += (1 + cum) ** 2;
    if (k > 1) cum += c[h - k];
  }
  return sigma2 * total;
}

export type Initialisation = 'heuristic' | 'simple';

/** Initial states by the named rule (see the block at the top of this file). */
export function initialStates(y: ArrayLike<number>, model: EtsModel, rule: Initialisation = 'heuristic'): EtsState {
  const m = model.season === 'N' ? 1 : model.m;
  const n = y.length;
  if (n < (model.season === 'N' ? (model.trend === 'N' ? 1 : 2) : 2 * m)) throw new Error(`ETS ${etsCode(model)} needs more than ${n} observations to initialise`);
  const mean = (from: number, to: number) => {
    let sum = 0;
    for (let t = from; t < to; t++) sum += y[t];
    return sum / (to - from);
  };
  if (rule === 'simple') {
    if (model.season === 'N') return { level: y[0], trend: model.trend === 'N' ? 0 : y[1] - y[0], season: [] };
    const level = mean(0, m);
    const season = Array.from({ length: m }, (_x, i) => (model.season === 'A' ? y[i] - level : y[i] / level));
    return { level, trend: model.trend === 'N' ? 0 : (mean(m, 2 * m) - level) / m, season };
  }
  let adjusted: number[];
  let season: number[] = [];
  if (model.season === 'N') adjusted = Array.from(y);
  else {
    const k = Math.min(3, Math.floor(n / m)) * m;
    const x = Array.from({ length: k }, (_v, t) => y[t]);
    // Centred moving average: 2×m for even m, m terms for odd m (R's decompose()).
    const half = Math.floor(m / 2);
    const trend = x.map((_v, t) => {
      if (t < half || t + half >= k) return NaN;
      if (m % 2 === 1) return mean(t - half, t + half + 1);
      let sum = (x[t - half] + x[t + half]) / 2;
      for (let j = t - half + 1; j < t + half; j++) sum += x[j];
      return sum / m;
    });
    const figure = Array.from({ length: m }, (_v, i) => {
      let sum = 0;
      let count = 0;
      for (let t = i; t < k; t += m) {
        // A zero moving average (a product that did not sell for a week) says nothing of a ratio.
        if (Number.isNaN(trend[t]) || (model.season === 'M' && !(trend[t] > 0))) continue;
        sum += model.season === 'A' ? x[t] - trend[t] : x[t] / trend[t];
        count++;
      }
      return count ? sum / count : model.season === 'A' ? 0 : 1;
    });
    const centre = figure.reduce((a, v) => a + v, 0) / m;
    season = figure.map((v) => (model.season === 'A' ? v - centre : Math.max(v / centre, 0.01)));
    adjusted = x.map((v, t) => (model.season === 'A' ? v - season[t % m] : v / season[t % m]));
  }
  const maxn = Math.min(Math.max(10, 2 * m), adjusted.length);
  if (model.trend === 'N') {
    return { level: adjusted.slice(0, maxn).reduce((a, v) => a + v, 0) / maxn, trend: 0, season };
  }
  // Least squares line through (t, adjusted[t−1]), t = 1..maxn; ℓ0 is its value at t = 0.
  const tBar = (maxn + 1) / 2;
  const yBar = adjusted.slice(0, maxn).reduce((a, v) => a + v, 0) / maxn;
  let sxy = 0;
  let sxx = 0;
  for (let t = 1; t <= maxn; t++) {
    sxy += (t - tBar) * (adjusted[t - 1] - yBar);
    sxx += (t - tBar) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { level: yBar - slope * tBar, trend: slope, season };
}
