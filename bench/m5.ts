// Forecast accuracy (issue 13, goal 1): our nightly forecast against Nixtla statsforecast's
// forecasts of the same held-out days on the 280 M5 series (../shared/data/m5-tiny, its README's
// convention), the mean of the last 28 days, and on generated series against every single method.
// Run: npm run bench -- m5 [--per-type 200] [--seed 13]
// 200 series per type: at 40 the gap to the best single method moved by 1–4% from sample to sample
// (Holt "won" intermittent MASE at 40 and lost it by 20% at 200).
import { MethodName } from '../server/replenishment/forecast';
import { addDays } from '../server/replenishment/history';
import { forecastDaily } from '../server/replenishment/plan';
import { fitParameters } from '../server/replenishment/select';
import { generated, GENERATED_TYPES, HOLDOUT, loadM5, loadReference, mean, pairedGap, printTable, score, Series } from './m5data';

type Scores = Map<string, { mase: number; rmsse: number }[]>;

function evaluate(series: Series[], forecastOf: (s: Series, train: number[]) => number[] | undefined): Scores {
  const out: Scores = new Map();
  for (const s of series) {
    const train = s.y.slice(0, -HOLDOUT);
    const f = forecastOf(s, train);
    if (!f) continue;
    const list = out.get(s.group) ?? [];
    list.push(score(train, s.y.slice(-HOLDOUT), f));
    out.set(s.group, list);
  }
  return out;
}

const mean28 = (_s: Series, train: number[]) => Array(HOLDOUT).fill(mean(train.slice(-28)));

const methodsUsed = new Map<string, number>();
let oursMs = 0;
let oursCpuMs = 0;
let oursN = 0;
function ours(s: Series, train: number[]): number[] {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const r = forecastDaily(train, s.firstDay, addDays(s.firstDay, train.length), HOLDOUT);
  oursMs += Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  oursCpuMs += (used.user + used.system) / 1000;
  oursN++;
  methodsUsed.set(r.choice.fit.method, (methodsUsed.get(r.choice.fit.method) ?? 0) + 1);
  return r.forecast;
}

const SINGLE: MethodName[] = ['sma', 'wma', 'ses', 'holt', 'holt_damped', 'holt_winters', 'croston', 'sba'];

