// 数据导出与备份 through the page (miniprogram-simulate), the real `export` function and localcloud's
// real storage routes: an export is downloaded and opened (the bytes are an .xlsx) and forwarded;
// an import with a bad row shows the row's problem and writes nothing; a good file is imported once
// even when the answer of the commit is lost and the user taps again; a backup shows its restore
// key, and the copied backup information restores into a new, empty shop.
import ExcelJS from 'exceljs';
import { LocalCloud } from '../../localcloud';
import { createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';
import { installWx, renderPage, simulate, tap, text, type, waitFor, WxBridge } from '../helpers/miniprogram';

let lc: LocalCloud;
let wx: WxBridge;
let shop: TestShop;

const HEADERS = ['名称', '条码', '基本单位', '售价', '期初库存', '仓库'];

async function xlsxOf(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('商品');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const texts = (comp: any, selector: string): string[] => comp.querySelectorAll(selector).map((el: any) => String(el.dom.textContent).replace(/\s+/g, ' ').trim());

/** Database writes so far (inserts, updates, deletes), from localcloud's request counts. */
function writes(): number {
  const by = lc.requestStats().byAction;
  return ['database.insertDocument', 'database.updateDocument', 'database.deleteDocument', 'database.updateAndReturn'].reduce((n, a) => n + (by[a] ?? 0), 0);
}

async function openPage(openid: string) {
  wx.openid = openid;
  const page = renderPage('packages/shop/pages/data/index');
  page.instance.onLoad();
  await waitFor(() => !page.data.loading);
  return page;
}

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'pages-data');
  wx = installWx(lc, shop.owner);
  const owner = shop.as(shop.owner);
  const p = await owner('products.create', { name: '可口可乐 330ml', barcodes: ['6901234567892'], salePriceFen: 300 });
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: p._id, qty: 24, unitCostFen: 180 }] });
});
afterAll(() => lc.stop());

test('我的 opens the page for owners and managers; a clerk exports products, stock and the ledger only', async () => {
  wx.openid = shop.manager;
  const me = renderPage('pages/me/index');
  me.instance.onLoad();
  await waitFor(() => !me.data.loading && Boolean(me.querySelector('.data-link')));
  me.querySelector('.data-link').querySelector('.van-cell').dispatchEvent('tap');
  await simulate.sleep(10);
  expect(wx.navigations.at(-1)).toBe('/packages/shop/pages/data/index');

  const manager = await openPage(shop.manager);
  expect(manager.data.kinds.map((k: any) => k.kind)).toEqual(['products', 'stock', 'ledger', 'sales', 'purchases', 'customers', 'report-stock', 'report-sales', 'report-turnover', 'report-returns', 'report-purchases', 'report-slow']);
  expect(manager.data.kinds.filter((k: any) => k.kind.startsWith('report-')).every((k: any) => k.periodic)).toBe(true);
  expect(manager.querySelector('.imports')).toBeTruthy();
  expect(manager.querySelector('.backups')).toBeFalsy();

  const clerk = await openPage(shop.clerk);
  expect(texts(clerk, '.export')).toEqual(['商品列表导出', '库存（按仓库、批次）导出', '出入库流水按下面的期间导出']);
  expect(clerk.querySelector('.imports')).toBeFalsy();

  wx.openid = shop.clerk;
  const clerkMe = renderPage('pages/me/index');
  clerkMe.instance.onLoad();
  await waitFor(() => !clerkMe.data.loading);
  expect(clerkMe.querySelector('.data-link')).toBeFalsy();
});

test('export products: the file is downloaded and opened (an .xlsx), then forwarded to a chat', async () => {
  const page = await openPage(shop.owner);
  const opened = wx.openedDocuments.length;
  page.querySelector('.export-products').querySelector('.van-cell').dispatchEvent('tap');
  await waitFor(() => !page.data.exporting && wx.openedDocuments.length > opened);
  const doc = wx.openedDocuments.at(-1)!;
  expect(doc).toMatchObject({ fileType: 'xlsx', showMenu: true });
  const bytes = wx.files[doc.filePath];
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  expect(wb.worksheets[0].getRow(2).getCell(1).value).toBe('可口可乐 330ml');
  expect(text(page, '.last-file')).toContain('1 行');

  await tap(page, '.share-file');
  expect(wx.sharedFiles.at(-1)).toEqual({ filePath: doc.filePath, fileName: expect.stringMatching(/\.xlsx$/) });

  // The ledger of a period: the page sends the period it shows.
  page.instance.onPeriod({ currentTarget: { dataset: { field: 'from' } }, detail: { value: '2001-01-01' } });
  page.instance.onPeriod({ currentTarget: { dataset: { field: 'to' } }, detail: { value: '2001-01-31' } });
  page.querySelector('.export-ledger').querySelector('.van-cell').dispatchEvent('tap');
  await waitFor(() => !page.data.exporting && wx.openedDocuments.length > opened + 1);
  expect(wx.calls.at(-1)!.data).toMatchObject({ action: 'export.create', kind: 'ledger', from: '2001-01-01', to: '2001-01-31' });
  expect(text(page, '.last-file')).toContain('0 行');
});

