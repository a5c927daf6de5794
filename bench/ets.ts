// The ETS family (issue 13, goal 6): time per series of the fixed-parameter recursions, of a fit
// per model and of the AICc choice over the family on 730-day series, and what ETS forecasts on
// the generated series (and optionally M5) beside the production forecast. Figures only.
// Run: npm run bench -- ets [--per-type 10] [--seed 13] [--m5 0] [--m5-estimated 1]
import { addDays } from '../server/replenishment/history';
import { etsFilter, etsForecast, etsModel, initialStates } from '../server/replenishment/ets';
import { autoEts, EtsFit, fitEts } from '../server/replenishment/ets-fit';
import { forecastDaily } from '../server/replenishment/plan';
import { generated, GENERATED_TYPES, HOLDOUT, loadM5, loadReference, printTable, score, Series } from './m5data';

// CPU time of this process (user + system): the machine is shared, so wall time overstates.
const cpuNow = () => process.cpuUsage();
const msSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

export async function benchEts(args: Record<string, string>) {
  const perType = Number(args['per-type'] ?? 10);
  const gen = generated(perType, Number(args.seed ?? 13));
  const weekly = gen.filter((s) => s.group === 'weekly-mult');

  // 1. Recursions with given parameters and initial states: filter 730 days + forecast 28.
  console.log(`fixed parameters, 730 days filtered + 28 forecast (${weekly.length} weekly-mult series, 200 passes; CPU ms):`);
  const fixed = { ANN: { alpha: 0.2 }, AAdN: { alpha: 0.2, beta: 0.02, phi: 0.9 }, ANA: { alpha: 0.2, gamma: 0.1 }, AAdA: { alpha: 0.2, beta: 0.02, gamma: 0.1, phi: 0.9 }, MNM: { alpha: 0.2, gamma: 0.1 } };
  for (const [code, params] of Object.entries(fixed)) {
    const model = etsModel(code, 7);
    const inits = weekly.map((s) => initialStates(s.y, model, 'simple'));
    let sink = 0;
    const once = () => weekly.forEach((s, i) => (sink += etsForecast(model, params, etsFilter(s.y, model, params, inits[i]).final, HOLDOUT)[0]));
    for (let pass = 0; pass < 200; pass++) once(); // warm-up: the JIT compiles the loop first
    const start = cpuNow();
    for (let pass = 0; pass < 200; pass++) once();
    console.log(`  ETS ${code.padEnd(5)} ${(msSince(start) / (200 * weekly.length)).toFixed(4)} ms per series${Number.isFinite(sink) ? '' : ' (non-finite)'}`);
  }

  // 2. A fit per model on the 702 training days: parameters only (heuristic states) or with states.
  console.log(`fit on 702 days (Nelder–Mead, R's bounds; ${weekly.length} weekly-mult series; CPU ms):`);
  for (const s of weekly.slice(0, 2)) fitEts(s.y, etsModel('AAdA', 7)); // warm-up
  for (const code of ['ANN', 'AAdN', 'ANA', 'AAdA', 'ANM', 'AAdM']) {
    const cells = (['heuristic', 'estimated'] as const).map((initial) => {
      const start = cpuNow();
      for (const s of weekly) fitEts(s.y.slice(0, -HOLDOUT), etsModel(code, 7), { initial });
      return `${initial} ${(msSince(start) / weekly.length).toFixed(1)} ms`;
    });
    console.log(`  ETS ${code.padEnd(5)} ${cells.join(', ')}`);
  }

  // 3. Accuracy on the held-out 28 days beside the production forecast (plan.ts forecastDaily).
  const timing = new Map<string, number>();
  const candidates: Record<string, (train: number[]) => EtsFit> = {
    'ETS(A,N,M)': (train) => fitEts(train, etsModel('ANM', 7)),
    'ETS(A,Ad,M)': (train) => fitEts(train, etsModel('AAdM', 7)),
    'auto (heuristic)': (train) => autoEts(train, 7, { initial: 'heuristic' }),
    'auto (estimated)': (train) => autoEts(train, 7),
  };
  const chosen = new Map<string, number>();
  const evaluate = (series: Series[], name: string, forecastOf: (s: Series, train: number[]) => number[] | undefined) => {
    const out = new Map<string, { mase: number; rmsse: number }[]>();
    const start = cpuNow();
    for (const s of series) {
      const train = s.y.slice(0, -HOLDOUT);
      const f = forecastOf(s, train);
      if (!f) continue;
      out.set(s.group, [...(out.get(s.group) ?? []), score(train, s.y.slice(-HOLDOUT), f)]);
    }
    timing.set(name, msSince(start) / series.length);
    return { model: name, scores: out };
  };
  const production = (s: Series, train: number[]) => forecastDaily(train, s.firstDay, addDays(s.firstDay, train.length), HOLDOUT).forecast;
  const etsRow = (series: Series[], name: string) =>
    evaluate(series, name, (_s, train) => {
      // ETS(A,·,M) needs positive seasonal states: a series with a zero week falls back to the family's other members.
      let fit: EtsFit;
      try {
        fit = candidates[name](train);
      } catch {
        fit = autoEts(train, 7, { initial: 'heuristic', seasons: ['N', 'A'] });
      }
      if (name.startsWith('auto')) chosen.set(`${name} ${fit.model.error}${fit.model.trend}${fit.model.season}`, (chosen.get(`${name} ${fit.model.error}${fit.model.trend}${fit.model.season}`) ?? 0) + 1);
      return fit.forecast(HOLDOUT).map((v) => Math.max(0, v));
    });
  const rows = [evaluate(gen, 'production', production), ...Object.keys(candidates).map((name) => etsRow(gen, name))];
  printTable(`Generated: ${perType} series per type, 702 days fit, 28 held out; mean MASE / RMSSE`, [...GENERATED_TYPES], rows);
  console.log(`CPU ms per series (fit + forecast): ${[...timing].map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
  console.log(`chosen by AICc: ${[...chosen].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);

  const m5Count = Number(args.m5 ?? 0);
  if (m5Count > 0) {
    const m5 = loadM5().slice(0, m5Count);
    const reference = loadReference().get('AutoETS');
    timing.clear();
    chosen.clear();
    const m5Rows = [
      evaluate(m5, 'production', production),
      etsRow(m5, 'auto (heuristic)'),
      ...(args['m5-estimated'] ? [etsRow(m5, 'auto (estimated)')] : []),
      evaluate(m5, 'statsforecast AutoETS', (s) => reference?.get(s.id)),
    ];
    printTable(`M5: first ${m5.length} series; mean MASE / RMSSE`, [...new Set(m5.map((s) => s.group))], m5Rows);
    console.log(`CPU ms per series: ${[...timing].map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
    console.log(`chosen by AICc: ${[...chosen].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    coverage(m5);
  }
}

/**
 * The model's own lead-time quantile (ets.ts etsSumVariance, normal) against the realised sum of
 * the first L held-out days: the share of series covered (one origin per series), class 1 models.
 */
function coverage(series: Series[]) {
  const levels = [0.9, 0.95, 0.98];
  const z = { 0.9: 1.2815515655446004, 0.95: 1.6448536269514722, 0.98: 2.0537489106318225 } as Record<number, number>;
  const leads = [3, 7, 14, 28];
  const covered = new Map<string, number>();
  let counted = 0;
  for (const s of series) {
    const train = s.y.slice(0, -HOLDOUT);
    const fit = autoEts(train, 7, { initial: 'heuristic', errors: ['A'] });
    const mean = fit.forecast(HOLDOUT);
    counted++;
    for (const L of leads) {
      const v = fit.sumVariance(L) ?? NaN;
      const mu = mean.slice(0, L).reduce((a, b) => a + b, 0);
      const real = s.y.slice(train.length, train.length + L).reduce((a, b) => a + b, 0);
      for (const p of levels) if (real <= mu + z[p] * Math.sqrt(v)) covered.set(`${L}/${p}`, (covered.get(`${L}/${p}`) ?? 0) + 1);
    }
  }
  console.log(`\nlead-time sum under the additive-error ETS quantile (normal, σ² = Σε²/(n − k)), ${counted} series:`);
  console.log(`${'lead'.padEnd(8)}${levels.map((p) => `${p * 100}%`.padStart(8)).join('')}`);
  for (const L of leads) console.log(`${`${L} d`.padEnd(8)}${levels.map((p) => `${((100 * (covered.get(`${L}/${p}`) ?? 0)) / counted).toFixed(1)}%`.padStart(8)).join('')}`);
}
