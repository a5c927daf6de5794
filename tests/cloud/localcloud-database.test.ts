// localcloud answers the REAL wx-server-sdk with the WeChat cloud's database semantics.
import { LocalCloud } from '../../localcloud';
import { startTestCloud } from '../helpers/cloud';

let lc: LocalCloud;
let db: any;
let _: any;
let $: any;

beforeAll(async () => {
  ({ lc, db } = await startTestCloud({ indexesFile: `${__dirname}/../fixtures/indexes.json` }));
  _ = db.command;
  $ = db.command.aggregate;
  for (const name of ['items', 'people', 'orders', 'big']) await db.createCollection(name);
  await db.collection('people').add({
    data: [
      { _id: 'p1', name: 'Alice', age: 30, city: 'Shanghai', tags: ['vip', 'early'], address: { zip: '200000', floor: 3 } },
      { _id: 'p2', name: 'bob', age: 25, city: 'Beijing', tags: ['early'], address: { zip: '100000', floor: 1 } },
      { _id: 'p3', name: 'Carol', age: 35, city: 'Shanghai', tags: [], nickname: 'C' },
      { _id: 'p4', name: 'dave', age: 25, city: 'Shenzhen', tags: ['vip'] },
    ],
  });
});
afterAll(() => lc.stop());

describe('documents by id and by where', () => {
  test('add, get, set, update and remove by id', async () => {
    const { _id } = await db.collection('items').add({ data: { name: 'cola', qty: 1 } });
    expect(_id).toMatch(/^[0-9a-f]{32}$/);
    expect((await db.collection('items').doc(_id).get()).data).toEqual({ _id, name: 'cola', qty: 1 });

    // set replaces the whole document
    await db.collection('items').doc(_id).set({ data: { name: 'cola zero' } });
    expect((await db.collection('items').doc(_id).get()).data).toEqual({ _id, name: 'cola zero' });

    // update merges, nested objects become dotted paths
    const upd = await db.collection('items').doc(_id).update({ data: { qty: 5, meta: { color: 'red' } } });
    expect(upd.stats.updated).toBe(1);
    await db.collection('items').doc(_id).update({ data: { meta: { size: 'L' } } });
    expect((await db.collection('items').doc(_id).get()).data).toEqual({ _id, name: 'cola zero', qty: 5, meta: { color: 'red', size: 'L' } });

    // set on a missing id creates it (upsert)
    await db.collection('items').doc('fixed-id').set({ data: { name: 'water' } });
    expect((await db.collection('items').doc('fixed-id').get()).data.name).toBe('water');

    // update of a missing document changes nothing
    expect((await db.collection('items').doc('missing').update({ data: { a: 1 } })).stats.updated).toBe(0);

    const rm = await db.collection('items').doc(_id).remove();
    expect(rm.stats.removed).toBe(1);
    await expect(db.collection('items').doc(_id).get()).rejects.toMatchObject({ errMsg: expect.stringContaining('does not exist') });
  });

  test('a duplicate _id is refused', async () => {
    await db.collection('items').add({ data: { _id: 'dup', a: 1 } });
    await expect(db.collection('items').add({ data: { _id: 'dup', a: 2 } })).rejects.toMatchObject({ errMsg: expect.stringContaining('duplicate key') });
    expect((await db.collection('items').doc('dup').get()).data.a).toBe(1);
  });

  test('update and remove by where', async () => {
    await db.collection('items').add({ data: [{ kind: 'w', n: 1 }, { kind: 'w', n: 2 }, { kind: 'x', n: 3 }] });
    const upd = await db.collection('items').where({ kind: 'w' }).update({ data: { n: _.inc(10) } });
    expect(upd.stats.updated).toBe(2);
    const ws = (await db.collection('items').where({ kind: 'w' }).orderBy('n', 'asc').get()).data;
    expect(ws.map((d: any) => d.n)).toEqual([11, 12]);
    const rm = await db.collection('items').where({ kind: 'w' }).remove();
    expect(rm.stats.removed).toBe(2);
    expect((await db.collection('items').where({ kind: _.in(['w', 'x']) }).count()).total).toBe(1);
  });
});

