// Cloud storage through the REAL wx-server-sdk: uploadFile (metadata request, then a PUT of the
// bytes), getTempFileURL (served on 127.0.0.1), downloadFile, deleteFile — and files that survive
// a restart of localcloud on the same data directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud } from '../../localcloud';
import { startTestCloud, TestCloud } from '../helpers/cloud';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(() => t.lc.stop());

const bytes = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919) % 256));

test('upload → temporary URL → download equal bytes → delete → gone', async () => {
  const content = bytes(300_000);
  const up = await t.cloud.uploadFile({ cloudPath: 'exports/shop-1/商品 列表.xlsx', fileContent: content });
  expect(up.fileID).toBe(`cloud://${t.lc.envId}.${t.lc.files.bucket}/exports/shop-1/商品 列表.xlsx`);
  // (statusCode is -1: node-sdk 3.x never reports the PUT's response to wx-server-sdk, in the cloud too.)
  expect(t.lc.requestStats().byAction['storage.getUploadMetadata']).toBe(1);

  const urls = await t.cloud.getTempFileURL({ fileList: [{ fileID: up.fileID, maxAge: 60 }] });
  expect(urls.fileList).toEqual([expect.objectContaining({ fileID: up.fileID, status: 0, maxAge: 60 })]);
  const url: string = urls.fileList[0].tempFileURL;
  expect(url.startsWith(`${t.lc.url}/storage/exports/shop-1/`)).toBe(true);
  const fetched = await fetch(encodeURI(url));
  expect(fetched.status).toBe(200);
  expect(Buffer.from(await fetched.arrayBuffer()).equals(content)).toBe(true);

  const down = await t.cloud.downloadFile({ fileID: up.fileID });
  expect(Buffer.isBuffer(down.fileContent)).toBe(true);
  expect(down.fileContent.equals(content)).toBe(true);

  const del = await t.cloud.deleteFile({ fileList: [up.fileID] });
  expect(del.fileList).toEqual([{ fileID: up.fileID, status: 0, errMsg: 'ok' }]);
  // Gone: no temporary URL, the old one answers 404, a download fails, a second delete says so.
  const after = await t.cloud.getTempFileURL({ fileList: [up.fileID] });
  expect(after.fileList[0]).toMatchObject({ status: -503003, tempFileURL: '' });
  expect((await fetch(encodeURI(url))).status).toBe(404);
  await expect(t.cloud.downloadFile({ fileID: up.fileID })).rejects.toBeTruthy();
  expect((await t.cloud.deleteFile({ fileList: [up.fileID] })).fileList[0].status).toBe(-503003);
});

test('an upload replaces the file at the same path; other environments and forged URLs are refused', async () => {
  const a = await t.cloud.uploadFile({ cloudPath: 'same/x.txt', fileContent: Buffer.from('one') });
  const b = await t.cloud.uploadFile({ cloudPath: 'same/x.txt', fileContent: Buffer.from('two') });
  expect(b.fileID).toBe(a.fileID);
  expect((await t.cloud.downloadFile({ fileID: a.fileID })).fileContent.toString()).toBe('two');

  const foreign = 'cloud://other-env.6f74-other-env-1300000000/same/x.txt';
  expect((await t.cloud.getTempFileURL({ fileList: [foreign] })).fileList[0].status).not.toBe(0);

  const url: string = (await t.cloud.getTempFileURL({ fileList: [a.fileID] })).fileList[0].tempFileURL;
  expect((await fetch(url.replace(/sign=[0-9a-f]+/, 'sign=00'))).status).toBe(403);
  expect((await fetch(url.replace('x.txt', 'y.txt'))).status).toBe(403);
  // An upload PUT without the metadata's signature writes nothing.
  const put = await fetch(`${t.lc.url}/cos/same/x.txt`, { method: 'PUT', body: 'forged', headers: { authorization: 'x', 'x-cos-security-token': '9999999999' } });
  expect(put.status).toBe(403);
  expect(await put.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  expect((await t.cloud.downloadFile({ fileID: a.fileID })).fileContent.toString()).toBe('two');
});

test('a bad cloud path is refused before anything is written', async () => {
  await expect(t.cloud.uploadFile({ cloudPath: '../escape.txt', fileContent: Buffer.from('x') })).rejects.toMatchObject({ errMsg: expect.stringContaining('cloudPath') });
  await expect(t.cloud.uploadFile({ cloudPath: '/abs.txt', fileContent: Buffer.from('x') })).rejects.toBeTruthy();
  expect(t.lc.files.list().some((p) => p.includes('escape') || p.includes('abs'))).toBe(false);
});

test('the mini program’s development upload (POST /files/upload) lands in the same storage', async () => {
  const form = new FormData();
  form.append('cloudPath', 'imports/dev.xlsx');
  form.append('file', new Blob([bytes(1000)]), 'dev.xlsx');
  const r = await fetch(`${t.lc.url}/files/upload`, { method: 'POST', body: form });
  const body = (await r.json()) as { fileID: string };
  expect(body.fileID).toBe(t.lc.files.fileIdOf('imports/dev.xlsx'));
  expect((await t.cloud.downloadFile({ fileID: body.fileID })).fileContent.equals(bytes(1000))).toBe(true);
});

test('files and temporary URLs survive a restart on the same data directory', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-storage-'));
  try {
    const first = await startLocalCloud({ port: 0, dataDir, envId: 'durable-env' });
    const sdk = require('wx-server-sdk');
    const up = await sdk.uploadFile({ cloudPath: 'backups/b.json', fileContent: Buffer.from('{"a":1}') });
    const url: string = (await sdk.getTempFileURL({ fileList: [up.fileID] })).fileList[0].tempFileURL;
    await first.stop();

    const second = await startLocalCloud({ port: first.port, dataDir, envId: 'durable-env' });
    try {
      expect(second.files.list()).toEqual(['backups/b.json']);
      expect((await sdk.downloadFile({ fileID: up.fileID })).fileContent.toString()).toBe('{"a":1}');
      expect(await (await fetch(url)).text()).toBe('{"a":1}');
    } finally {
      await second.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    // Point the SDK back at this file's localcloud for any later test.
    require('../../localcloud/runner').configureSdkEnvironment(`${t.lc.url}/admin`, t.lc.envId);
  }
});
