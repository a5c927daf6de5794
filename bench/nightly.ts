// The nightly job on localcloud for a shop of 1,000 and 10,000 products with 730 days of history
// each: wall seconds (and how many 45-second invocations that takes), seconds of pure forecast
// compute, database requests per product, peak memory.
// The second night (the next day, a share of products sold: --sold 0.2) is the ordinary night
// whose writes per product issue 13 bounds at 0.3 (every write counted: records, alerts, the job's
// state, forecast pages, festival pool and lease; the split is printed under each night).
// Run: npm run bench -- nightly [--products 1000,10000] [--latency 0] [--sold 0.2]
import os from 'node:os';
import { startLocalCloud } from '../localcloud';
import { mulberry32 } from './random';
import { Db } from '../server/core/db';
import { forEachLimit } from '../server/core/pool';
import { addDays, chinaDay, dayOfYear, historyId } from '../server/replenishment/history';
import { spreadPool, withPooledSpread } from '../server/replenishment/spread';
import { forecastProduct } from '../server/replenishment/plan';


/** 730 days of demand of one product: smooth, trending, weekly or intermittent by index. */
function demandOf(i: number, rand: () => number): number[] {
  const base = 1 + rand() * 15;
  return Array.from({ length: 730 }, (_, t) => {
    switch (i % 4) {
      case 0: return Math.round(base + (rand() - 0.5) * base);
      case 1: return Math.round(base * (0.6 + t / 730) + (rand() - 0.5) * 3);
      case 2: return Math.round(base * (t % 7 >= 5 ? 1.8 : 0.9) + (rand() - 0.5) * 2);
      default: return rand() < 0.2 ? 1 + Math.floor(rand() * 4) : 0;
    }
  });
}

async function seedShop(db: Db, shopId: string, n: number, today: string) {
  const rand = mulberry32(n);
  const created = new Date(Date.now() - 800 * 86_400_000);
  await db.set('shops', shopId, { name: `压测 ${n}`, ownerOpenid: `${shopId}-owner`, warehouses: [{ id: 'w1', name: '默认仓库', isDefault: true, archived: false }], settings: {}, createdAt: created });
  const first = addDays(today, -730);
  await forEachLimit(Array.from({ length: n }, (_, i) => i), 16, async (i) => {
    const productId = `${shopId}p${String(i).padStart(6, '0')}`;
    const demand = demandOf(i, rand);
    await db.set('products', productId, {
      shopId, name: `商品 ${i}`, baseUnit: '件', purchaseUnit: i % 3 ? { name: '箱', factor: 12 } : null, purchasePriceFen: 100 + (i % 50) * 37,
      category: `类目${i % 20}`, minStock: 0, maxStock: 0, leadTimeDays: 2 + (i % 7), minOrderQty: 1, preferredSupplierId: `s${i % 20}`, batchTracked: false, archived: false,
      barcodes: [], createdAt: created, updatedAt: created,
    });
    const years = new Map<number, number[]>();
    demand.forEach((q, d) => {
      const { year, index } = dayOfYear(addDays(first, d));
      const daily = years.get(year) ?? new Array(366).fill(0);
      daily[index] = q;
      years.set(year, daily);
    });
    for (const [year, daily] of years) await db.set('sales_history', historyId(shopId, productId, year), { shopId, productId, year, daily });
    await db.set('stock', `${shopId}_w1_${productId}`, { shopId, warehouseId: 'w1', productId, qty: Math.floor(rand() * 80), unitCost: String(100 + (i % 50) * 37), batches: [], version: 1, updatedAt: created });
  });
  // The history is complete up to yesterday: the job's aggregate finds nothing new to add.
  await db.set('job_state', `history_${shopId}`, { shopId, lastDay: addDays(today, -1), updatedAt: new Date() });
  return demandOf;
}