describe('query commands', () => {
  const names = async (where: any) =>
    (await db.collection('people').where(where).orderBy('_id', 'asc').get()).data.map((d: any) => d._id);

  test('comparison, in/nin, and/or, exists', async () => {
    expect(await names({ age: _.gt(25) })).toEqual(['p1', 'p3']);
    expect(await names({ age: _.gte(30).and(_.lte(35)) })).toEqual(['p1', 'p3']);
    expect(await names({ age: _.lt(30), city: _.neq('Beijing') })).toEqual(['p4']);
    expect(await names({ city: _.in(['Beijing', 'Shenzhen']) })).toEqual(['p2', 'p4']);
    expect(await names({ city: _.nin(['Shanghai']) })).toEqual(['p2', 'p4']);
    expect(await names(_.or([{ age: 35 }, { name: 'bob' }]))).toEqual(['p2', 'p3']);
    expect(await names({ nickname: _.exists(true) })).toEqual(['p3']);
    expect(await names({ nickname: _.exists(false), age: _.eq(25) })).toEqual(['p2', 'p4']);
  });

  test('RegExp, nested paths and arrays', async () => {
    expect(await names({ name: db.RegExp({ regexp: '^[a-c]', options: 'i' }) })).toEqual(['p1', 'p2', 'p3']);
    expect(await names({ name: /^d/ })).toEqual(['p4']);
    expect(await names({ 'address.zip': '200000' })).toEqual(['p1']);
    expect(await names({ address: { floor: _.gt(1) } })).toEqual(['p1']);
    expect(await names({ tags: 'vip' })).toEqual(['p1', 'p4']);
    expect(await names({ tags: _.all(['vip', 'early']) })).toEqual(['p1']);
    expect(await names({ tags: _.size(0) })).toEqual(['p3']);
  });

  test('update commands: inc, set, push, pull, remove, mul, min/max', async () => {
    await db.collection('items').add({ data: { _id: 'u1', n: 1, tags: ['a'], obj: { x: 1, y: 2 }, gone: true } });
    await db.collection('items').doc('u1').update({
      data: { n: _.inc(2), tags: _.push(['b', 'c']), obj: _.set({ z: 3 }), gone: _.remove() },
    });
    await db.collection('items').doc('u1').update({ data: { tags: _.pull('a'), n: _.mul(10) } });
    await db.collection('items').doc('u1').update({ data: { n: _.max(20) } });
    expect((await db.collection('items').doc('u1').get()).data).toEqual({ _id: 'u1', n: 30, tags: ['b', 'c'], obj: { z: 3 } });
  });

  test('orderBy on several fields, skip, limit, field projection, count', async () => {
    const page = await db.collection('people').where({}).orderBy('age', 'asc').orderBy('name', 'desc').skip(1).limit(2).field({ name: true, age: true }).get();
    expect(page.data).toEqual([
      { _id: 'p2', name: 'bob', age: 25 },
      { _id: 'p1', name: 'Alice', age: 30 },
    ]);
    expect((await db.collection('people').where({ city: 'Shanghai' }).count()).total).toBe(2);
    expect((await db.collection('people').count()).total).toBe(4);
    const excl = await db.collection('people').doc('p1').field({ address: false, tags: false }).get();
    expect(excl.data).toEqual({ _id: 'p1', name: 'Alice', age: 30, city: 'Shanghai' });
  });

  test('serverDate in data and in queries', async () => {
    const before = Date.now();
    await db.collection('items').add({ data: { _id: 'sd', at: db.serverDate(), later: db.serverDate({ offset: 60_000 }) } });
    const doc = (await db.collection('items').doc('sd').get()).data;
    expect(doc.at).toBeInstanceOf(Date);
    expect(doc.at.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(doc.later.getTime() - doc.at.getTime()).toBe(60_000);
    expect((await db.collection('items').where({ _id: 'sd', at: _.lte(db.serverDate()) }).count()).total).toBe(1);
    expect((await db.collection('items').where({ _id: 'sd', later: _.lte(db.serverDate()) }).count()).total).toBe(0);
  });
});

describe('aggregate', () => {
  beforeAll(async () => {
    await db.collection('orders').add({
      data: [
        { _id: 'o1', person: 'p1', amount: 10, status: 'paid' },
        { _id: 'o2', person: 'p1', amount: 5, status: 'paid' },
        { _id: 'o3', person: 'p2', amount: 7, status: 'paid' },
        { _id: 'o4', person: 'p3', amount: 100, status: 'void' },
      ],
    });
  });

  test('match, group, sum, sort, project', async () => {
    const res = await db
      .collection('orders')
      .aggregate()
      .match({ status: 'paid' })
      .group({ _id: '$person', total: $.sum('$amount'), n: $.sum(1) })
      .sort({ total: -1 })
      .project({ _id: 0, person: '$_id', total: 1, n: 1 })
      .end();
    expect(res.list).toEqual([
      { person: 'p1', total: 15, n: 2 },
      { person: 'p2', total: 7, n: 1 },
    ]);
  });

  test('lookup joins another collection', async () => {
    const res = await db
      .collection('orders')
      .aggregate()
      .match({ _id: 'o3' })
      .lookup({ from: 'people', localField: 'person', foreignField: '_id', as: 'who' })
      .project({ amount: 1, name: $.arrayElemAt(['$who.name', 0]) })
      .end();
    expect(res.list).toEqual([{ _id: 'o3', amount: 7, name: 'bob' }]);
  });

  test('without $limit the cloud answers 20 rows; with $limit as many as asked', async () => {
    await db.collection('big').add({ data: Array.from({ length: 45 }, (_x, i) => ({ i })) });
    expect((await db.collection('big').aggregate().match({}).end()).list).toHaveLength(20);
    expect((await db.collection('big').aggregate().match({}).limit(45).end()).list).toHaveLength(45);
    // get() defaults to 100 and is clamped by the SDK at 1000
    expect((await db.collection('big').get()).data).toHaveLength(45);
  });
});

describe('indexes', () => {
  test('an indexed lookup loads only the matching documents, not the collection', async () => {
    await db.createCollection('products_idx');
    const docs = Array.from({ length: 1500 }, (_x, i) => ({ shopId: `s${i % 3}`, barcodes: [`690${String(i).padStart(10, '0')}`], n: i, at: new Date(1_700_000_000_000 + i * 1000) }));
    for (let i = 0; i < docs.length; i += 500) await db.collection('products_idx').add({ data: docs.slice(i, i + 500) });
    const before = lc.db.examined;
    const hit = await db.collection('products_idx').where({ shopId: 's1', barcodes: '6900000000700' }).get();
    expect(hit.data.map((d: any) => d.n)).toEqual([700]);
    expect(lc.db.examined - before).toBe(1); // narrowed by the indexes, not 1500 documents
    const before2 = lc.db.examined;
    const range = await db.collection('products_idx').where({ at: _.gte(new Date(1_700_000_000_000 + 1490 * 1000)) }).count();
    expect(range.total).toBe(10);
    expect(lc.db.examined - before2).toBe(10);
  });
});
