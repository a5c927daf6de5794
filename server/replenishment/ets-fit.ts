/**
 * Estimating ETS models (ets.ts) as R's forecast::ets() does: parameters, and optionally the
 * initial states, minimise the likelihood criterion lik = n·log Σεt² (+ 2·Σ log|μt| for
 * multiplicative error) by Nelder–Mead inside the "usual" bounds (1e-4 ≤ α ≤ 0.9999,
 * 1e-4 ≤ β ≤ α, 1e-4 ≤ γ ≤ 1 − α, 0.8 ≤ φ ≤ 0.98); a model is chosen across the family by AICc.
 * Any parameter (taken as given, outside the bounds too) or the initial states can be fixed.
 * With initial: 'estimated' the m − 1 free
 * seasonal states are optimised and the last one makes them sum to 0 (A) or m (M), as R does;
 * with 'heuristic' the states stay at initialStates()' values and only the parameters move.
 */
import {
  EtsError,
  etsFilter,
  etsForecast,
  etsLik,
  EtsModel,
  EtsParams,
  EtsSeason,
  EtsState,
  etsSumVariance,
  EtsTrend,
  etsVariance,
  initialStates,
} from './ets';

export interface EtsFitOptions {
  /** Parameters to hold fixed (the others are estimated). */
  fixed?: Partial<EtsParams>;
  /** Initial states to use as given (not estimated). */
  init?: EtsState;
  /** 'estimated' (default, as R) or 'heuristic' (states from initialStates, not optimised). */
  initial?: 'estimated' | 'heuristic';
  /** Nelder–Mead iterations at most (R's optim default 500; ets() passes 2000). */
  maxIter?: number;
}

export interface EtsFit {
  model: EtsModel;
  params: EtsParams;
  init: EtsState;
  final: EtsState;
  fitted: number[];
  errors: number[];
  /** Number of estimated parameters and initial states (R's length(fit$par)). */
  k: number;
  /** Σε²/(n − k), the variance R's ets reports and uses for its intervals. */
  sigma2: number;
  /** R's logLik: −lik/2 (the Gaussian log-likelihood without its constant −n/2·(log(2π/n) + 1)). */
  loglik: number;
  aic: number;
  aicc: number;
  bic: number;
  forecast(h: number): number[];
  /** h-step forecast variances where a closed form exists (ets.ts etsVariance). */
  variance(h: number): number[] | undefined;
  /** Variance of the sum of the next h values (class 1 models). */
  sumVariance(h: number): number | undefined;
}

const LOWER = { alpha: 1e-4, beta: 1e-4, gamma: 1e-4, phi: 0.8 };
const UPPER = { alpha: 0.9999, beta: 0.9999, gamma: 0.9999, phi: 0.98 };

/** Fits one model of the family to y. */
export function fitEts(y: number[], model: EtsModel, options: EtsFitOptions = {}): EtsFit {
  const fixed = options.fixed ?? {};
  const m = model.season === 'N' ? 1 : model.m;
  const estimateStates = !options.init && (options.initial ?? 'estimated') === 'estimated';
  const start = options.init ?? initialStates(y, model, 'heuristic');
  const names: (keyof EtsParams)[] = ['alpha'];
  if (model.trend !== 'N') names.push('beta');
  if (model.season !== 'N') names.push('gamma');
  if (model.trend === 'Ad') names.push('phi');
  const free = names.filter((p) => fixed[p] === undefined);
  // R's starting values (forecast::ets, initparam).
  const alpha0 = fixed.alpha ?? LOWER.alpha + (0.2 * (UPPER.alpha - LOWER.alpha)) / m;
  const guess: Record<keyof EtsParams, number> = {
    alpha: alpha0,
    beta: fixed.beta ?? LOWER.beta + 0.1 * (alpha0 - LOWER.beta),
    gamma: fixed.gamma ?? LOWER.gamma + 0.05 * (1 - alpha0 - LOWER.gamma),
    phi: fixed.phi ?? LOWER.phi + 0.99 * (UPPER.phi - LOWER.phi),
  };
  const stateCount = estimateStates ? 1 + (model.trend !== 'N' ? 1 : 0) + (model.season !== 'N' ? m - 1 : 0) : 0;
  const x0: number[] = [...free.map((p) => guess[p])];
  if (estimateStates) {
    x0.push(start.level);
    if (model.trend !== 'N') x0.push(start.trend);
    if (model.season !== 'N') x0.push(...start.season.slice(0, m - 1));
  }
  const decode = (x: number[]): { params: EtsParams; init: EtsState } | undefined => {
    const params: EtsParams = { alpha: fixed.alpha ?? 0 };
    for (const p of names) if (fixed[p] !== undefined) params[p] = fixed[p];
    free.forEach((p, i) => (params[p] = x[i]));
    // The bounds hold the estimated parameters; a fixed one is taken as given (a textbook's φ = 1).
    const { alpha } = params;
    const within = (p: keyof EtsParams, upper: number) => fixed[p] !== undefined || (params[p]! >= LOWER[p] && params[p]! <= upper);
    if (!within('alpha', UPPER.alpha)) return undefined;
    if (params.beta !== undefined && !within('beta', Math.min(UPPER.beta, alpha))) return undefined;
    if (params.gamma !== undefined && !within('gamma', Math.min(UPPER.gamma, 1 - alpha))) return undefined;
    if (params.phi !== undefined && !within('phi', UPPER.phi)) return undefined;
    if (!estimateStates) return { params, init: start };
    let j = free.length;
    const level = x[j++];
    const trend = model.trend !== 'N' ? x[j++] : 0;
    let season: number[] = [];
    if (model.season !== 'N') {
      season = x.slice(j, j + m - 1);
      const sum = season.reduce((a, v) => a + v, 0);
      season.push(model.season === 'A' ? -sum : m - sum);
      if (model.season === 'M' && season.some((v) => v <= 0)) return undefined;
    }
    return { params, init: { level, trend, season } };
  };
  const objective = (x: number[]) => {
    const d = decode(x);
    return d ? etsLik(y, model, d.params, d.init) : Infinity;
  };
  // Restarting from the optimum with a fresh simplex escapes a collapsed one (up to 3 runs).
  let best = x0;
  for (let run = 0, prev = objective(x0); run < 3 && x0.length && Number.isFinite(prev); run++) {
    best = nelderMead(objective, best, options.maxIter ?? 2000);
    const value = objective(best);
    if (prev - value < 1e-6 * Math.abs(value)) break;
    prev = value;
  }
  const decoded = decode(best);
  if (!decoded || !Number.isFinite(objective(best))) throw new Error(`ETS ${model.error}${model.trend}${model.season}: no finite likelihood on these data`);
  return fitOf(y, model, decoded.params, decoded.init, free.length + stateCount);
}

