// Transfers: the database requests and time of a one-step transfer of k lines made in one tap
// (transfer.create with post: true — created, numbered and posted in one transaction), and of the
// two steps of a two-step transfer (ship, receive), for k = 1, 5, 20.
// Run: npm run bench -- transfer [--runs 10]
import os from 'node:os';
import { startLocalCloud } from '../localcloud';

async function call(lc: any, openid: string, action: string, input: Record<string, unknown>) {
  const r = await lc.invoke('api', { action, ...input }, { openid });
  if (r.error || !r.result.ok) throw new Error(`${action}: ${JSON.stringify(r.error ?? r.result.error)}`);
  return { data: r.result.data, requestId: r.requestId as string, ms: r.durationMs as number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** total requests, and the transaction's start + reads + writes + commit */
function counted(lc: any, requestId: string): { total: number; tx: string } {
  const s = lc.invocationStats(requestId);
  const by = s.byAction as Record<string, number>;
  return { total: s.total, tx: `${by['database.startTransaction'] ?? 0} + ${by['database.getDocument'] ?? 0} + ${by['database.modifyDocument'] ?? 0} + ${by['database.commitTransaction'] ?? 0}` };
}

export async function benchTransfer(args: Record<string, string>) {
  const runs = Number(args.runs ?? 10);
  const lc = await startLocalCloud({ port: 0, dataDir: `${os.tmpdir()}/lc-bench-transfer-${process.pid}` });
  await lc.invoke('api', { action: 'system.setup' });
  const owner = 'bench-owner';
  await call(lc, owner, 'shops.create', { name: '调拨压测' });
  const back = (await call(lc, owner, 'warehouses.save', { name: '后仓' })).data.id;
  const products: string[] = [];
  for (let i = 0; i < 20; i++) products.push((await call(lc, owner, 'products.create', { name: `商品${i}`, purchasePriceFen: 100 })).data._id);
  await call(lc, owner, 'stock.receive', { requestId: `benchrecv${process.pid}`, lines: products.map((productId) => ({ productId, qty: 1_000_000, unitCostFen: 100 })) });

  console.log(`transfers on localcloud (${os.cpus().length} cores, node ${process.version}), median of ${runs}`);
  console.log('step                          lines  db requests total  in transaction (start + reads + writes + commit)  median ms');
  let n = 0;
  const row = (label: string, k: number, c: { total: number; tx: string }, ms: number) =>
    console.log(`${label.padEnd(30)}${String(k).padStart(5)}  ${String(c.total).padStart(17)}  ${c.tx.padStart(16)}${' '.repeat(33)}${String(ms).padStart(9)}`);
  for (const k of [1, 5, 20]) {
    const lines = products.slice(0, k).map((productId) => ({ productId, qty: 1 }));
    const oneTap: number[] = [];
    const ship: number[] = [];
    const receive: number[] = [];
    let c1 = { total: 0, tx: '' };
    let c2 = { total: 0, tx: '' };
    let c3 = { total: 0, tx: '' };
    for (let r = 0; r < runs; r++) {
      const one = await call(lc, owner, 'transfer.create', { requestId: `benchone${process.pid}x${++n}`, fromWarehouseId: 'main', toWarehouseId: back, post: true, lines });
      oneTap.push(one.ms);
      c1 = counted(lc, one.requestId);
      const draft = await call(lc, owner, 'transfer.create', { requestId: `benchtwo${process.pid}x${n}`, fromWarehouseId: back, toWarehouseId: 'main', mode: 'two_step', lines });
      const shipped = await call(lc, owner, 'transfer.ship', { id: draft.data._id, requestId: `benchship${process.pid}x${n}` });
      ship.push(shipped.ms);
      c2 = counted(lc, shipped.requestId);
      const received = await call(lc, owner, 'transfer.receive', { id: draft.data._id, requestId: `benchrcv${process.pid}x${n}` });
      receive.push(received.ms);
      c3 = counted(lc, received.requestId);
    }
    row('one step (create + post)', k, c1, median(oneTap));
    row('two steps: ship', k, c2, median(ship));
    row('two steps: receive', k, c3, median(receive));
  }
  console.log('  (outside the transaction: member, shop, the transfer (or its absence), the products)');
  await lc.stop();
}
