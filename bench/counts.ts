// Stock counts: the database requests of one counted scan, the largest posting one transaction
// takes (one engine posting of k lines, timed against the cloud's 30-second transaction and the
// function's 20-second timeout), and the time to post a 2,000-product count (20 parts of 100).
// Run: npm run bench -- counts [--products 2000] [--latency 10]
import events from 'node:events';
import os from 'node:os';
import { startLocalCloud } from '../localcloud';
import { Db } from '../server/core/db';
import { fingerprintOf, post } from '../server/posting/engine';

async function call(lc: any, openid: string, action: string, input: Record<string, unknown>) {
  const r = await lc.invoke('api', { action, ...input }, { openid });
  if (r.error || !r.result.ok) throw new Error(`${action}: ${JSON.stringify(r.error ?? r.result.error)}`);
  return { data: r.result.data, requestId: r.requestId as string, ms: r.durationMs as number };
}

function breakdown(lc: any, requestId: string): string {
  const stats = lc.invocationStats(requestId);
  const kinds = Object.entries(stats.byAction as Record<string, number>).map(([k, n]) => `${k.replace('database.', '')} ${n}`);
  return `${String(stats.total).padStart(3)} requests: ${kinds.join(', ')}`;
}

export async function benchCounts(args: Record<string, string>) {
  const productCount = Number(args.products ?? 2000);
  const latency = Number(args.latency ?? 10);
  events.defaultMaxListeners = 0; // thousands of parallel requests of one big posting share sockets
  const lc = await startLocalCloud({ port: 0, dataDir: `${os.tmpdir()}/lc-bench-counts-${process.pid}` });
  await lc.invoke('api', { action: 'system.setup' });
  const owner = 'bench-owner';
  const shop = (await call(lc, owner, 'shops.create', { name: '盘点压测' })).data.shop;
  console.log(`stock counts on localcloud (${os.cpus().length} cores, node ${process.version}); ${productCount} products`);

  const products: string[] = [];
  for (let i = 0; i < productCount; i++) products.push((await call(lc, owner, 'products.create', { name: `商品${String(i).padStart(4, '0')}`, baseUnit: '件', salePriceFen: 100 })).data._id);
  for (let i = 0; i < productCount; i += 200) {
    await call(lc, owner, 'stock.opening', { requestId: `benchopen${process.pid}x${i}`, lines: products.slice(i, i + 200).map((productId) => ({ productId, qty: 50, unitCostFen: 30 })) });
  }

  // 1. One counted scan.
  const count = (await call(lc, owner, 'count.create', { requestId: `benchcount${process.pid}`, scope: { kind: 'all' } })).data;
  const first = await call(lc, owner, 'count.scan', { countId: count._id, requestId: `benchscan${process.pid}a`, productId: products[0] });
  const again = await call(lc, owner, 'count.scan', { countId: count._id, requestId: `benchscan${process.pid}b`, productId: products[0] });
  console.log('\ncount.scan (one scan, +1):');
  console.log(`  first scan of a product   ${breakdown(lc, first.requestId)}`);
  console.log(`  a later scan              ${breakdown(lc, again.requestId)}`);
  console.log('  getDocument = member, count, product (before) + count line and balance (in the transaction);');
  console.log('  the transaction itself: start + 2 reads + 1 write + commit = 5; calculateDocument = the progress count');

  // 2. The largest posting one transaction takes: one engine posting of k lines, with a cloud round trip per request.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  const db = new Db(cloud.database());
  lc.latencyMs = latency;
  console.log(`\none posting of k lines in one transaction, ${latency} ms per database request (cloud: commit within 30 s; the api function's timeout is 20 s):`);
  for (const k of [100, 500, 1000, 2000].filter((k) => k <= productCount)) {
    const t0 = Date.now();
    await post(db, {
      shopId: shop._id,
      allowNegativeStock: false,
      requestId: `benchpost${process.pid}x${k}`,
      type: 'adjustment',
      reason: 'correction',
      operator: { openid: owner, name: '店主' },
      fingerprint: fingerprintOf({ k }),
      lines: products.slice(0, k).map((id) => ({ product: { _id: id, name: '', baseUnit: '件', batchTracked: false }, warehouseId: 'main', qty: -1 })),
    });
    console.log(`  k = ${String(k).padStart(4)}: ${4 * k + 4} requests, ${Date.now() - t0} ms`);
  }
  lc.latencyMs = 0;

  // 3. A count of every product: each typed, then posted in parts.
  const t1 = Date.now();
  await call(lc, owner, 'count.scan', { countId: count._id, requestId: `benchset${process.pid}x0`, productId: products[0], mode: 'set', qty: 46 });
  for (let i = 1; i < productCount; i++) await call(lc, owner, 'count.scan', { countId: count._id, requestId: `benchset${process.pid}x${i}`, productId: products[i], mode: 'set', qty: 40 + (i % 7) });
  console.log(`\n${productCount} products counted (one scan each) in ${Date.now() - t1} ms`);
  await call(lc, owner, 'count.submit', { id: count._id, requestId: `benchsubmit${process.pid}` });
  lc.latencyMs = latency;
  const res = await call(lc, owner, 'count.post', { id: count._id, requestId: `benchpostcount${process.pid}`, uncounted: 'keep' });
  console.log(`count.post at ${latency} ms per request: ${res.data.parts} parts of up to 100 entries, ${res.ms} ms, ${lc.invocationStats(res.requestId).total} database requests`);
  lc.latencyMs = 0;
  await lc.stop();
}
