// npm run nightly [-- --url http://127.0.0.1:8787 --shop <id> --force --today YYYY-MM-DD]
// Invokes the nightly function of a running localcloud (npm start) as its timer would, and keeps
// invoking while a cut-off run has work left. Prints what each shop got.
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

async function main() {
  const url = (option('url') ?? process.env.LOCALCLOUD_URL ?? 'http://127.0.0.1:8787').replace(/\/$/, '');
  const event = { shopIds: option('shop') ? [option('shop')] : undefined, force: flag('force'), today: option('today') };
  for (let invocation = 1; invocation <= 50; invocation++) {
    let res: Response;
    try {
      res = await fetch(`${url}/functions/nightly`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    } catch {
      throw new Error(`localcloud is not answering at ${url}: start it with "npm start" first`);
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
