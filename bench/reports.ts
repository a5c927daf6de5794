// A year's reports of a shop with 2,000 products and ~200,000 sale lines: the nightly summary step
// (requests, seconds, the largest summary document in bytes), then reports.stock / reports.sales /
// reports.dashboard over the year: database requests and ms per call (summaries + today's postings).
// Run: npm run bench -- reports [--products 2000] [--lines 200000] [--latency 0]
import { calculateObjectSize } from 'bson';
import os from 'node:os';
import { startLocalCloud } from '../localcloud';
import { Db } from '../server/core/db';
import { forEachLimit } from '../server/core/pool';
import { chinaDay } from '../server/posting/engine';
import { addDays, dayStart } from '../server/replenishment/history';
import { aggregateDailySummaries } from '../server/reports/summary';
import { mulberry32 } from './random';

const LINES_PER_POSTING = 8;

export async function benchReports(args: Record<string, string>) {
  const n = Number(args.products ?? 2000);
  const totalLines = Number(args.lines ?? 200_000);
  const lc = await startLocalCloud({ port: 0, dataDir: null });
  await lc.invoke('api', { action: 'system.setup' });
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const db = new Db(require('wx-server-sdk').database());
  const owner = 'bench-reports-owner';
  const created = await lc.invoke('api', { action: 'shops.create', name: '报表压测' }, { openid: owner });
  const shopId = (created.result as any).data.shop._id as string;
  const warehouseId = (created.result as any).data.shop.warehouses[0].id as string;
  const today = chinaDay(new Date());
  const rand = mulberry32(7);
  const started = Date.now();
  await forEachLimit(Array.from({ length: n }, (_, i) => i), 16, async (i) => {
    const productId = `${shopId}p${String(i).padStart(5, '0')}`;
    await db.set('products', productId, { shopId, name: `商品 ${i}`, category: `类目 ${i % 30}`, baseUnit: '件', salePriceFen: 500, archived: false, barcodes: [], createdAt: new Date(), updatedAt: new Date() });
    await db.set('stock', `${shopId}_${warehouseId}_${productId}`, { shopId, warehouseId, productId, qty: 1000, unitCost: '300', batches: [], version: 1, updatedAt: new Date() });
  });
  // A year of sale tickets of 8 lines (365 days before today, plus today's), stamped as the engine would.
  const postings = Math.ceil(totalLines / LINES_PER_POSTING);
  await forEachLimit(Array.from({ length: postings }, (_, i) => i), 32, async (i) => {
    const day = addDays(today, -365 + Math.floor((i / postings) * 366));
    const at = new Date(dayStart(day).getTime() + 8 * 3_600_000 + (i % 600) * 60_000);
    const lines = Array.from({ length: LINES_PER_POSTING }, () => {
      const p = Math.floor(rand() * n);
      const qty = 1 + Math.floor(rand() * 3);
      return { productId: `${shopId}p${String(p).padStart(5, '0')}`, productName: `商品 ${p}`, warehouseId, batchNo: null, expiryDate: null, qty: -qty, unitCost: '300', amountFen: qty * 500, qtyAfter: 0, unitCostAfter: '300' };
    });
    await db.set('postings', `${shopId}_bench${i}`, {
      shopId, requestId: `bench${i}`, type: 'sale', reason: null, source: { kind: 'sale', id: null, no: null }, partyId: i % 5 ? null : `c${i % 40}`, note: '',
      operator: { openid: i % 3 ? owner : 'bench-clerk', name: i % 3 ? '店主' : '店员' }, createdAt: at, lines, productIds: [...new Set(lines.map((l) => l.productId))], reverses: null,
      totals: { qty: 0, costFen: 0, amountFen: 0 }, payment: null, override: null,
    });
  });
  console.log(`seeded ${n} products, ${postings} sale postings (${postings * LINES_PER_POSTING} lines) over 366 days in ${((Date.now() - started) / 1000).toFixed(1)} s (${os.cpus().length} cores, node ${process.version})`);

  lc.latencyMs = Number(args.latency ?? 0);
  lc.resetStats();
  let t0 = Date.now();
  const built = await aggregateDailySummaries(db, shopId, today);
  const step = lc.requestStats();
  const docs = await db.findAll<Record<string, unknown>>('daily_summaries', { shopId }, [['day', 'asc']], 10_000);
  const sizes = docs.map((d) => calculateObjectSize(d));
  console.log(`nightly summary step: ${built.documents} days summarised with ${step.total} db requests in ${Date.now() - t0} ms; summary documents ${Math.round(Math.min(...sizes) / 1024)}–${Math.round(Math.max(...sizes) / 1024)} KB (limit 16 MB)`);
  // The worst case of one day: every product sold in two warehouses, to 200 customers by 10 clerks.
  const worst = { ...docs[0], moves: Array.from({ length: n * 2 * 3 }, (_, i) => ({ p: `${shopId}p${String(i % n).padStart(5, '0')}`, w: `w${i % 2}`, b: 'purchase_receipt', i: 1234, iv: 123456.78, o: 1234, ov: 123456.78 })), sales: Array.from({ length: n * 2 }, (_, i) => ({ p: `${shopId}p${String(i % n).padStart(5, '0')}`, w: `w${i % 2}`, n: `商品名称十个字以内吧 ${i}`, g: '某个类目', q: 123, a: 123456, c: 12345.67, sq: 123, sa: 123456, rq: 1, ra: 1000, rc: 300, dq: 0, dv: 0 })) };
  console.log(`worst-case day for ${n} products (every product moved 3 ways in 2 warehouses): ${(calculateObjectSize(worst) / 1024 / 1024).toFixed(2)} MB`);

  console.log('\naction                         period   db requests  ms');
  for (const [action, input] of [
    ['reports.stock', { period: 'custom', from: addDays(today, -364), to: today }],
    ['reports.sales', { period: 'custom', from: addDays(today, -364), to: today, by: 'product' }],
    ['reports.sales', { period: 'custom', from: addDays(today, -364), to: today, by: 'clerk' }],
    ['reports.dashboard', {}],
  ] as const) {
    lc.resetStats();
    t0 = Date.now();
    const r = await lc.invoke('api', { action, ...input }, { openid: owner });
    const ms = Date.now() - t0;
    const result = r.result as any;
    if (!result?.ok) throw new Error(`${action}: ${JSON.stringify(result?.error ?? r.error)}`);
    const s = lc.invocationStats(r.requestId);
    const label = `${action}${'by' in input ? ` by ${input.by}` : ''}`;
    console.log(`${label.padEnd(30)} ${'period' in input ? '365 days' : '30 days '}  ${String(s.total).padStart(11)}  ${String(ms).padStart(5)}   ${JSON.stringify(s.byAction)}`);
  }
  await lc.stop();
}
