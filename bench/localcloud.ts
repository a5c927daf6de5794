// localcloud throughput through the real wx-server-sdk over HTTP:
//   single-document reads per second, and 5-document read-modify-write transactions per second.
// Run: npm run bench -- localcloud [--seconds 3] [--concurrency 16]
import os from 'node:os';
import { startLocalCloud } from '../localcloud';

export async function benchLocalcloud(args: Record<string, string>) {
  const seconds = Number(args.seconds ?? 3);
  const concurrency = Number(args.concurrency ?? 16);
  const lc = await startLocalCloud({ port: 0, dataDir: args.data ?? os.tmpdir() + `/lc-bench-${process.pid}` });
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  const db = cloud.database();
  await db.createCollection('bench');
  const N = 1000;
  for (let i = 0; i < N; i += 500) {
    await db.collection('bench').add({ data: Array.from({ length: 500 }, (_x, j) => ({ _id: `d${i + j}`, n: 0, pad: 'x'.repeat(200) })) });
  }

  const run = async (label: string, op: () => Promise<unknown>) => {
    let done = 0;
    let failed = 0;
    const until = Date.now() + seconds * 1000;
    const worker = async () => {
      while (Date.now() < until) {
        try {
          await op();
          done++;
        } catch {
          failed++;
        }
      }
    };
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`${label.padEnd(44)} ${(done / elapsed).toFixed(0).padStart(7)} /s   (${done} ok, ${failed} failed, ${concurrency} concurrent, ${elapsed.toFixed(1)} s)`);
  };

  const rand = () => `d${Math.floor(Math.random() * N)}`;
  console.log(`localcloud on ${os.cpus().length} cores, node ${process.version}, ${N} documents of ~250 bytes`);
  await run('single-document reads (doc(id).get)', () => db.collection('bench').doc(rand()).get());
  await run('indexed where().get() by _id', () => db.collection('bench').where({ _id: rand() }).get());
  const before = lc.requestStats().byAction['database.commitTransaction'] ?? 0;
  await run('transactions of 5 documents (5 get + 5 update)', () =>
    db.runTransaction(async (t: any) => {
      const ids = Array.from({ length: 5 }, rand);
      const docs = await Promise.all(ids.map((id) => t.collection('bench').doc(id).get()));
      await Promise.all(ids.map((id, i) => t.collection('bench').doc(id).update({ data: { n: (docs[i].data?.n ?? 0) + 1 } })));
    }),
  );
  const commits = (lc.requestStats().byAction['database.commitTransaction'] ?? 0) - before;
  console.log(`  (${commits} commits; conflicts on random keys count as failed)`);
  await lc.stop();
}
