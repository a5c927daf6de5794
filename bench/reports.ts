// A year's reports of a shop with 2,000 products and ~200,000 sale lines: the nightly summary step
// and month roll-up step (requests, seconds, the largest documents in bytes), then every report over
// the year: database requests, KB the database answered and ms per call — over the days only, then
// over the month roll-ups (summaries + today's postings).
// Run: npm run bench -- reports [--products 2000] [--lines 200000] [--latency 0] [--window 7] [--only days|month]
import { calculateObjectSize } from 'bson';
import os from 'node:os';
import { startLocalCloud } from '../localcloud';
import { Db } from '../server/core/db';
import { forEachLimit } from '../server/core/pool';
import { chinaDay } from '../server/posting/engine';
import { addDays, dayStart } from '../server/replenishment/history';
import { ROWS_PER_PART } from '../server/reports/months';
import { aggregateDailySummaries, summaryStateId } from '../server/reports/summary';
import { mulberry32 } from './random';

const LINES_PER_POSTING = 8;

export async function benchReports(args: Record<string, string>) {
  const n = Number(args.products ?? 2000);
  const totalLines = Number(args.lines ?? 200_000);
  const lc = await startLocalCloud({ port: 0, dataDir: null });
  await lc.invoke('api', { action: 'system.setup' });
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cloud = require('wx-server-sdk');
  // The emulator's aggregate scans the shop's 25,000 postings per call: on a loaded machine one took
  // longer than the SDK's 15 s default (the deployed step has the cloud's own database).
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV, timeout: 300_000 });
  const db = new Db(cloud.database());
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
    // Mostly sales; every 40th a purchase receipt from one of 10 suppliers, every 25th a one-line return.
    const type = i % 40 === 0 ? 'purchase_receipt' : i % 25 === 0 ? 'sale_return' : 'sale';
    const lines = Array.from({ length: type === 'sale_return' ? 1 : LINES_PER_POSTING }, () => {
      const p = Math.floor(rand() * n);
      const qty = type === 'purchase_receipt' ? 24 : 1 + Math.floor(rand() * 3);
      const sign = type === 'sale' ? -1 : 1;
      const amountFen = type === 'purchase_receipt' ? 0 : -sign * qty * 500;
      return { productId: `${shopId}p${String(p).padStart(5, '0')}`, productName: `商品 ${p}`, warehouseId, batchNo: null, expiryDate: null, qty: sign * qty, unitCost: type === 'purchase_receipt' ? String(290 + (i % 20)) : '300', amountFen, qtyAfter: 0, unitCostAfter: '300' };
    });
    const partyId = type === 'purchase_receipt' ? `s${i % 10}` : i % 5 ? null : `c${i % 40}`;
    await db.set('postings', `${shopId}_bench${i}`, {
      shopId, requestId: `bench${i}`, type, reason: null, source: { kind: type, id: null, no: null }, partyId, note: '',
      operator: { openid: i % 3 ? owner : 'bench-clerk', name: i % 3 ? '店主' : '店员' }, createdAt: at, lines, productIds: [...new Set(lines.map((l) => l.productId))], reverses: null,
      totals: { qty: 0, costFen: 0, amountFen: 0 }, payment: null, override: null,
    });
  });
  const saleLines = postings * LINES_PER_POSTING; // about: returns and receipts replace a few tickets
  console.log(`seeded ${n} products, ${postings} postings (~${saleLines} lines: sales, 1 in 25 a return, 1 in 40 a purchase receipt) over 366 days in ${((Date.now() - started) / 1000).toFixed(1)} s (${os.cpus().length} cores, node ${process.version})`);

  lc.latencyMs = Number(args.latency ?? 0);
  lc.resetStats();
  let t0 = Date.now();
  const built = await aggregateDailySummaries(db, shopId, today, { windowDays: Number(args.window ?? 7) });
  const step = lc.requestStats();
  const docs = await db.findAll<Record<string, unknown>>('daily_summaries', { shopId }, [['day', 'asc']], 10_000);
  const sizes = docs.map((d) => calculateObjectSize(d));
  console.log(`nightly summary step: ${built.documents} days and ${built.months} months summarised with ${step.total} db requests in ${Date.now() - t0} ms; day documents ${Math.round(Math.min(...sizes) / 1024)}–${Math.round(Math.max(...sizes) / 1024)} KB`);
  const parts = await db.findAll<Record<string, unknown> & { section: string }>('monthly_summaries', { shopId }, [['_id', 'asc']], 10_000);
  const bySection = new Map<string, number>();
  for (const d of parts) bySection.set(d.section, Math.max(bySection.get(d.section) ?? 0, calculateObjectSize(d)));
  console.log(`month documents: ${parts.length}, largest per section ${[...bySection].map(([k, v]) => `${k} ${Math.round(v / 1024)} KB`).join(', ')} (at most ${ROWS_PER_PART} rows a part)`);
  // The worst case of one day: every product sold in two warehouses, to 200 customers by 10 clerks.
  const worst = { ...docs[0], moves: Array.from({ length: n * 2 * 3 }, (_, i) => ({ p: `${shopId}p${String(i % n).padStart(5, '0')}`, w: `w${i % 2}`, b: 'purchase_receipt', i: 1234, iv: 123456.78, o: 1234, ov: 123456.78 })), sales: Array.from({ length: n * 2 }, (_, i) => ({ p: `${shopId}p${String(i % n).padStart(5, '0')}`, w: `w${i % 2}`, n: `商品名称十个字以内吧 ${i}`, g: '某个类目', q: 123, a: 123456, c: 12345.67, sq: 123, sa: 123456, rq: 1, ra: 1000, rc: 300, dq: 0, dv: 0 })) };
  console.log(`worst-case day for ${n} products (every product moved 3 ways in 2 warehouses): ${(calculateObjectSize(worst) / 1024 / 1024).toFixed(2)} MB`);
  // The worst month part: ROWS_PER_PART move rows of long ids and large figures.
  const worstPart = { shopId, month: '2026-01', section: 'moves', part: 0, from: '2026-01-01', through: '2026-01-31', rows: worst.moves.slice(0, ROWS_PER_PART).map((r) => ({ ...r, lr: '2026-01-31' })) };
  console.log(`worst-case month part (${ROWS_PER_PART} move rows): ${(calculateObjectSize(worstPart) / 1024 / 1024).toFixed(2)} MB`);

  // The same reports twice: over the days only (as before the month roll-ups: the month watermark
  // unset), then over the roll-ups — same data, same machine, one after the other.
  const state = await db.getById<{ lastMonth: string | null }>('job_state', summaryStateId(shopId));
  const modes = [['days only', null], ['month roll-ups', state?.lastMonth ?? null]] as const;
  for (const [mode, lastMonth] of modes.filter(([m]) => !args.only || m.startsWith(args.only))) {
    // through localcloud's own store: the SDK's idle keep-alive socket can be gone after a slow table
    lc.store.apply([{ coll: 'job_state', id: summaryStateId(shopId), doc: { ...state, _id: summaryStateId(shopId), lastMonth } }]);
    await table(lc, owner, today, mode);
  }
  await lc.stop();
}

