// Bad input over EVERY action of the contract (the api and export functions), generated from the schemas with a fixed seed: valid
// inputs with one to three places replaced by values their field can never hold (wrong types,
// database operator objects, control characters, unsafe numbers, numbers as strings, deep nesting,
// long strings, out-of-range values) and random JSON objects. Each answer must be E_VALIDATION with a
// Chinese message and nothing in the database may change.
import crypto from 'node:crypto';
import fc from 'fast-check';
import { LocalCloud } from '../../localcloud';
import { ERROR_MESSAGES } from '../../typings/errors';
import { createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';
import { accepted, actionNames, callAction, badValueArb, Input, jsonSchemaOf, minimalInput, placesOf, SEED, validInputs, withValue } from './contract';

// About 12,000 inputs in all, whatever the number of actions (at least 150 each).
const PER_ACTION = Math.max(150, Math.ceil(12_000 / actionNames.length));

let lc: LocalCloud;
let shop: TestShop;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'bad');
  // Something to protect: a product with stock, a customer, a supplier.
  const owner = shop.as(shop.owner);
  const p = await owner('products.create', { name: '可乐', barcodes: ['6901234567892'] });
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: p._id, qty: 24, unitCostFen: 250 }] });
  await owner('customers.save', { name: '李阿姨', phone: '13900000000' });
  await owner('suppliers.save', { name: '城东批发部' });
});
afterAll(() => lc.stop());

/** Every document of every collection, hashed, with the store's commit sequence. */
function snapshot(): string {
  const hash = crypto.createHash('sha256');
  for (const coll of lc.store.listCollections().sort()) {
    hash.update(coll);
    for (const doc of lc.store.all(coll).map((d) => JSON.stringify(d)).sort()) hash.update(doc);
  }
  return `${lc.store.currentSeq()}:${hash.digest('hex')}`;
}

const EXTRA_KEYS = ['$where', '$gt', 'name.$', 'a.b', 'x\u0000', '__proto__.x'];

/** Bad inputs of one action, generated from its schema (fixed seed), each refused by the contract. */
function badInputs(action: string, seed: number): { inputs: Input[]; generated: number } {
  const schema = jsonSchemaOf(action);
  const valid = validInputs(action);
  const bases = [minimalInput(action), valid[valid.length - 1]];
  const mutated = fc.integer({ min: 0, max: bases.length - 1 }).chain((b) => {
    const places = placesOf(bases[b], schema);
    const mutation = places.length
      ? fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom(...places).chain((p) => badValueArb(p.schema).map((v) => ({ path: p.path, value: v }))) },
          { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...EXTRA_KEYS), fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => ({ path: [k], value: v })) },
        )
      : fc.tuple(fc.constantFrom(...EXTRA_KEYS), fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => ({ path: [k] as (string | number)[], value: v }));
    return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => {
      let input = bases[b];
      for (const m of ms) {
        try {
          input = withValue(input, m.path, m.value);
        } catch {
          // an earlier mutation removed this place's parent
        }
      }
      return input;
    });
  });
  const randomJson = fc.object({ maxDepth: 3, values: [fc.jsonValue({ maxDepth: 2 }), fc.constantFrom<unknown>({ $gt: '' }, '\u0000', 1e300)] }) as fc.Arbitrary<Input>;
  const arb = fc.oneof({ weight: 9, arbitrary: mutated }, { weight: 1, arbitrary: randomJson });
  const samples = fc.sample(arb, { seed, numRuns: PER_ACTION });
  // A generated value the contract happens to accept (an unknown key stripped, a random object
  // that fits) is not bad input: it is left out, and counted.
  return { inputs: samples.filter((x) => !accepted(action, x)), generated: samples.length };
}

const countBy = (xs: string[]) => xs.reduce<Record<string, number>>((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {});

test('every action answers bad input with E_VALIDATION and a Chinese message, and changes nothing', async () => {
  const failures: string[] = [];
  let sent = 0;
  let generated = 0;
  const started = snapshot();
  for (const [i, action] of actionNames.entries()) {
    const { inputs, generated: g } = badInputs(action, SEED + i);
    generated += g;
    const before = snapshot();
    for (const input of inputs) {
      sent++;
      const r = await callAction(lc, shop.owner, action, input);
      const typed = !r.ok && Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, r.error.code) && r.error.code !== 'E_INTERNAL';
      const ok = typed && r.error.code === 'E_VALIDATION' && /^输入有误：/.test(r.error.message) && Array.isArray(r.error.details) && r.error.details.length > 0;
      if (!ok) failures.push(`${action} ${JSON.stringify(input).slice(0, 200)} → ${r.ok ? 'ok' : r.error.code}`);
    }
    if (snapshot() !== before) failures.push(`${action}: the database changed`);
    // Every action gets its share: most generated values are really bad.
    expect([action, inputs.length >= PER_ACTION * 0.6]).toEqual([action, true]);
  }
  if (failures.length) console.log(`${failures.length} failures; by answer: ${JSON.stringify(countBy(failures.map((f) => f.split(' → ')[1] ?? 'changed')))}`);
  expect(failures.slice(0, 10)).toEqual([]);
  expect(snapshot()).toBe(started);
  expect(sent).toBeGreaterThan(10_000);
  console.log(`bad-input suite: ${actionNames.length} actions, ${generated} generated, ${sent} sent (all E_VALIDATION), database unchanged`);
});
