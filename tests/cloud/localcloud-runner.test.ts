// The function runner: caller context per call, isolation under concurrency, timeouts, timer
// triggers from config.json, the openapi outbox, and the HTTP bridge for DevTools.
import path from 'node:path';
import { LocalCloud } from '../../localcloud';
import { startTestCloud } from '../helpers/cloud';

let lc: LocalCloud;
let db: any;

beforeAll(async () => {
  ({ lc, db } = await startTestCloud({ functionsDir: path.join(__dirname, '../fixtures/functions') }));
  await db.createCollection('echo');
  await db.createCollection('ticks');
});
afterAll(() => lc.stop());

// The fixture's timeout is 3 s: room for 30 interleaved calls on a loaded 2-core machine.
test('each call sees its own caller, even when 30 calls interleave', async () => {
  const calls = Array.from({ length: 30 }, (_x, i) =>
    lc.invoke('echo', { delayMs: Math.random() * 20, echo: i }, { openid: `user-${i}`, appid: 'wxapp' }),
  );
  const results = await Promise.all(calls);
  results.forEach((r, i) => {
    expect(r.error).toBeUndefined();
    expect(r.result).toMatchObject({ before: `user-${i}`, after: `user-${i}`, appid: 'wxapp', env: lc.envId, echo: i });
  });
});

test('the number of database requests of one invocation is counted', async () => {
  const r = await lc.invoke('echo', {}, { openid: 'u' });
  expect(lc.invocationStats(r.requestId)).toEqual({ total: 1, byAction: { 'database.calculateDocument': 1 } });
});

test('a thrown error and a timeout (config.json timeout) come back as function errors', async () => {
  const thrown = await lc.invoke('echo', { throw: true }, { openid: 'u' });
  expect(thrown.error).toMatchObject({ errCode: -504002, errMsg: expect.stringContaining('boom from echo') });
  const slow = await lc.invoke('echo', { sleepMs: 3500 }, { openid: 'u' });
  expect(slow.error?.errMsg).toContain('timed out');
  const missing = await lc.invoke('nope', {}, {});
  expect(missing.error?.errCode).toBe(-504001);
});

test('subscribe messages sent through cloud.openapi land in the outbox', async () => {
  const r = await lc.invoke('notify', { touser: 'owner-openid', templateId: 'TPL_STOCK' }, { openid: 'owner-openid' });
  expect(r.result).toMatchObject({ errCode: 0 });
  const last = lc.outbox().at(-1)!;
  expect(last.api).toBe('subscribeMessage.send');
  expect(last.payload).toMatchObject({ touser: 'owner-openid', template_id: 'TPL_STOCK', data: { thing1: { value: '库存预警' } } });
  const bad = await lc.invoke('notify', { touser: '', templateId: 'TPL' }, {});
  expect(bad.error?.errMsg).toContain('invalid openid');
});

test('timer triggers from config.json run on their cron', async () => {
  lc.runner.startTimers();
  await new Promise((r) => setTimeout(r, 2300));
  lc.runner.stopTimers();
  const ticks = (await db.collection('ticks').get()).data;
  expect(ticks.length).toBeGreaterThanOrEqual(2);
  expect(ticks[0]).toMatchObject({ type: 'Timer', trigger: 'everySecond' });
});

test('HTTP bridge: POST /functions/<name> with x-wx-openid answers { result }', async () => {
  const res = await fetch(`${lc.url}/functions/echo`, { method: 'POST', headers: { 'x-wx-openid': 'devtools-user', 'content-type': 'application/json' }, body: JSON.stringify({ echo: 'hi' }) });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ result: { before: 'devtools-user', echo: 'hi' } });
  const bad = await fetch(`${lc.url}/functions/missing`, { method: 'POST', body: '{}' });
  expect(bad.status).toBe(500);
});