/** The fit object for given parameters and initial states, k of them counted as estimated. */
export function fitOf(y: number[], model: EtsModel, params: EtsParams, init: EtsState, k: number): EtsFit {
  const f = etsFilter(y, model, params, init);
  const n = y.length;
  const np = k + 1;
  const aic = f.lik + 2 * np;
  return {
    model,
    params,
    init,
    final: f.final,
    fitted: f.fitted,
    errors: f.errors,
    k,
    sigma2: f.sse / (n - k),
    loglik: -0.5 * f.lik,
    aic,
    aicc: n - np - 1 > 0 ? aic + (2 * np * (np + 1)) / (n - np - 1) : Infinity,
    bic: f.lik + Math.log(n) * np,
    forecast: (h) => etsForecast(model, params, f.final, h),
    variance: (h) => etsVariance(model, params, f.final, f.sse / (n - k), h),
    sumVariance: (h) => etsSumVariance(model, params, f.sse / (n - k), h),
  };
}

export interface AutoEtsOptions extends Omit<EtsFitOptions, 'fixed' | 'init'> {
  errors?: EtsError[];
  trends?: EtsTrend[];
  seasons?: EtsSeason[];
}

/**
 * The model of least AICc over the family (R's ets(y, "ZZZ") without multiplicative trend):
 * multiplicative error or season only for strictly positive data, no additive error with
 * multiplicative season (R's restrict = TRUE), no season when m = 1 or fewer than 2m values.
 */
export function autoEts(y: number[], m: number, options: AutoEtsOptions = {}): EtsFit {
  const positive = y.every((v) => v > 0);
  const seasonal = m > 1 && y.length >= 2 * m;
  let best: EtsFit | undefined;
  for (const error of options.errors ?? (['A', 'M'] as EtsError[])) {
    for (const trend of options.trends ?? (['N', 'A', 'Ad'] as EtsTrend[])) {
      for (const season of options.seasons ?? (['N', 'A', 'M'] as EtsSeason[])) {
        if ((error === 'M' || season === 'M') && !positive) continue;
        if (season !== 'N' && !seasonal) continue;
        if (error === 'A' && season === 'M') continue;
        let fit: EtsFit;
        try {
          fit = fitEts(y, { error, trend, season, m: season === 'N' ? 1 : m }, options);
        } catch {
          continue; // e.g. a multiplicative season whose forecasts reach 0
        }
        if (!best || fit.aicc < best.aicc) best = fit;
      }
    }
  }
  if (!best) throw new Error('ETS: no model of the family fits these data');
  return best;
}

/**
 * Nelder–Mead simplex minimisation (Nelder & Mead 1965; coefficients 1, 2, ½, ½ and R optim's
 * stopping rule: the simplex's values within 1e-8 relative of each other). Infinity marks an
 * inadmissible point. The first simplex steps 10% of each coordinate (0.05 for values below 0.5: the smoothing weights).
 */
export function nelderMead(f: (x: number[]) => number, x0: number[], maxIter = 2000, reltol = 1e-8): number[] {
  const n = x0.length;
  const simplex: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const x = x0.slice();
    x[i] += Math.abs(x[i]) < 0.5 ? 0.05 : 0.1 * Math.abs(x[i]);
    simplex.push(x);
  }
  let values = simplex.map(f);
  const order = () => {
    const idx = values.map((_v, i) => i).sort((a, b) => values[a] - values[b]);
    const s = idx.map((i) => simplex[i]);
    const v = idx.map((i) => values[i]);
    simplex.splice(0, simplex.length, ...s);
    values = v;
  };
  const towards = (from: number[], to: number[], t: number) => from.map((v, i) => v + t * (to[i] - v));
  for (let iter = 0; iter < maxIter; iter++) {
    order();
    if (Number.isFinite(values[n]) && values[n] - values[0] <= reltol * (Math.abs(values[0]) + reltol)) break;
    const centroid = new Array(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;
    const reflected = towards(centroid, simplex[n], -1);
    const fr = f(reflected);
    if (fr < values[0]) {
      const expanded = towards(centroid, simplex[n], -2);
      const fe = f(expanded);
      if (fe < fr) [simplex[n], values[n]] = [expanded, fe];
      else [simplex[n], values[n]] = [reflected, fr];
    } else if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const inside = fr >= values[n];
      const contracted = towards(centroid, inside ? simplex[n] : reflected, 0.5);
      const fc = f(contracted);
      if (fc < (inside ? values[n] : fr)) [simplex[n], values[n]] = [contracted, fc];
      else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = towards(simplex[0], simplex[i], 0.5);
          values[i] = f(simplex[i]);
        }
      }
    }
  }
  order();
  return simplex[0];
}