export async function benchM5(args: Record<string, string>) {
  const m5 = loadM5();
  const reference = loadReference();
  const groups = [...new Set(m5.map((s) => s.group))];
  const rows = [{ model: 'ours', scores: evaluate(m5, ours) }];
  const perSeries = oursMs / oursN;
  // CPU time as well: on a shared machine the wall time counts other processes' turns.
  const cpuPerSeries = oursCpuMs / oursN;
  const used = [...methodsUsed].sort((a, b) => b[1] - a[1]).map(([m, n]) => `${m} ${n}`).join(', ');
  // A second pass once the code is compiled and warm: what the nightly job sees from its 2nd product on.
  const warmCpu = process.cpuUsage();
  const warmStarted = process.hrtime.bigint();
  for (const s of m5) forecastDaily(s.y.slice(0, -HOLDOUT), s.firstDay, addDays(s.firstDay, s.y.length - HOLDOUT), HOLDOUT);
  const warmMs = Number(process.hrtime.bigint() - warmStarted) / 1e6 / m5.length;
  const warmUsed = process.cpuUsage(warmCpu);
  const warmCpuMs = (warmUsed.user + warmUsed.system) / 1000 / m5.length;
  for (const [model, byId] of reference) rows.push({ model, scores: evaluate(m5, (s) => byId.get(s.id)) });
  rows.push({ model: 'mean of last 28', scores: evaluate(m5, mean28) });
  printTable(`M5: ${m5.length} series, fit on ${m5[0].y.length - HOLDOUT} days, ${HOLDOUT} held out; mean MASE / RMSSE per group`, groups, rows);
  console.log(`ours: ${perSeries.toFixed(2)} ms per series wall, ${cpuPerSeries.toFixed(2)} ms CPU (fit + forecast, single thread, first pass incl. warm-up); warm pass ${warmMs.toFixed(2)} ms wall, ${warmCpuMs.toFixed(2)} ms CPU (goal ≤ 0.5 ms); methods: ${used}`);
  const ets = [...rows[rows.findIndex((r) => r.model === 'AutoETS')].scores.values()].flat();
  const our = [...rows[0].scores.values()].flat();
  const gain = (k: 'mase' | 'rmsse') => (1 - mean(our.map((s) => s[k])) / mean(ets.map((s) => s[k]))) * 100;
  console.log(`ours vs AutoETS: MASE ${gain('mase').toFixed(1)}% better, RMSSE ${gain('rmsse').toFixed(1)}% better (goal: ≥ 3% on both)`);

  // Generated series: ours against each single method with its parameters fitted on the series.
  methodsUsed.clear();
  const gen = generated(Number(args['per-type'] ?? 200), Number(args.seed ?? 13));
  const genRows = [{ model: 'ours', scores: evaluate(gen, ours) }];
  const genUsed = [...methodsUsed].sort((a, b) => b[1] - a[1]).map(([m, n]) => `${m} ${n}`).join(', ');
  for (const m of SINGLE) genRows.push({ model: m, scores: evaluate(gen, (_s, train) => fitParameters(m, train).forecast(HOLDOUT).map((v) => Math.max(0, v))) });
  genRows.push({ model: 'mean of last 28', scores: evaluate(gen, mean28) });
  printTable(`Generated: ${gen.length / GENERATED_TYPES.length} series per type, 702 days fit, 28 held out`, [...GENERATED_TYPES], genRows);
  console.log(`ours chose: ${genUsed}`);
  // When most days sell nothing the median of a day's demand is 0, and MAE (so MASE) is least for a
  // forecast of 0 (Kolassa, IJF 32, 2016): a method whose slope runs to 0 scores well on MASE and
  // badly on RMSSE. Our forecast is the mean the reorder point needs; this line is the yardstick.
  const zeros = evaluate(gen.filter((s) => s.group === 'intermittent' || s.group === 'lumpy'), () => Array(HOLDOUT).fill(0));
  console.log(`forecasting 0 every day: ${[...zeros].map(([g, l]) => `${g} MASE ${mean(l.map((s) => s.mase)).toFixed(3)} / RMSSE ${mean(l.map((s) => s.rmsse)).toFixed(3)}`).join(', ')}`);
  // ± is the standard error of the paired difference (ours − best, series by series): a gap within
  // about two of it is noise. The best of 8 is picked on the same sample, so its mean is optimistic.
  console.log('best single method per type and ours relative to it (± standard error of the paired difference):');
  for (const type of GENERATED_TYPES) {
    const m = (r: (typeof genRows)[number], k: 'mase' | 'rmsse') => mean((r.scores.get(type) ?? []).map((s) => s[k]));
    const singles = genRows.slice(1);
    const best = singles.reduce((a, b) => (m(b, 'mase') < m(a, 'mase') ? b : a));
    const bestR = singles.reduce((a, b) => (m(b, 'rmsse') < m(a, 'rmsse') ? b : a));
    const rel = (k: 'mase' | 'rmsse', r: (typeof genRows)[number]) => {
      const of = (row: (typeof genRows)[number]) => (row.scores.get(type) ?? []).map((s) => s[k]);
      const { gap, se } = pairedGap(of(genRows[0]), of(r));
      return `${gap.toFixed(1)}% ± ${se.toFixed(1)}`;
    };
    console.log(
      `  ${type.padEnd(13)} MASE best ${best.model.padEnd(14)} ${m(best, 'mase').toFixed(3)}, ours ${m(genRows[0], 'mase').toFixed(3)} (${rel('mase', best)})   RMSSE best ${bestR.model.padEnd(14)} ${m(bestR, 'rmsse').toFixed(3)}, ours ${m(genRows[0], 'rmsse').toFixed(3)} (${rel('rmsse', bestR)})`,
    );
  }
}