async function table(lc: Awaited<ReturnType<typeof startLocalCloud>>, owner: string, today: string, mode: string) {
  const year = { period: 'custom', from: addDays(today, -364), to: today };
  console.log(`\n${mode}: report (365 days unless said)   db requests   KB read      ms   requests by kind`);
  for (const [label, action, input] of [
    ['进销存 reports.stock', 'reports.stock', year],
    ['销售排行 reports.sales by product', 'reports.sales', { ...year, by: 'product' }],
    ['销售排行 reports.sales by customer', 'reports.sales', { ...year, by: 'customer' }],
    ['销售排行 reports.sales by clerk', 'reports.sales', { ...year, by: 'clerk' }],
    ['毛利 reports.sales by day', 'reports.sales', { ...year, by: 'day' }],
    ['毛利 reports.sales by category', 'reports.sales', { ...year, by: 'category', sort: 'profit' }],
    ['周转 reports.turnover', 'reports.turnover', year],
    ['退货 reports.returns', 'reports.returns', year],
    ['采购 reports.purchases', 'reports.purchases', year],
    ['滞销 reports.slow', 'reports.slow', year],
    ['首页 reports.dashboard (30 days)', 'reports.dashboard', {}],
  ] as const) {
    lc.resetStats();
    const t0 = Date.now();
    const r = await lc.invoke('api', { action, ...input }, { openid: owner });
    const ms = Date.now() - t0;
    const result = r.result as any;
    const s = lc.invocationStats(r.requestId);
    const failed = result?.ok ? '' : `   FAILED: ${result?.error?.message ?? r.error?.errMsg}`;
    console.log(`${label.padEnd(36)} ${String(s.total).padStart(11)}  ${String(Math.round(lc.bytesAnswered(r.requestId) / 1024)).padStart(8)}  ${String(ms).padStart(6)}   ${JSON.stringify(s.byAction)}${failed}`);
  }
  await lc.stop();
}