export async function benchNightly(args: Record<string, string>) {
  const sizes = (args.products ?? '1000,10000').split(',').map(Number);
  const lc = await startLocalCloud({ port: 0, dataDir: null });
  lc.latencyMs = Number(args.latency ?? 0);
  await lc.invoke('api', { action: 'system.setup' });
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  const db = new Db(cloud.database());
  const today = chinaDay(new Date());
  console.log(`nightly function on localcloud (in-process, ${os.cpus().length} cores, node ${process.version}, ${lc.latencyMs} ms per request), 730 days of history per product`);
  console.log('products  wall s  invocations  forecast-only s  db requests  per product  reads/product  writes/product  peak heap MB  peak rss MB');
  for (const n of sizes) {
    const shopId = `bench${n}`;
    const seedStart = Date.now();
    await seedShop(db, shopId, n, today);
    const seeded = ((Date.now() - seedStart) / 1000).toFixed(0);

    // Pure compute: the same forecasts without a database.
    // Timed around forecastProduct only: generating the demand is the bench's work, not the night's.
    const rand = mulberry32(n);
    let computeNs = 0n;
    const forecasts = [];
    for (let i = 0; i < n; i++) {
      const demand = demandOf(i, rand);
      const t0 = process.hrtime.bigint();
      forecasts.push({ ...forecastProduct(demand, addDays(today, -730), today, 2 + (i % 7)), category: `类目${i % 20}` });
      computeNs += process.hrtime.bigint() - t0;
    }
    // The policy step's spread pool over them and its use by every product.
    const t1 = process.hrtime.bigint();
    const pool = spreadPool(forecasts);
    forecasts.forEach((f, i) => withPooledSpread(f, pool, 2 + (i % 7), f.category));
    const poolNs = process.hrtime.bigint() - t1;
    computeNs += poolNs;
    const computeSeconds = Number(computeNs) / 1e9;
    console.log(`          (forecast-only includes the spread pool: ${(Number(poolNs) / 1e6).toFixed(0)} ms)`);

    const night = async (day: string, label: string) => {
      global.gc?.();
      lc.resetStats();
      let peakHeap = 0;
      let peakRss = 0;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peakHeap = Math.max(peakHeap, m.heapUsed);
        peakRss = Math.max(peakRss, m.rss);
      }, 100);
      const start = Date.now();
      let invocations = 0;
      for (;;) {
        invocations++;
        const r = await lc.invoke('nightly', { shopIds: [shopId], today: day });
        if (r.error || !(r.result as any).ok) throw new Error(JSON.stringify(r.error ?? r.result));
        if ((r.result as any).data.done) break;
      }
      const wall = (Date.now() - start) / 1000;
      clearInterval(sampler);
      const stats = lc.requestStats();
      const count = (re: RegExp) => Object.entries(stats.byAction).filter(([a]) => re.test(a)).reduce((s, [, c]) => s + c, 0);
      const reads = count(/query|getDocument|aggregate|count/i);
      const writes = count(/modify|set|update|add|remove|delete/i);
      const mb = (b: number) => (b / 1048576).toFixed(0);
      console.log(
        `${String(n).padStart(8)}  ${wall.toFixed(1).padStart(6)}  ${String(invocations).padStart(11)}  ${computeSeconds.toFixed(1).padStart(15)}  ${String(stats.total).padStart(11)}  ${(stats.total / n).toFixed(2).padStart(11)}  ${(reads / n).toFixed(3).padStart(13)}  ${(writes / n).toFixed(3).padStart(14)}  ${mb(peakHeap).padStart(12)}  ${mb(peakRss).padStart(11)}   ${label}`,
      );
      console.log(`          requests by action: ${JSON.stringify(stats.byAction)}`);
      // Which documents those writes were: records written tonight carry tonight's day, alerts written tonight a later updatedAt.
      const records = await db.count('replenishment', { shopId, day });
      const alerts = await db.count('alerts', { shopId, updatedAt: db.command.gte(new Date(start).toISOString()) });
      console.log(`          writes: ${records} records (${(records / n).toFixed(3)}/product), ${alerts} alerts (${(alerts / n).toFixed(3)}/product), ${writes - records - alerts} job state and lease (${((writes - records - alerts) / n).toFixed(3)}/product)`);
    };
    await night(today, `first night (seeded in ${seeded} s)`);
    // The next night: a share of the products sold during the day (their stock moved).
    const sold = Number(args.sold ?? 0.2);
    const pick = mulberry32(n + 1);
    const changed = Array.from({ length: n }, (_x, i) => i).filter(() => pick() < sold);
    await forEachLimit(changed, 16, async (i) => {
      const id = `${shopId}_w1_${shopId}p${String(i).padStart(6, '0')}`;
      const doc = await db.getById<{ qty: number }>('stock', id);
      await db.update('stock', id, { qty: Math.max(0, (doc?.qty ?? 0) - 1 - Math.floor(pick() * 3)) });
    });
    await night(addDays(today, 1), `next night, ${(sold * 100).toFixed(0)}% of products sold that day`);
  }
  await lc.stop();
}
