// Reorder points against what happened (issue 13, goal 2): for lead times of 3/7/14/28 days and
// cycle service levels of 90/95/98%, the share of (series, origin) pairs whose realised demand over
// the lead time stays at or under the nightly job's reorder point. The M5 series (fit on all days
// before each origin: the convention's origin and the three 28 days before it) and generated ones.
// Run: npm run bench -- coverage [--origins 4] [--seed 13 (the generated series')]
import { addDays } from '../server/replenishment/history';
import { positionOf } from '../server/replenishment/distribution';
import { forecastProduct, intermittentMethod, reorderPointFor } from '../server/replenishment/plan';
import { OBSOLETE_DAYS } from '../server/replenishment/select';
import { generated, GENERATED_TYPES, HOLDOUT, loadM5, Series } from './m5data';

const LEADS = [3, 7, 14, 28];
const SERVICE = [0.9, 0.95, 0.98];

function coverage(series: Series[], origins: number) {
  // covered[lead][service] = [hits, n]
  const covered = LEADS.map(() => SERVICE.map(() => [0, 0]));
  // The same for the series the nightly job orders for a cycle service level (not intermittent).
  const cycle = LEADS.map(() => SERVICE.map(() => [0, 0]));
  let zeroRopSold = 0;
  // … of which the product had sold in the OBSOLETE_DAYS before (the goal: none such).
  let zeroRopSoldRecently = 0;
  for (const s of series) {
    for (let k = 0; k < origins; k++) {
      const origin = s.y.length - HOLDOUT - 28 * k;
      const train = s.y.slice(0, origin);
      LEADS.forEach((lead, li) => {
        const f = forecastProduct(train, s.firstDay, addDays(s.firstDay, origin), lead);
        const actual = s.y.slice(origin, origin + lead).reduce((a, b) => a + b, 0);
        SERVICE.forEach((service, si) => {
          // The cycle-service reorder point of the nightly policy, the series' id as the product's
          // (intermittent items are ordered for a fill rate instead: bench simulation measures that).
          const rop = reorderPointFor(f, lead, service, 0, positionOf(s.id)).rop;
          covered[li][si][0] += actual <= rop ? 1 : 0;
          covered[li][si][1]++;
          if (!intermittentMethod(f.method)) {
            cycle[li][si][0] += actual <= rop ? 1 : 0;
            cycle[li][si][1]++;
          }
          if (rop === 0 && actual > 0 && si === 1 && li === 3) {
            zeroRopSold++;
            if (train.slice(-OBSOLETE_DAYS).some((v) => v > 0)) zeroRopSoldRecently++;
          }
        });
      });
    }
  }
  return { covered, cycle, zeroRopSold, zeroRopSoldRecently };
}

function print(label: string, r: ReturnType<typeof coverage>, part: 'covered' | 'cycle' = 'covered') {
  const c = r[part];
  const n = c[0][0][1];
  console.log(`${label.padEnd(14)} n=${String(n).padStart(5)} ${LEADS.map((l, li) => SERVICE.map((_s, si) => (((c[li][si][0] / c[li][si][1]) * 100).toFixed(1)).padStart(6)).join('')).join('  |')}`);
}

export async function benchCoverage(args: Record<string, string>) {
  const origins = Number(args.origins ?? 4);
  console.log(`share of lead-time demand ≤ ROP (%), ${origins} origins 28 days apart ending at the held-out origin; target = service level ± 2`);
  console.log(`${'lead →'.padEnd(22)}${LEADS.map((l) => `L=${l}`.padEnd(18)).join('   ')}`);
  console.log(`${'service →'.padEnd(22)}${LEADS.map(() => SERVICE.map((s) => `${s * 100}%`.padStart(6)).join('')).join('  |')}`);
  const m5 = loadM5();
  const groups = [...new Set(m5.map((s) => s.group))];
  const all = coverage(m5, origins);
  print('M5 all', all);
  for (const g of groups) print(`  ${g}`, coverage(m5.filter((s) => s.group === g), origins));
  print('  cycle items', all, 'cycle');
  console.log(`  M5: ${all.zeroRopSold} (series, origin) pairs had a reorder point of 0 at 95%/28 days and then sold; ${all.zeroRopSoldRecently} of them had sold in the ${OBSOLETE_DAYS} days before`);
  const gen = generated(40, Number(args.seed ?? 13));
  const genAll = coverage(gen, origins);
  print('generated all', genAll);
  for (const t of GENERATED_TYPES) print(`  ${t}`, coverage(gen.filter((s) => s.group === t), origins));
  print('  cycle items', genAll, 'cycle');
  console.log('cycle items: the series the nightly job orders for this cycle service level; intermittent ones it orders for a fill rate (bench simulation)');
}
