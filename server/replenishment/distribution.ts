// Demand over the lead time in whole units, from its mean and variance: the reorder point is the
// smallest whole number of units that reaches the service level under this distribution, not a
// normal quantile rounded up (which over-covers a slow item by up to a unit, and ignores its skew).
//   mean < NORMAL_FROM: Poisson when the variance is at most the mean (demand from many independent
//     customers is at least Poisson-dispersed), otherwise negative binomial with p = μ/σ² and
//     n = μ²/(σ² − μ) (the mean–variance parameterisation in SciPy's scipy.stats.nbinom notes)
//   mean ≥ NORMAL_FROM: normal with a continuity correction, P(D ≤ r) = Φ((r + ½ − μ)/σ)
// Expected shortage E[(D − r)⁺] is the loss function of the same distribution; a fill-rate
// reorder point keeps it at most (1 − β)·Q per replenishment cycle (Silver, Pyke & Thomas,
// "Inventory and Production Management in Supply Chains", 4th ed., 2017, §6.7 "B2" fill rate).
import quantile from '@stdlib/stats-base-dists-normal-quantile';

export const NORMAL_FROM = 100;
/** Counts beyond which the tail is cut (a probability under 1e-12 left). */
const TAIL = 1e-12;

const pdf = (k: number) => Math.exp(-0.5 * k * k) / Math.sqrt(2 * Math.PI);
/** Φ(k) by Abramowitz & Stegun 26.2.17 (|error| < 7.5e-8). */
export function cdf(k: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(k));
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const upper = pdf(k) * poly;
  return k >= 0 ? 1 - upper : upper;
}

export interface LeadDemand {
  mean: number;
  variance: number;
}

/** Probabilities of 0, 1, 2, … units up to where the tail left is negligible (counting model only). */
function masses({ mean, variance }: LeadDemand): number[] {
  const out: number[] = [];
  let cumulative = 0;
  if (variance <= mean * (1 + 1e-9)) {
    let p = Math.exp(-mean);
    for (let k = 0; 1 - cumulative > TAIL && k < 100_000; k++) {
      out.push(p);
      cumulative += p;
      p *= mean / (k + 1);
    }
  } else {
    const prob = mean / variance;
    const n = (mean * mean) / (variance - mean);
    let p = Math.exp(n * Math.log(prob));
    for (let k = 0; 1 - cumulative > TAIL && k < 100_000; k++) {
      out.push(p);
      cumulative += p;
      p *= ((k + n) / (k + 1)) * (1 - prob);
    }
  }
  return out;
}

/** P(D ≤ r) under the same distribution. */
export function demandCdf(d: LeadDemand, r: number): number {
  if (r < 0) return 0;
  if (!(d.mean > 0)) return 1;
  if (d.mean >= NORMAL_FROM) return cdf((r + 0.5 - d.mean) / Math.sqrt(Math.max(d.variance, 1e-12)));
  const m = masses(d);
  let cumulative = 0;
  for (let k = 0; k <= r && k < m.length; k++) cumulative += m[k];
  return Math.min(1, cumulative);
}

/**
 * The smallest whole r with P(D ≤ r) ≥ p. With a `position` in [0, 1) (fixed per product), r − 1
 * instead when the position lies beyond (p − P(D ≤ r − 1)) / P(D = r): a slow item's whole units
 * jump past the target (P(D ≤ 1) = 0.74, P(D ≤ 2) = 0.92 for a 90% level), and the first that
 * reaches it over-covers every such product by the jump. Products spread over the positions then
 * stay under their reorder point in p of lead times on average, as the service level says.
 */
export function demandQuantile(d: LeadDemand, p: number, position?: number): number {
  if (!(d.mean > 0)) return 0;
  let r: number;
  if (d.mean >= NORMAL_FROM) {
    const sd = Math.sqrt(Math.max(d.variance, 0));
    r = Math.max(0, Math.ceil(d.mean + sd * quantile(p, 0, 1) - 0.5 - 1e-9));
  } else {
    const m = masses(d);
    let cumulative = 0;
    r = m.length;
    for (let k = 0; k < m.length; k++) {
      cumulative += m[k];
      if (cumulative >= p - 1e-12) {
        r = k;
        break;
      }
    }
  }
  if (position === undefined || r === 0) return r;
  const below = demandCdf(d, r - 1);
  const at = demandCdf(d, r);
  return at > below && position >= (p - below) / (at - below) ? r - 1 : r;
}

