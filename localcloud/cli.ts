// npm start: localcloud with the cloud functions and a demo shop, data kept in .localcloud/.
//   npm start -- --port 8787 --data .localcloud --latency 0 --env KEY=VALUE --no-demo --demo-days N --no-timers
import path from 'node:path';
import { startLocalCloud } from './index';
import { seedDemo } from './demo';
import { parseArgs, UsageError } from './args';

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

main().catch((e) => {
  console.error(e instanceof UsageError ? e.message : e);
  process.exit(1);
});
