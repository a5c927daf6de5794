// npm start: localcloud with the cloud functions and a demo shop, data kept in .localcloud/.
//   npm start -- --port 8787 --data .localcloud --latency 0 --env KEY=VALUE --no-demo --demo-days N --no-timers
import path from 'node:path';
import { startLocalCloud } from './index';
import { seedDemo } from './demo';

/**
 * The functions' deployment variables under `npm start` (in the cloud: 云函数 → 环境变量): the demo
 * shop may be created, and the owner's digest has a template id so the subscribe flow is visible.
 */
export const LOCAL_FUNCTION_ENV: Readonly<Record<string, string>> = {
  STOCKMATE_DEMO: '1',
  STOCKMATE_DIGEST_TEMPLATE_ID: 'LOCAL_DIGEST_TEMPLATE',
};

const USAGE = 'usage: npm start -- [--port P] [--data DIR] [--latency MS] [--env KEY=VALUE]... [--no-demo] [--demo-days N] [--no-timers]';

class UsageError extends Error {}

export function parseArgs(argv: string[]) {
  const args = {
    port: 8787,
    data: path.resolve(__dirname, '..', '.localcloud'),
    demo: true,
    demoDays: undefined as number | undefined,
    latency: 0,
    timers: true,
    env: { ...LOCAL_FUNCTION_ENV } as Record<string, string>,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value\n${USAGE}`);
      return v;
    };
    const count = (v: string, min: number) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) throw new UsageError(`${a} needs a whole number ≥ ${min}, not "${v}"`);
      return n;
    };
    if (a === '--port') args.port = count(value(), 0);
    else if (a === '--data') args.data = path.resolve(value());
    else if (a === '--latency') args.latency = count(value(), 0);
    else if (a === '--env') {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(value());
      if (!m) throw new UsageError(`--env needs KEY=VALUE, e.g. --env STOCKMATE_DIGEST_TEMPLATE_ID=abc`);
      args.env[m[1]] = m[2];
    } else if (a === '--no-demo') args.demo = false;
    else if (a === '--demo-days') args.demoDays = count(value(), 1);
    else if (a === '--no-timers') args.timers = false;
    else if (a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else throw new UsageError(`unknown option ${a}\n${USAGE}`);
  }
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  // Timers start after the demo history: its replay moves this process's clock through the past.
  const lc = await startLocalCloud({ port: args.port, dataDir: args.data, latencyMs: args.latency, functionEnv: args.env }).catch((e) => {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    console.error(
      `port ${args.port} is already in use — probably another localcloud (npm start) is running; stop it (Ctrl-C in its terminal),\n` +
        `or start this one on another port: npm start -- --port ${args.port + 1}  (npm run nightly finds it through ${path.join(args.data, 'url')})`,
    );
    process.exit(1);
  });
  lc.runner.onTimerResult = (name, r) => console.log(`[timer] ${name}: ${r.error ? r.error.errMsg : 'ok'} (${r.durationMs} ms)`);
  const stop = async () => {
    await lc.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const setup = await lc.invoke('api', { action: 'system.setup' });
  if (setup.error) console.warn(`setup failed: ${setup.error.errMsg}`);
  if (args.demo) {
    try {
      console.log((await seedDemo(lc, { days: args.demoDays })).message);
    } catch (e) {
      console.warn(`demo shop not seeded: ${(e as Error).message}`);
    }
  }
  if (args.timers) lc.runner.startTimers();
  const env = Object.entries(args.env).map(([k, v]) => `${k}=${v}`).join(' ');
  console.log(`localcloud ready on ${lc.url} (env ${lc.envId}, data ${args.data})`);
  console.log(`  functions: ${lc.runner.list().join(', ')}  — POST ${lc.url}/functions/<name> with header x-wx-openid`);
  console.log(`  function environment: ${env || 'none'}`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof UsageError ? e.message : e);
    process.exit(1);
  });
}
