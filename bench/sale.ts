// A sale of 1, 5 and 20 lines through the api function on localcloud: database requests and time,
// without and with a simulated cloud round trip per request (--latency, default 0 and 10 ms).
// Run: npm run bench -- sale [--runs 20]
import os from 'node:os';
import { startLocalCloud } from '../localcloud';

async function call(lc: any, openid: string, action: string, input: Record<string, unknown>) {
  const r = await lc.invoke('api', { action, ...input }, { openid });
  if (r.error || !r.result.ok) throw new Error(`${action}: ${JSON.stringify(r.error ?? r.result.error)}`);
  return { data: r.result.data, requestId: r.requestId as string, ms: r.durationMs as number };
}

export async function benchSale(args: Record<string, string>) {
  const runs = Number(args.runs ?? 20);
  const latencies = args.latency !== undefined ? [Number(args.latency)] : [0, 10];
  const lc = await startLocalCloud({ port: 0, dataDir: `${os.tmpdir()}/lc-bench-sale-${process.pid}` });
  await lc.invoke('api', { action: 'system.setup' });
  const owner = 'bench-owner';
  await call(lc, owner, 'shops.create', { name: '压测小店' });
  const products: string[] = [];
  for (let i = 0; i < 20; i++) products.push((await call(lc, owner, 'products.create', { name: `商品${i}`, salePriceFen: 100 + i })).data._id);
  await call(lc, owner, 'stock.receive', { requestId: `benchrecv${Date.now()}`, lines: products.map((productId) => ({ productId, qty: 1_000_000, unitCostFen: 50 })) });

  console.log(`api stock.sell on localcloud (${os.cpus().length} cores, node ${process.version}), ${runs} sales each, sequential`);
  console.log('latency/req  lines  db requests (in transaction)  median ms  p90 ms');
  let n = 0;
  for (const latency of latencies) {
    lc.latencyMs = latency;
    for (const k of [1, 5, 20]) {
      const times: number[] = [];
      let requests = 0;
      let start = 0;
      for (let r = 0; r < runs; r++) {
        const res = await call(lc, owner, 'stock.sell', { requestId: `benchsale${process.pid}x${++n}`, lines: products.slice(0, k).map((productId) => ({ productId, qty: 1 })) });
        times.push(res.ms);
        const s = lc.invocationStats(res.requestId);
        requests = s.total;
        start = (s.byAction['database.startTransaction'] ?? 0) + (s.byAction['database.commitTransaction'] ?? 0) + (s.byAction['database.modifyDocument'] ?? 0) + (s.byAction['database.getDocument'] ?? 0) - 3;
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)];
      const p90 = times[Math.floor(times.length * 0.9)];
      console.log(`${String(latency).padStart(8)} ms  ${String(k).padStart(5)}  ${String(requests).padStart(11)} (${String(start).padStart(2)} = 4k+4)           ${String(median).padStart(9)}  ${String(p90).padStart(6)}`);
    }
  }
  await lc.stop();
}