/** A product's fixed position in [0, 1) for demandQuantile, from its id (FNV-1a, then MurmurHash3's fmix32 so ids that differ in their last character spread too). */
export function positionOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** E[(D − r)⁺]: the units short in a cycle that starts with r in stock. */
export function expectedShortage(d: LeadDemand, r: number): number {
  if (!(d.mean > 0)) return 0;
  if (d.mean >= NORMAL_FROM) {
    // σ·G(k), G the standard normal loss function, k = (r + ½ − μ)/σ
    const sd = Math.sqrt(Math.max(d.variance, 1e-12));
    const k = (r + 0.5 - d.mean) / sd;
    return sd * (pdf(k) - k * (1 - cdf(k)));
  }
  // L(0) = μ; L(r + 1) = L(r) − P(D > r)
  const m = masses(d);
  let loss = d.mean;
  let cumulative = 0;
  for (let k = 0; k < r; k++) {
    cumulative += m[k] ?? 0;
    loss -= 1 - cumulative;
  }
  return Math.max(0, loss);
}

/**
 * The smallest whole r ≥ `floor` whose expected shortage per cycle is at most (1 − β)/β·Q: the
 * reorder point for a fill rate β when each order brings Q units. The shortage of a cycle is
 * E[(D − r)⁺] − E[(D − r − Q)⁺] (Silver, Pyke & Thomas §6.7, the exact (s, Q) form): the units short
 * in this cycle less those the next order would have been short of anyway. The first term alone
 * counts a small order's shortage over and over (an order of 1 "allows" only 0.02 units short).
 */
export function fillRateReorderPoint(d: LeadDemand, fillRate: number, orderQty: number, floor = 0, position?: number): number {
  if (!(d.mean > 0)) return 0;
  const q = Math.max(1, Math.round(orderQty));
  // Unmet demand is lost, not back-ordered: a cycle sells its order Q and loses its shortage S, so
  // the fill rate is Q/(Q + S) and S may be (1 − β)/β·Q (Silver, Pyke & Thomas, the lost-sales case).
  const allowed = ((1 - fillRate) / fillRate) * Math.max(orderQty, 1e-9);
  // As in demandQuantile: with a position, r − 1 for the share of products that keeps the expected
  // shortage at the allowed amount instead of under it.
  const settle = (r: number, shortage: (k: number) => number) => {
    if (position === undefined || r <= floor) return r;
    const above = shortage(r - 1);
    const at = shortage(r);
    return above > at && position >= (above - allowed) / (above - at) ? r - 1 : r;
  };
  if (d.mean >= NORMAL_FROM) {
    const shortage = (k: number) => expectedShortage(d, k) - expectedShortage(d, k + q);
    let r = floor;
    while (shortage(r) > allowed) r++;
    return settle(r, shortage);
  }
  // loss[k] = E[(D − k)⁺]: loss[0] = μ, loss[k + 1] = loss[k] − P(D > k)
  const m = masses(d);
  const loss = [d.mean];
  let cumulative = 0;
  const lossAt = (k: number) => {
    while (loss.length <= k) {
      const j = loss.length - 1;
      cumulative += m[j] ?? 0;
      loss.push(Math.max(0, loss[j] - (1 - cumulative)));
    }
    return loss[k];
  };
  const shortage = (k: number) => lossAt(k) - lossAt(k + q);
  let r = floor;
  while (shortage(r) > allowed + 1e-12) r++;
  return settle(r, shortage);
}

/**
 * The undershoot of the reorder point by the order that triggers a reorder: with demand in lumps X
 * (a day's sales when there are any), the position at the review is r − U, and in the long run
 * P(U = u) = P(X > u)/E[X] (the stationary excess of the renewal process of lumps; Hadley & Whitin,
 * "Analysis of Inventory Systems", 1963, on (s, S) with lumpy demand; Silver, Pyke & Thomas give its
 * mean (σx² + x̄²)/(2x̄) − ½ in whole units), so E[U] = (E[X²]/E[X] − 1)/2 and
 * E[U²] = (2E[X³] − 3E[X²] + E[X])/(6E[X]). From the days with sales.
 */
export function undershootOf(sales: number[]): LeadDemand {
  let m1 = 0, m2 = 0, m3 = 0;
  for (const x of sales) {
    if (!(x > 0)) continue;
    m1 += x;
    m2 += x * x;
    m3 += x * x * x;
  }
  if (!(m1 > 0)) return { mean: 0, variance: 0 };
  const mean = (m2 / m1 - 1) / 2;
  const second = (2 * m3 - 3 * m2 + m1) / (6 * m1);
  return { mean, variance: Math.max(0, second - mean * mean) };
}
