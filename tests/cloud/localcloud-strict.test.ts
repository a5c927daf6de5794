// Where the cloud is strict, localcloud is strict too, with the cloud's kind of error.
import { LocalCloud } from '../../localcloud';
import { LIMITS } from '../../localcloud/database';
import { startTestCloud } from '../helpers/cloud';

let lc: LocalCloud;
let db: any;

beforeAll(async () => {
  ({ lc, db } = await startTestCloud());
  await db.createCollection('things');
});
afterAll(() => lc.stop());

async function rawAdmin(body: Record<string, unknown>) {
  const res = await fetch(`${lc.url}/admin?env=${lc.envId}&seqId=raw`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.json();
}

test('a collection that was never created is refused for reads and writes', async () => {
  await expect(db.collection('nope').get()).rejects.toMatchObject({ errCode: -502005 });
  await expect(db.collection('nope').add({ data: { a: 1 } })).rejects.toMatchObject({ errCode: -502005 });
  await expect(db.collection('nope').where({}).count()).rejects.toMatchObject({ errCode: -502005 });
  await expect(db.createCollection('things')).rejects.toBeTruthy(); // already exists
});

test('more than 1000 documents per query is refused (the SDK clamps; the server refuses too)', async () => {
  const r = await rawAdmin({ action: 'database.getDocument', collectionName: 'things', queryType: 'WHERE', limit: 1001 });
  expect(r.code).toBe('INVALID_PARAM');
  expect(r.message).toContain('1000');
});

test('a document over the size limit is refused and nothing is written', async () => {
  const huge = 'x'.repeat(LIMITS.maxDocumentBytes);
  await expect(db.collection('things').add({ data: { _id: 'huge', huge } })).rejects.toMatchObject({ errMsg: expect.stringContaining('LimitExceeded') });
  expect((await db.collection('things').where({ _id: 'huge' }).count()).total).toBe(0);
});

test('update operators cannot be mixed into set()', async () => {
  await db.collection('things').doc('s').set({ data: { n: 1 } });
  await expect(db.collection('things').doc('s').set({ data: { n: db.command.inc(1) } })).rejects.toBeTruthy();
  expect((await db.collection('things').doc('s').get()).data.n).toBe(1);
});

test('an unknown transaction id is refused', async () => {
  const r = await rawAdmin({ action: 'database.commitTransaction', transactionId: 'bogus' });
  expect(r.code).toBe('DATABASE_TRANSACTION_FAIL');
});
