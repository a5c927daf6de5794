// Transactions behave like the cloud's: snapshot reads, rollback, write-time conflicts, and the
// operations a cloud transaction does not take are refused.
import { LocalCloud, withInvocation } from '../../localcloud';
import { startTestCloud } from '../helpers/cloud';

let lc: LocalCloud;
let db: any;

beforeAll(async () => {
  ({ lc, db } = await startTestCloud({ transactionTimeoutMs: 1500 }));
  await db.createCollection('accounts');
  await db.createCollection('log');
});
afterAll(() => lc.stop());

const balance = async (id: string) => (await db.collection('accounts').doc(id).get()).data.balance;

test('commit applies every write at once', async () => {
  await db.collection('accounts').add({ data: [{ _id: 'a', balance: 100 }, { _id: 'b', balance: 0 }] });
  await db.runTransaction(async (t: any) => {
    const a = (await t.collection('accounts').doc('a').get()).data;
    await t.collection('accounts').doc('a').update({ data: { balance: a.balance - 30 } });
    await t.collection('accounts').doc('b').update({ data: { balance: db.command.inc(30) } });
    await t.collection('log').add({ data: { _id: 'transfer-1', amount: 30 } });
    // Not visible outside the transaction before commit.
    expect(await balance('a')).toBe(100);
  });
  expect([await balance('a'), await balance('b')]).toEqual([70, 30]);
  expect((await db.collection('log').doc('transfer-1').get()).data.amount).toBe(30);
});

test('a throw inside the callback rolls everything back', async () => {
  await expect(
    db.runTransaction(async (t: any) => {
      await t.collection('accounts').doc('a').update({ data: { balance: 0 } });
      await t.collection('log').add({ data: { _id: 'never' } });
      throw new Error('insufficient funds');
    }),
  ).rejects.toThrow('insufficient funds');
  expect(await balance('a')).toBe(70);
  expect((await db.collection('log').where({ _id: 'never' }).count()).total).toBe(0);
});

test('reads see the snapshot taken at the start, plus the transaction\'s own writes', async () => {
  const t = await db.startTransaction();
  expect((await t.collection('accounts').doc('b').get()).data.balance).toBe(30);
  await db.collection('accounts').doc('b').update({ data: { balance: 31 } }); // committed outside
  expect((await t.collection('accounts').doc('b').get()).data.balance).toBe(30);
  await t.collection('accounts').doc('a').update({ data: { balance: 71 } });
  expect((await t.collection('accounts').doc('a').get()).data.balance).toBe(71);
  await t.rollback();
  expect(await balance('a')).toBe(70);
});

test('the later writer of a document another open transaction wrote gets a conflict at write time', async () => {
  const t1 = await db.startTransaction();
  const t2 = await db.startTransaction();
  await t1.collection('accounts').doc('a').update({ data: { balance: 1 } });
  await expect(t2.collection('accounts').doc('a').update({ data: { balance: 2 } })).rejects.toMatchObject({
    errCode: -501001,
    errMsg: expect.stringContaining('TransactionConflict'),
  });
  await t1.commit();
  expect(await balance('a')).toBe(1);
  await db.collection('accounts').doc('a').update({ data: { balance: 70 } });
});

test('writing a document that changed after the snapshot conflicts too (no lost update)', async () => {
  const t = await db.startTransaction();
  await t.collection('accounts').doc('b').get();
  await db.collection('accounts').doc('b').update({ data: { balance: 500 } });
  await expect(t.collection('accounts').doc('b').update({ data: { balance: 0 } })).rejects.toMatchObject({
    errMsg: expect.stringContaining('TransactionConflict'),
  });
  expect(await balance('b')).toBe(500);
});

test('25 concurrent read-modify-write transactions, retried by the caller on conflict, lose no update', async () => {
  await db.collection('accounts').add({ data: { _id: 'counter', balance: 0 } });
  let conflicts = 0;
  const incrementWithRetry = async () => {
    for (;;) {
      try {
        return await db.runTransaction(async (t: any) => {
          const doc = (await t.collection('accounts').doc('counter').get()).data;
          await new Promise((r) => setTimeout(r, Math.random() * 5));
          await t.collection('accounts').doc('counter').update({ data: { balance: doc.balance + 1 } });
        });
      } catch (e: any) {
        if (!/TransactionConflict/.test(e.errMsg ?? e.message)) throw e;
        conflicts++;
        await new Promise((r) => setTimeout(r, Math.random() * 20));
      }
    }
  };
  await Promise.all(Array.from({ length: 25 }, incrementWithRetry));
  expect(await balance('counter')).toBe(25);
  expect(conflicts).toBeGreaterThan(0); // the contention was real
});

test('where()-writes, where().get(), count and aggregate are refused inside a transaction', async () => {
  await withInvocation({ openid: 'o' }, async () => {
    for (const op of [
      (t: any) => t.collection('accounts').where({ _id: 'a' }).update({ data: { balance: 0 } }),
      (t: any) => t.collection('accounts').where({ _id: 'a' }).remove(),
      (t: any) => t.collection('accounts').where({ _id: 'a' }).get(),
      (t: any) => t.collection('accounts').where({ _id: 'a' }).count(),
    ]) {
      await expect(db.runTransaction(async (t: any) => op(t))).rejects.toMatchObject({
        errMsg: expect.stringContaining('not supported in a transaction'),
      });
    }
    await expect(
      db.runTransaction(async () => db.collection('accounts').aggregate().match({}).end()),
    ).rejects.toMatchObject({ errMsg: expect.stringContaining('not supported in a transaction') });
  });
  expect(await balance('a')).toBe(70);
});

test('an abandoned transaction times out, is aborted and releases its documents', async () => {
  const t = await db.startTransaction();
  await t.collection('accounts').doc('a').update({ data: { balance: -1 } });
  await new Promise((r) => setTimeout(r, 1700)); // past the 1.5 s timeout (long enough that a loaded machine does not time out the concurrent test)
  await expect(t.commit()).rejects.toBeTruthy();
  expect(await balance('a')).toBe(70);
  await db.runTransaction(async (t2: any) => t2.collection('accounts').doc('a').update({ data: { balance: 71 } }));
  expect(await balance('a')).toBe(71);
});
