// npm start's options.
import path from 'node:path';

/**
 * The functions' deployment variables under `npm start` (in the cloud: 云函数 → 环境变量): the demo
 * shop may be created, and the owner's digest has a template id so the subscribe flow is visible.
 */
export const LOCAL_FUNCTION_ENV: Readonly<Record<string, string>> = {
  STOCKMATE_DEMO: '1',
  STOCKMATE_DIGEST_TEMPLATE_ID: 'LOCAL_DIGEST_TEMPLATE',
};

export const USAGE = 'usage: npm start -- [--port P] [--data DIR] [--latency MS] [--env KEY=VALUE]... [--no-demo] [--demo-days N] [--no-timers]';

export class UsageError extends Error {}

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
