// A commit that localcloud acknowledged survives kill -9 of its process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configureSdkEnvironment } from '../../localcloud/runner';
import { killHard, startCloudProcess } from '../helpers/process';

test('acknowledged writes and transactions survive kill -9', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-durability-'));
  const first = await startCloudProcess(['--port', '0', '--data', dataDir, '--no-demo', '--no-timers']);
  configureSdkEnvironment(`${first.url}/admin`, 'localcloud-dev');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  const db = cloud.database();

  // system.setup ran at start: the app's collections exist.
  await db.collection('postings').add({ data: { _id: 'p-0', n: 0 } });
  const writes = Array.from({ length: 100 }, (_x, i) => db.collection('postings').add({ data: { _id: `p-${i + 1}`, n: i + 1 } }));
  await Promise.all(writes);
  await db.runTransaction(async (t: any) => {
    await t.collection('stock').doc('s1').set({ data: { qty: 42 } });
    await t.collection('postings').doc('p-0').update({ data: { n: -1 } });
  });
  await killHard(first); // no chance to flush anything after the acknowledgements

  const second = await startCloudProcess(['--port', '0', '--data', dataDir, '--no-demo', '--no-timers']);
  try {
    configureSdkEnvironment(`${second.url}/admin`, 'localcloud-dev');
    expect((await db.collection('postings').count()).total).toBe(101);
    expect((await db.collection('stock').doc('s1').get()).data.qty).toBe(42);
    expect((await db.collection('postings').doc('p-0').get()).data.n).toBe(-1);
  } finally {
    await killHard(second);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