test('an import with a bad row shows that row’s problem in Chinese, offers no 确认导入 and writes nothing', async () => {
  const page = await openPage(shop.owner);
  wx.messageFiles.push({ name: '商品.xlsx', content: await xlsxOf([['雪碧', '', '瓶', '3', 10, ''], ['坏条码', '6901234567891', '件', '2', '', '']]) });
  const before = writes();
  await tap(page, '.choose-file');
  await waitFor(() => !page.data.previewing && Boolean(page.data.preview || page.data.importError));
  expect(page.data.importError).toBe('');
  expect(text(page, '.preview-summary')).toContain('共 2 行，1 行有问题');
  const bad = texts(page, '.row--bad');
  expect(bad).toHaveLength(1);
  expect(bad[0]).toContain('第 3 行');
  expect(bad[0]).toContain('校验位');
  expect(page.querySelector('.commit-import')).toBeFalsy();
  expect(page.querySelector('.choose-again')).toBeTruthy();
  // The upload is the only write: a file in storage, nothing in the database.
  expect(writes()).toBe(before);
  expect((await shop.as(shop.owner)('products.list', {})).items.map((p: any) => p.name)).toEqual(['可口可乐 330ml']);
});

test('a good file is imported once, even when the commit’s answer is lost and the user taps again', async () => {
  const page = await openPage(shop.owner);
  wx.messageFiles.push({ name: '新商品.xlsx', content: await xlsxOf([['雪碧', '6911111111117', '瓶', '3', 10, '默认仓库'], ['毛巾', '', '条', '12', '', '']]) });
  await tap(page, '.choose-file');
  await waitFor(() => !page.data.previewing && Boolean(page.data.preview));
  expect(text(page, '.preview-summary')).toContain('共 2 行，没有问题');
  expect(text(page, '.commit-import')).toContain('确认导入 2 行');

  // The function runs, then the phone loses the answer.
  const g = (global as any).wx;
  const bridged = g.cloud.callFunction;
  g.cloud.callFunction = async (o: any) => {
    await bridged(o);
    throw { errMsg: 'cloud.callFunction:fail request:fail timeout' };
  };
  try {
    await tap(page, '.commit-import');
    await waitFor(() => !page.data.committing);
  } finally {
    g.cloud.callFunction = bridged;
  }
  expect(text(page, '.import-error')).toContain('网络不太好');
  const lost = wx.calls.at(-1)!.data;

  await tap(page, '.commit-import');
  await waitFor(() => !page.data.committing && Boolean(page.data.imported));
  expect(wx.calls.at(-1)!.data.requestId).toBe(lost.requestId);
  expect(text(page, '.import-done')).toBe('已导入 2 行商品');
  expect(page.querySelector('.commit-import')).toBeFalsy();
  const products = (await shop.as(shop.owner)('products.list', { pageSize: 100 })).items;
  expect(products.map((p: any) => [p.name, p.onHand]).sort()).toEqual([['可口可乐 330ml', 24], ['毛巾', 0], ['雪碧', 10]]);
});

test('backup: the restore key is shown and copied with the file; it restores into a new, empty shop', async () => {
  const page = await openPage(shop.owner);
  await waitFor(() => !page.data.backupsLoading);
  expect(text(page, '.backups-empty')).toBe('还没有备份');
  await tap(page, '.backup-now');
  await waitFor(() => !page.data.backingUp && page.data.backups.length === 1);
  const key = page.data.backups[0].restoreKey as string;
  expect(key).toMatch(/^[A-Z0-9]{12}$/);
  expect(wx.modals.at(-1)!.content).toContain(key);
  expect(text(page, '.backup')).toContain(`恢复码 ${key}`);
  expect(text(page, '.backup')).toContain('手动');
  await tap(page, '.copy-backup');
  expect(wx.clipboard).toContain(key);
  expect(wx.clipboard).toContain(page.data.backups[0].fileID);

  // Reopened: the list comes from the server with the date.
  const again = await openPage(shop.owner);
  await waitFor(() => !again.data.backupsLoading && again.data.backups.length === 1);
  expect(text(again, '.backup .file__name')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

  // The owner opens a new shop and pastes what was copied.
  const fresh = await createTestShop(lc, 'pages-data-new');
  const target = await openPage(fresh.owner);
  await type(target, '#restore-file', wx.clipboard);
  expect(target.data.restoreKey).toBe(key);
  await type(target, '#restore-key', 'AAAAAAAAAAAA');
  await tap(target, '.restore-now');
  await waitFor(() => !target.data.restoring);
  expect(text(target, '.restore-error')).toContain('恢复码不对');
  await type(target, '#restore-key', key.toLowerCase());
  await tap(target, '.restore-now');
  await waitFor(() => !target.data.restoring && Boolean(target.data.restored || target.data.restoreError));
  expect(text(target, '.restore-done')).toMatch(/^已恢复 \d+ 条记录$/);
  const restored = (await fresh.as(fresh.owner)('products.list', { pageSize: 100 })).items;
  expect(restored.map((p: any) => [p.name, p.onHand]).sort()).toEqual([['可口可乐 330ml', 24], ['毛巾', 0], ['雪碧', 10]]);
});
