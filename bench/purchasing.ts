// Purchasing: the database requests of a k-line receipt against an order (start, reads, writes,
// commit — the order is one guard document), and the time of the orders list of a shop with
// 5,000 orders (newest first, by status, by keyword), paged from the shopId/createdAt indexes.
// Run: npm run bench -- purchasing [--orders 5000] [--runs 10]
import os from 'node:os';
import { startLocalCloud } from '../localcloud';

async function call(lc: any, openid: string, action: string, input: Record<string, unknown>) {
  const r = await lc.invoke('api', { action, ...input }, { openid });
  if (r.error || !r.result.ok) throw new Error(`${action}: ${JSON.stringify(r.error ?? r.result.error)}`);
  return { data: r.result.data, requestId: r.requestId as string, ms: r.durationMs as number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchPurchasing(args: Record<string, string>) {
  const orderCount = Number(args.orders ?? 5000);
  const runs = Number(args.runs ?? 10);
  const lc = await startLocalCloud({ port: 0, dataDir: `${os.tmpdir()}/lc-bench-purchasing-${process.pid}` });
  await lc.invoke('api', { action: 'system.setup' });
  const owner = 'bench-owner';
  const mine = (await call(lc, owner, 'shops.create', { name: '采购压测' })).data;
  const supplier = (await call(lc, owner, 'suppliers.save', { name: '批发部' })).data;
  const products: string[] = [];
  for (let i = 0; i < 20; i++) products.push((await call(lc, owner, 'products.create', { name: `商品${i}`, purchasePriceFen: 100 })).data._id);

  console.log(`purchase.receive against an approved order on localcloud (${os.cpus().length} cores, node ${process.version})`);
  console.log('lines  db requests total  in transaction  (start + reads + writes + commit)  median ms');
  let n = 0;
  for (const k of [1, 5, 20]) {
    const times: number[] = [];
    let total = 0;
    let tx = '';
    for (let r = 0; r < runs; r++) {
      const order = (await call(lc, owner, 'purchase.create', { requestId: `benchpo${process.pid}x${++n}`, supplierId: supplier._id, lines: products.slice(0, k).map((productId) => ({ productId, qty: 10 })) })).data;
      await call(lc, owner, 'purchase.submit', { id: order._id, requestId: `benchsub${process.pid}x${n}` });
      const res = await call(lc, owner, 'purchase.receive', { requestId: `benchrcv${process.pid}x${n}`, orderId: order._id, lines: products.slice(0, k).map((productId) => ({ productId, qty: 10 })) });
      times.push(res.ms);
      const s = lc.invocationStats(res.requestId).byAction as Record<string, number>;
      total = lc.invocationStats(res.requestId).total;
      const start = s['database.startTransaction'] ?? 0;
      const commit = s['database.commitTransaction'] ?? 0;
      const writes = s['database.modifyDocument'] ?? 0;
      const reads = s['database.getDocument'] ?? 0;
      tx = `${start} + ${reads} + ${writes} + ${commit}`;
    }
    console.log(`${String(k).padStart(5)}  ${String(total).padStart(17)}  ${tx.padStart(14)}${' '.repeat(36)}${String(median(times)).padStart(9)}`);
  }
  console.log('  (reads outside the transaction are counted in "total": member, shop, order, products)');

  // 5,000 orders written straight into the database (the list reads them, it does not care how they came).
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  const raw = cloud.database();
  const t0 = Date.now();
  const statuses = ['draft', 'submitted', 'approved', 'partially_received', 'received', 'closed', 'cancelled'];
  for (let i = 0; i < orderCount; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, orderCount - i) }, (_x, j) => {
        const at = new Date(Date.now() - (i + j) * 3_600_000).toISOString();
        const no = `CG${at.slice(0, 10).replace(/-/g, '')}-${String(i + j).padStart(4, '0')}`;
        return raw.collection('purchase_orders').doc(`${mine.shop._id}_bench${i + j}`).set({
          data: {
            shopId: mine.shop._id, no, supplierId: supplier._id, supplierName: '批发部', warehouseId: 'main', status: statuses[(i + j) % statuses.length],
            lines: [{ lineId: 'L1', productId: products[(i + j) % 20], productName: `商品${(i + j) % 20}`, baseUnit: '件', unit: '件', factor: 1, qty: 10, baseQty: 10, receivedBaseQty: 0, unitPriceFen: 100, amountFen: 1000, expectedDate: null }],
            productIds: [products[(i + j) % 20]], totalFen: 1000, note: '', needsApproval: false, createdBy: { openid: owner, name: '店主' }, createdAt: at, updatedAt: at, approvedAt: null, history: [],
            searchText: `${no} 批发部 商品${(i + j) % 20}`.toLowerCase(),
          },
        });
      }),
    );
  }
  console.log(`\n${orderCount} orders written in ${Date.now() - t0} ms; purchase.list (pageSize 20), median of ${runs}:`);
  for (const [label, input] of [
    ['newest first, page 1', {}],
    ['newest first, page 50', { page: 50 }],
    ['open orders', { status: 'open' }],
    ['by supplier', { supplierId: supplier._id }],
    ['keyword (number)', { keyword: 'CG2026' }],
    ['keyword (product)', { keyword: '商品7' }],
  ] as const) {
    const times: number[] = [];
    let requests = 0;
    for (let r = 0; r < runs; r++) {
      const res = await call(lc, owner, 'purchase.list', input);
      times.push(res.ms);
      requests = lc.invocationStats(res.requestId).total;
    }
    console.log(`  ${label.padEnd(24)} ${String(median(times)).padStart(5)} ms  ${requests} requests`);
  }
  await lc.stop();
}
