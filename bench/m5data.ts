// The M5 subset and the generated series the forecasting benches share (../shared/data/m5-tiny,
// its README's convention: the last 730 days, fit on the first 702, the last 28 held out).
import fs from 'node:fs';
import path from 'node:path';
import { addDays } from '../server/replenishment/history';
import { gaussian, mulberry32, poisson } from './random';

export const M5_DIR = path.resolve(__dirname, '../../shared/data/m5-tiny');
export const M5_DAYS = 730;
export const HOLDOUT = 28;
const M5_FIRST_DAY = '2011-01-29'; // d_1

export interface Series {
  id: string;
  group: string;
  /** the whole series, oldest first; the last HOLDOUT days are the test */
  y: number[];
  /** calendar day of y[0] */
  firstDay: string;
}

export function loadM5(dir = M5_DIR): Series[] {
  const lines = fs.readFileSync(path.join(dir, 'm5-tiny-sales.csv'), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const first = header.indexOf('d_1');
  const groupCol = header.indexOf('selected_as');
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    const all = cells.slice(first).map(Number);
    return { id: cells[0], group: cells[groupCol], y: all.slice(-M5_DAYS), firstDay: addDays(M5_FIRST_DAY, all.length - M5_DAYS) };
  });
}

/** statsforecast's forecasts of the held-out days: model → series id → 28 values. */
export function loadReference(dir = M5_DIR): Map<string, Map<string, number[]>> {
  const lines = fs.readFileSync(path.join(dir, 'statsforecast-forecasts.csv'), 'utf8').trim().split('\n');
  const out = new Map<string, Map<string, number[]>>();
  for (const line of lines.slice(1)) {
    const [id, model, ...h] = line.split(',');
    if (!out.has(model)) out.set(model, new Map());
    out.get(model)!.set(id, h.map(Number));
  }
  return out;
}

/** MASE and RMSSE of one forecast (M5's scaling: lag-1 differences of the training part from the first sale on). */
export function score(train: number[], test: number[], forecast: number[]): { mase: number; rmsse: number } {
  let start = train.findIndex((v) => v !== 0);
  if (start < 0) start = 0;
  let abs = 0, sq = 0;
  for (let t = start + 1; t < train.length; t++) {
    abs += Math.abs(train[t] - train[t - 1]);
    sq += (train[t] - train[t - 1]) ** 2;
  }
  const n = Math.max(1, train.length - start - 1);
  let e1 = 0, e2 = 0;
  test.forEach((v, i) => {
    e1 += Math.abs(v - forecast[i]);
    e2 += (v - forecast[i]) ** 2;
  });
  return { mase: e1 / test.length / (abs / n), rmsse: Math.sqrt(e2 / test.length / (sq / n)) };
}


export const GENERATED_TYPES = ['smooth', 'trend', 'weekly-add', 'weekly-mult', 'intermittent', 'lumpy'] as const;
export type GeneratedType = (typeof GENERATED_TYPES)[number];

/**
 * `perType` series of 730 days of each demand type (seeded): Poisson around a level that is flat,
 * trending (−50% … +100% over the two years), with a weekly pattern added in units or multiplied
 * onto a level that moves with the year; intermittent (a sale on 10–40% of days, 1 + Poisson(2));
 * lumpy (a sale on 5–25% of days, log-normal sizes around 5).
 */
export function generated(perType = 40, seed = 13): Series[] {
  const rand = mulberry32(seed);
  const out: Series[] = [];
  const weekly = [0.8, 0.8, 0.9, 0.9, 1.1, 1.6, 1.9];
  const weeklyAdd = [-2, -2, -1, -1, 1, 4, 5];
  for (const type of GENERATED_TYPES) {
    for (let i = 0; i < perType; i++) {
      const base = 2 + rand() * 18;
      const growth = -0.5 + rand() * 1.5;
      const p = type === 'intermittent' ? 0.1 + rand() * 0.3 : 0.05 + rand() * 0.2;
      const scale = 0.5 + rand() * 1.5;
      const y = Array.from({ length: M5_DAYS }, (_x, t) => {
        switch (type) {
          case 'smooth': return poisson(rand, base);
          case 'trend': return poisson(rand, Math.max(0.2, base * (1 + (growth * t) / M5_DAYS)));
          case 'weekly-add': return poisson(rand, Math.max(0, base + 3 + scale * weeklyAdd[t % 7]));
          case 'weekly-mult': return poisson(rand, base * (1 + 0.4 * Math.sin((2 * Math.PI * t) / 365)) * weekly[t % 7]);
          case 'intermittent': return rand() < p ? 1 + poisson(rand, 2) : 0;
          case 'lumpy': return rand() < p ? Math.max(1, Math.round(Math.exp(Math.log(5) + gaussian(rand)))) : 0;
        }
      });
      out.push({ id: `${type}-${String(i + 1).padStart(2, '0')}`, group: type, y, firstDay: '2024-05-01' });
    }
  }
  return out;
}

export const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);

/**
 * Ours against another model on the same series, in % of the other's mean score: the mean of the
 * series-by-series differences and its standard error. Pairing removes what the series share (a
 * hard series is hard for both), so the error is that of the gap, not of either mean.
 */
export function pairedGap(ours: number[], theirs: number[]): { gap: number; se: number } {
  const d = ours.map((v, i) => v - theirs[i]);
  const base = mean(theirs);
  const m = mean(d);
  const variance = d.reduce((a, v) => a + (v - m) ** 2, 0) / Math.max(1, d.length - 1);
  return { gap: (m / base) * 100, se: (Math.sqrt(variance / d.length) / base) * 100 };
}

/** Prints a table: one row per model, MASE / RMSSE per group and over all. */
export function printTable(title: string, groups: string[], rows: { model: string; scores: Map<string, { mase: number; rmsse: number }[]> }[]) {
  console.log(`\n${title}`);
  const cols = [...groups, 'all'];
  console.log(`${'model'.padEnd(20)}${cols.map((g) => g.padStart(16)).join('')}`);
  console.log(`${''.padEnd(20)}${cols.map(() => 'MASE / RMSSE'.padStart(16)).join('')}`);
  for (const r of rows) {
    const cells = cols.map((g) => {
      const list = g === 'all' ? [...r.scores.values()].flat() : r.scores.get(g) ?? [];
      return `${mean(list.map((s) => s.mase)).toFixed(3)} / ${mean(list.map((s) => s.rmsse)).toFixed(3)}`.padStart(16);
    });
    console.log(`${r.model.padEnd(20)}${cells.join('')}`);
  }
}
