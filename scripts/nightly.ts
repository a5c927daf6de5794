// npm run nightly [-- --url http://127.0.0.1:8787 --data .localcloud --shop <id> --force --today YYYY-MM-DD]
// Invokes the nightly function of a running localcloud (npm start) as its timer would, and keeps
// invoking while a cut-off run has work left. Prints what each shop got. The localcloud is the one
// named by --url, else $LOCALCLOUD_URL, else the one whose data dir (--data, default .localcloud)
// holds the url file it leaves while running (so `npm start -- --port P` is found), else :8787.
import fs from 'node:fs';
import path from 'node:path';
import { URL_FILE } from '../localcloud';
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

/** The URL file a running localcloud leaves in its data dir. */
function runningUrl(): { url: string; from: string } | null {
  const file = path.join(path.resolve(option('data') ?? path.join(__dirname, '..', '.localcloud')), URL_FILE);
  if (!fs.existsSync(file)) return null;
  const url = fs.readFileSync(file, 'utf8').trim();
  return url ? { url, from: file } : null;
}

function target(): { url: string; from: string } {
  if (option('url')) return { url: option('url')!, from: '--url' };
  if (process.env.LOCALCLOUD_URL) return { url: process.env.LOCALCLOUD_URL, from: 'LOCALCLOUD_URL' };
  return runningUrl() ?? { url: 'http://127.0.0.1:8787', from: 'the default port' };
}

async function main() {
  const found = target();
  const url = found.url.replace(/\/$/, '');
  const event = { shopIds: option('shop') ? [option('shop')] : undefined, force: flag('force'), today: option('today') };
  for (let invocation = 1; invocation <= 50; invocation++) {
    let res: Response;
    try {
      res = await fetch(`${url}/functions/nightly`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    } catch {
      const stale = found.from.endsWith(URL_FILE) ? ` (left in ${found.from} by a localcloud that did not stop cleanly?)` : '';
      throw new Error(`localcloud is not answering at ${url}${stale}: start it with "npm start" first`);
    }
    const body = (await res.json()) as any;
    if (!res.ok || !body.result?.ok) throw new Error(`nightly failed: ${JSON.stringify(body)}`);
    const { done, shops, ms } = body.result.data;
    console.log(`invocation ${invocation}: ${shops.length} shop(s) in ${ms} ms${done ? '' : ' — not finished, continuing'}`);
    for (const s of shops) {
      const opened = Object.entries(s.opened ?? {}).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
      console.log(`  ${s.shopId} ${s.day}: ${s.busy ? 'busy (another run holds it)' : s.phase}, ${s.products} products, new alerts: ${opened}, digest: ${s.digest?.status ?? '-'}`);
    }
    if (done) return;
    event.force = false; // continue the run just started, do not restart it
  }
  throw new Error('nightly did not finish in 50 invocations');
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
