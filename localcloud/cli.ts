// npm start: localcloud with the cloud functions and a demo shop, data kept in .localcloud/.
//   npm start -- --port 8787 --data .localcloud --latency 0 --no-demo --no-timers
import path from 'node:path';
import { startLocalCloud } from './index';
import { seedDemo } from './demo';

function parseArgs(argv: string[]) {
  const args = { port: 8787, data: path.resolve(__dirname, '..', '.localcloud'), demo: true, latency: 0, timers: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--port') args.port = Number(value());
    else if (a === '--data') args.data = path.resolve(value());
    else if (a === '--latency') args.latency = Number(value());
    else if (a === '--no-demo') args.demo = false;
    else if (a === '--no-timers') args.timers = false;
    else if (a === '--help') {
      console.log('usage: npm start -- [--port P] [--data DIR] [--latency MS] [--no-demo] [--no-timers]');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const lc = await startLocalCloud({ port: args.port, dataDir: args.data, latencyMs: args.latency, timers: args.timers });
  lc.runner.onTimerResult = (name, r) => console.log(`[timer] ${name}: ${r.error ? r.error.errMsg : 'ok'} (${r.durationMs} ms)`);
  const setup = await lc.invoke('api', { action: 'system.setup' });
  if (setup.error) console.warn(`setup failed: ${setup.error.errMsg}`);
  if (args.demo) console.log(await seedDemo(lc));
  console.log(`localcloud ready on ${lc.url} (env ${lc.envId}, data ${args.data})`);
  console.log(`  functions: ${lc.runner.list().join(', ')}  — POST ${lc.url}/functions/<name> with header x-wx-openid`);
  const stop = async () => {
    await lc.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
