// Starting localcloud: twice in one process, from a shell that already has the SDK's variables, on a
// port that is taken; bodies that are not JSON; the functions' deployment environment; the URL file
// `npm run nightly` finds a localcloud by.
import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LocalCloud, startLocalCloud } from '../../localcloud';
import { parseArgs } from '../../localcloud/args';
import { callApi, startTestCloud } from '../helpers/cloud';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(__dirname, '../fixtures/functions');

/** What a developer's shell has after pointing a script at localcloud (the SDK's own variables). */
const SDK_SHELL = {
  TCB_CONTEXT_CNFG: JSON.stringify({ URL: 'http://127.0.0.1:1/admin' }),
  TCB_CONTEXT_KEYS: 'TCB_CONTEXT_CNFG,TCB_SEQID',
  TENCENTCLOUD: 'true',
  TENCENTCLOUD_SECRETID: 'x',
  TENCENTCLOUD_SECRETKEY: 'x',
  TCB_ENV: 'other-env',
  SCF_NAMESPACE: 'other-env',
  SILENCE: 'true',
};

function cli(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'localcloud/cli.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function ready(p: ReturnType<typeof cli>): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const m = /localcloud ready on (http:\/\/127\.0\.0\.1:\d+)/.exec(p.output());
    if (m) return m[1];
    if (p.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`localcloud did not start:\n${p.output()}`);
}

function nightly(args: string[]): Promise<{ code: number; output: string }> {
  const env = { ...process.env };
  delete env.LOCALCLOUD_URL;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'scripts/nightly.ts'), ...args], { cwd: ROOT, env }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-start-'));

describe('in one process', () => {
  let first: LocalCloud;
  let second: LocalCloud;
  beforeAll(async () => {
    first = (await startTestCloud({ functionsDir: FIXTURES })).lc;
    second = (await startTestCloud({ functionsDir: FIXTURES })).lc;
  });
  afterAll(async () => {
    await first.stop();
    await second.stop();
  });

  test('two localclouds start, and each one\'s functions use its own database', async () => {
    // echo counts the documents of its 'echo' collection: 2 in the first localcloud, 0 in the second.
    first.store.createCollection('echo');
    second.store.createCollection('echo');
    first.store.apply([{ coll: 'echo', id: 'a', doc: { _id: 'a' } }, { coll: 'echo', id: 'b', doc: { _id: 'b' } }]);
    const [a, b] = await Promise.all([first.invoke('echo', {}, { openid: 'u' }), second.invoke('echo', {}, { openid: 'u' })]);
    expect(a.result).toMatchObject({ count: 2, before: 'u' });
    expect(b.result).toMatchObject({ count: 0, before: 'u' });
  });

  test('a body that is not JSON answers 400 with what to send, and reaches nothing', async () => {
    const before = first.requestStats().total;
    const fn = await fetch(`${first.url}/functions/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"echo": ' });
    expect(fn.status).toBe(400);
    expect(await fn.json()).toMatchObject({ code: 'INVALID_JSON', message: expect.stringContaining('the event is not JSON') });
    const admin = await fetch(`${first.url}/admin?seqId=x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'action=database.getDocument' });
    expect(admin.status).toBe(400);
    expect(await admin.json()).toMatchObject({ code: 'INVALID_JSON', message: expect.stringContaining('application/json') });
    const multipart = await fetch(`${first.url}/admin`, { method: 'POST', headers: { 'content-type': 'multipart/form-data' }, body: 'x' });
    expect(multipart.status).toBe(400);
    expect(first.requestStats().total).toBe(before);
    // an empty body is still an empty event
    expect((await fetch(`${first.url}/functions/echo`, { method: 'POST' })).status).toBe(200);
  });

  test('writes to process.env still work after the overlay is installed, also for variables that exist', () => {
    process.env.TCB_ENV = 'changed';
    expect(process.env.TCB_ENV).toBe('changed');
    Object.assign(process.env, { SILENCE: 'false' });
    expect(process.env.SILENCE).toBe('false');
    delete process.env.SILENCE;
    expect('SILENCE' in process.env).toBe(false);
  });
});

