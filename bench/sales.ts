// Sales orders: the database requests of confirming (holding stock) and of shipping an order of k
// lines (issue 10's target: 2k+6 or less each), and their time on localcloud.
// Run: npm run bench -- sales [--runs 5]
import os from 'node:os';
import { startLocalCloud } from '../localcloud';

async function call(lc: any, openid: string, action: string, input: Record<string, unknown>) {
  const r = await lc.invoke('api', { action, ...input }, { openid });
  if (r.error || !r.result.ok) throw new Error(`${action}: ${JSON.stringify(r.error ?? r.result.error)}`);
  return { data: r.result.data, requestId: r.requestId as string, ms: r.durationMs as number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function kinds(lc: any, requestId: string): { total: number; text: string } {
  const stats = lc.invocationStats(requestId);
  const s = stats.byAction as Record<string, number>;
  return { total: stats.total, text: `${s['database.startTransaction'] ?? 0} start, ${s['database.getDocument'] ?? 0} reads, ${s['database.modifyDocument'] ?? 0} writes, ${s['database.commitTransaction'] ?? 0} commit` };
}

export async function benchSales(args: Record<string, string>) {
  const runs = Number(args.runs ?? 5);
  const lc = await startLocalCloud({ port: 0, dataDir: `${os.tmpdir()}/lc-bench-sales-${process.pid}` });
  await lc.invoke('api', { action: 'system.setup' });
  const owner = 'bench-owner';
  await call(lc, owner, 'shops.create', { name: '订单压测' });
  const products: string[] = [];
  for (let i = 0; i < 20; i++) products.push((await call(lc, owner, 'products.create', { name: `商品${i}`, salePriceFen: 100 })).data._id);
  await call(lc, owner, 'stock.opening', { requestId: `benchopen${process.pid}`, lines: products.map((productId) => ({ productId, qty: 100000, unitCostFen: 50 })) });

  console.log(`sales orders on localcloud (${os.cpus().length} cores, node ${process.version}), median of ${runs}`);
  console.log('lines  step      requests (target 2k+6)  by kind                                     ms');
  let n = 0;
  for (const k of [1, 5, 20]) {
    const confirm: number[] = [];
    const ship: number[] = [];
    let c = { total: 0, text: '' };
    let s = { total: 0, text: '' };
    for (let r = 0; r < runs; r++) {
      const order = (await call(lc, owner, 'sales.create', { requestId: `benchso${process.pid}x${++n}`, lines: products.slice(0, k).map((productId) => ({ productId, qty: 2 })) })).data;
      const confirmed = await call(lc, owner, 'sales.confirm', { id: order._id, requestId: `benchsoc${process.pid}x${n}` });
      confirm.push(confirmed.ms);
      c = kinds(lc, confirmed.requestId);
      await call(lc, owner, 'sales.pay', { id: order._id, requestId: `benchsop${process.pid}x${n}`, amountFen: order.totalFen });
      const shipped = await call(lc, owner, 'sales.ship', { id: order._id, requestId: `benchsos${process.pid}x${n}`, carrier: '顺丰', trackingNo: `SF${n}` });
      ship.push(shipped.ms);
      s = kinds(lc, shipped.requestId);
    }
    console.log(`${String(k).padStart(5)}  confirm  ${String(c.total).padStart(4)} (${String(2 * k + 6).padStart(3)})             ${c.text.padEnd(44)}${String(median(confirm)).padStart(4)}`);
    console.log(`${String(k).padStart(5)}  ship     ${String(s.total).padStart(4)} (${String(2 * k + 6).padStart(3)})             ${s.text.padEnd(44)}${String(median(ship)).padStart(4)}`);
  }
  console.log('  reads outside the transaction are in the totals: member and shop (confirm: 2), member, shop and order (ship: 3)');
  await lc.stop();
}
