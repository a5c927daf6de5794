// npm run bench [-- <name> [--key value ...]]: runs one benchmark, or all. Prints figures only;
// nothing here asserts a time.
import { benchCounts } from './counts';
import { benchCoverage } from './coverage';
import { benchEts } from './ets';
import { benchExport } from './export';
import { benchFestival } from './festival';
import { benchLocalcloud } from './localcloud';
import { benchM5 } from './m5';
import { benchMiniprogramSize } from './miniprogram-size';
import { benchNightly } from './nightly';
import { benchPurchasing } from './purchasing';
import { benchReports } from './reports';
import { benchSale } from './sale';
import { benchSales } from './sales';
import { benchSimulation } from './simulation';
import { benchTransfer } from './transfer';

const benches: Record<string, (args: Record<string, string>) => Promise<void>> = {
  counts: benchCounts,
  coverage: benchCoverage,
  ets: benchEts,
  export: benchExport,
  festival: benchFestival,
  localcloud: benchLocalcloud,
  m5: benchM5,
  'miniprogram-size': benchMiniprogramSize,
  nightly: benchNightly,
  purchasing: benchPurchasing,
  reports: benchReports,
  sale: benchSale,
  sales: benchSales,
  simulation: benchSimulation,
  transfer: benchTransfer,
};

async function main() {
  const argv = process.argv.slice(2);
  const names = argv.filter((a, i) => !a.startsWith('--') && !(argv[i - 1] ?? '').startsWith('--'));
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) if (argv[i].startsWith('--')) args[argv[i].slice(2)] = argv[++i];
  for (const name of names.length ? names : Object.keys(benches)) {
    const bench = benches[name];
    if (!bench) throw new Error(`unknown bench ${name}; have ${Object.keys(benches).join(', ')}`);
    console.log(`\n== ${name} ==`);
    await bench(args);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