test("the functions' deployment variables reach every call of that localcloud only, over the real environment", async () => {
  const withEnv = await startLocalCloud({ port: 0, dataDir: null, functionEnv: { STOCKMATE_DIGEST_TEMPLATE_ID: 'TPL_LOCAL' } });
  const plain = await startLocalCloud({ port: 0, dataDir: null });
  try {
    for (const lc of [withEnv, plain]) {
      await lc.invoke('api', { action: 'system.setup' });
      await callApi(lc, 'env-owner', 'shops.create', { name: '环境小店' });
    }
    expect((await callApi(withEnv, 'env-owner', 'shops.mine')).data.digestTemplateId).toBe('TPL_LOCAL');
    expect((await callApi(plain, 'env-owner', 'shops.mine')).data.digestTemplateId).toBe('');
    expect(process.env.STOCKMATE_DIGEST_TEMPLATE_ID).toBeUndefined();
    // tests set deployment variables in the real environment: a localcloud without functionEnv sees them
    process.env.STOCKMATE_DIGEST_TEMPLATE_ID = 'TPL_TEST';
    expect((await callApi(plain, 'env-owner', 'shops.mine')).data.digestTemplateId).toBe('TPL_TEST');
    expect((await callApi(withEnv, 'env-owner', 'shops.mine')).data.digestTemplateId).toBe('TPL_LOCAL');
  } finally {
    delete process.env.STOCKMATE_DIGEST_TEMPLATE_ID;
    await withEnv.stop();
    await plain.stop();
  }
});

test('npm start options: --env KEY=VALUE over the local defaults, bad values named', () => {
  const args = parseArgs(['--env', 'STOCKMATE_DIGEST_TEMPLATE_ID=abc=1', '--port', '0', '--demo-days', '30']);
  expect(args.env).toEqual({ STOCKMATE_DEMO: '1', STOCKMATE_DIGEST_TEMPLATE_ID: 'abc=1' });
  expect(args.demoDays).toBe(30);
  expect(parseArgs([]).env).toEqual({ STOCKMATE_DEMO: '1', STOCKMATE_DIGEST_TEMPLATE_ID: 'LOCAL_DIGEST_TEMPLATE' });
  expect(() => parseArgs(['--env', 'NOEQUALS'])).toThrow('KEY=VALUE');
  expect(() => parseArgs(['--port', 'eighty'])).toThrow('--port needs a whole number');
});

describe('npm start as a process', () => {
  let data: string;
  let started: ReturnType<typeof cli>;
  let url: string;
  beforeAll(async () => {
    data = tmpDir();
    // A shell that already holds the SDK's variables (pointing elsewhere), and a deployment variable.
    started = cli(['--port', '0', '--data', data, '--no-demo', '--no-timers', '--env', 'STOCKMATE_DIGEST_TEMPLATE_ID=TPL_CLI'], SDK_SHELL);
    url = await ready(started);
  }, 60_000);
  afterAll(async () => {
    if (started.child.exitCode === null) {
      started.child.kill('SIGTERM');
      await started.exited;
    }
    fs.rmSync(data, { recursive: true, force: true });
  });

  test('starts from a shell that has the SDK variables; its functions talk to it and see --env', async () => {
    const res = await fetch(`${url}/functions/api`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-openid': 'cli-owner' },
      body: JSON.stringify({ action: 'shops.create', name: '命令行小店' }),
    });
    expect((await res.json()).result).toMatchObject({ ok: true });
    const mine = await fetch(`${url}/functions/api`, { method: 'POST', headers: { 'x-wx-openid': 'cli-owner' }, body: JSON.stringify({ action: 'shops.mine' }) });
    expect((await mine.json()).result.data).toMatchObject({ digestTemplateId: 'TPL_CLI', shop: { name: '命令行小店' } });
    expect(started.output()).toContain('STOCKMATE_DEMO=1');
  });

  test('a second start on the same port says what to do instead of a stack', async () => {
    const port = new URL(url).port;
    const again = cli(['--port', port, '--data', tmpDir(), '--no-demo']);
    expect(await again.exited).toBe(1);
    expect(again.output()).toContain(`port ${port} is already in use`);
    expect(again.output()).toContain('--port');
    expect(again.output()).not.toMatch(/^\s+at /m);
  });

  test('npm run nightly finds it through the url file in its data dir; --url still wins', async () => {
    expect(fs.readFileSync(path.join(data, 'url'), 'utf8').trim()).toBe(url);
    const found = await nightly(['--data', data]);
    expect(found.output).toContain('invocation 1: 1 shop(s)');
    expect(found.code).toBe(0);
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', () => r()));
    const deadUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
    await new Promise<void>((r) => dead.close(() => r()));
    const explicit = await nightly(['--data', data, '--url', deadUrl]);
    expect(explicit.code).toBe(1);
    expect(explicit.output).toContain(`localcloud is not answering at ${deadUrl}`);
  });

  test('a clean stop removes the url file', async () => {
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(fs.existsSync(path.join(data, 'url'))).toBe(false);
  });
});
