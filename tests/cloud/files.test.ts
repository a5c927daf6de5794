// The `export` cloud function through the real wx-server-sdk on localcloud: Excel exports saved to
// cloud storage, the import preview and its all-or-none commit, the export → import round trip into
// another shop, and backup → restore into a new shop with identical answers.
import ExcelJS from 'exceljs';
import { LocalCloud } from '../../localcloud';
import { apiError, createTestShop, rid, startApiCloud, TestCloud, TestShop } from '../helpers/cloud';

let t: TestCloud;
let lc: LocalCloud;
let a: TestShop;

beforeAll(async () => {
  t = await startApiCloud();
  lc = t.lc;
  a = await createTestShop(lc, 'fa');
});
afterAll(() => lc.stop());

/** Calls the export function as a WeChat user, answering data or throwing the api error. */
const exp = (openid: string) => async <T = any>(action: string, input: Record<string, unknown> = {}): Promise<T> => {
  const r = await lc.invoke('export', { action, ...input }, { openid });
  if (r.error) throw new Error(r.error.errMsg);
  const body = r.result as any;
  if (!body.ok) throw Object.assign(new Error(`${action}: ${body.error.code} ${body.error.message}`), { api: body.error });
  return body.data as T;
};

async function sheetOf(fileID: string, index = 0): Promise<{ headers: string[]; rows: Record<string, unknown>[] }> {
  const content = (await t.cloud.downloadFile({ fileID })).fileContent as Buffer;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  const ws = wb.worksheets[index];
  const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const values = ws.getRow(r).values as unknown[];
    rows.push(Object.fromEntries(headers.map((h, i) => [h, values[i + 1] ?? null])));
  }
  return { headers, rows };
}

async function xlsxOf(headers: string[], rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('商品');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** What the mini program does: upload the chosen file under imports/<shopId>/. */
async function uploadImport(shopId: string, content: Buffer): Promise<string> {
  return (await t.cloud.uploadFile({ cloudPath: `imports/${shopId}/${rid()}.xlsx`, fileContent: content })).fileID;
}

async function seedShop(shop: TestShop) {
  const owner = shop.as(shop.owner);
  const cola = await owner('products.create', { name: '可口可乐 330ml', barcodes: ['6901234567892'], category: '饮料', baseUnit: '瓶', purchaseUnit: { name: '箱', factor: 24 }, salePriceFen: 300, purchasePriceFen: 180, minStock: 10 });
  const milk = await owner('products.create', { name: '纯牛奶', barcodes: ['6900000000014'], baseUnit: '盒', salePriceFen: 450, purchasePriceFen: 300, batchTracked: true });
  const supplier = await owner('suppliers.save', { name: '批发部' });
  await owner('stock.receive', { requestId: rid(), supplierId: supplier._id, lines: [{ productId: cola._id, qty: 48, unitCostFen: 170 }, { productId: milk._id, qty: 20, batchNo: 'M1', expiryDate: '2099-01-01' }] });
  await owner('stock.sell', { requestId: rid(), lines: [{ productId: cola._id, qty: 5 }] });
  const customer = await owner('customers.save', { name: '老李', phone: '13800000000' });
  await owner('sales.create', { requestId: rid(), customerId: customer._id, lines: [{ productId: milk._id, qty: 2 }] });
  await owner('purchase.create', { requestId: rid(), supplierId: supplier._id, lines: [{ productId: cola._id, qty: 24 }] });
  return { cola, milk, supplier, customer };
}

describe('export', () => {
  let seeded: Awaited<ReturnType<typeof seedShop>>;
  beforeAll(async () => {
    seeded = await seedShop(a);
  });

  test('the product list as .xlsx in cloud storage, with a temporary URL that serves it', async () => {
    const file = await exp(a.owner)('export.create', { kind: 'products' });
    expect(file.fileID).toMatch(new RegExp(`^cloud://.+/exports/${a.shopId}/.+\\.xlsx$`));
    expect(file.rows).toBe(2);
    const { headers, rows } = await sheetOf(file.fileID);
    expect(headers).toEqual(expect.arrayContaining(['名称', '条码', '售价', '参考进价', '库存']));
    const cola = rows.find((r) => r['名称'] === '可口可乐 330ml')!;
    expect(cola).toMatchObject({ 条码: '6901234567892', 售价: 3, 参考进价: 1.8, 进货单位: '箱', 进货单位数量: 24, 库存: 43 });
    const served = await fetch(encodeURI(file.tempFileURL));
    expect(served.status).toBe(200);
    expect((await served.arrayBuffer()).byteLength).toBe(file.bytes);
  });

  test('clerks get no cost columns and no sales or customer exports', async () => {
    const products = await sheetOf((await exp(a.clerk)('export.create', { kind: 'products' })).fileID);
    expect(products.headers).not.toContain('参考进价');
    const stock = await sheetOf((await exp(a.clerk)('export.create', { kind: 'stock' })).fileID);
    expect(stock.headers).not.toContain('单位成本');
    expect(stock.headers).not.toContain('金额');
    const ledger = await sheetOf((await exp(a.clerk)('export.create', { kind: 'ledger' })).fileID);
    expect(ledger.headers).not.toContain('单位成本');
    expect((await apiError(exp(a.clerk)('export.create', { kind: 'sales' }))).code).toBe('E_FORBIDDEN');
    expect((await apiError(exp(a.clerk)('export.create', { kind: 'customers' }))).code).toBe('E_FORBIDDEN');
  });

  test('stock by warehouse and batch, the ledger of a period, sales orders and customers', async () => {
    const stock = await sheetOf((await exp(a.manager)('export.create', { kind: 'stock' })).fileID);
    expect(stock.rows).toEqual(expect.arrayContaining([
      expect.objectContaining({ 商品: '可口可乐 330ml', 仓库: '默认仓库', 数量: 43 }),
      expect.objectContaining({ 商品: '纯牛奶', 批号: 'M1', 到期日: '2099-01-01', 数量: 20 }),
    ]));
    const ledger = await sheetOf((await exp(a.owner)('export.create', { kind: 'ledger' })).fileID);
    expect(ledger.rows.map((r) => [r['类型'], r['商品'], r['数量']])).toEqual(expect.arrayContaining([['采购入库', '可口可乐 330ml', 48], ['销售出库', '可口可乐 330ml', -5]]));
    // A period without postings exports the header only.
    const empty = await exp(a.owner)('export.create', { kind: 'ledger', from: '2001-01-01', to: '2001-01-31' });
    expect(empty.rows).toBe(0);
    const sales = await sheetOf((await exp(a.owner)('export.create', { kind: 'sales' })).fileID);
    expect(sales.rows).toEqual([expect.objectContaining({ 客户: '老李', 状态: '草稿', 金额: 9 })]);
    // Purchase orders of the period, with their lines (prices: owner and manager only).
    const purchaseFile = await exp(a.manager)('export.create', { kind: 'purchases' });
    expect(purchaseFile.fileName).toContain('采购订单');
    expect((await sheetOf(purchaseFile.fileID)).rows).toEqual([expect.objectContaining({ 供应商: '批发部', 状态: '草稿', 金额: 1036.8, 已到货金额: 0 })]);
    expect((await sheetOf(purchaseFile.fileID, 1)).rows).toEqual([expect.objectContaining({ 商品: '可口可乐 330ml', 数量: 24, 单位: '箱', 单价: 43.2, 基本单位数量: 576 })]);
    expect((await apiError(exp(a.clerk)('export.create', { kind: 'purchases' }))).code).toBe('E_FORBIDDEN');
    const customers = await sheetOf((await exp(a.owner)('export.create', { kind: 'customers' })).fileID);
    expect(customers.rows).toEqual([expect.objectContaining({ 名称: '老李', 电话: '13800000000' })]);
    void seeded;
  });

  test('every report exports as its page shows it: the same figures, all rows, a total line; clerks may not', async () => {
    const owner = a.as(a.owner);
    // 进销存 of this month: one row per product and the totals the report answers.
    const report = await owner('reports.stock', { period: 'month', pageSize: 100 });
    const file = await exp(a.manager)('export.create', { kind: 'report-stock', period: 'month' });
    expect(file.fileName).toContain('进销存汇总');
    const stock = await sheetOf(file.fileID);
    expect(stock.headers).toEqual(expect.arrayContaining(['商品', '期初数量', '入·采购', '出·销售', '期末数量', '期末金额']));
    const cola = report.items.find((r: any) => r.productName === '可口可乐 330ml');
    expect(stock.rows.find((r) => r['商品'] === '可口可乐 330ml')).toMatchObject({ 期末数量: cola.closing.qty, 期末金额: cola.closing.valueFen / 100, '出·销售': 5 });
    expect(stock.rows.at(-1)).toMatchObject({ 商品: '合计', 期末金额: report.totals.closing.valueFen / 100 });
    expect(stock.rows).toHaveLength(report.count + 1);

    // The sales ranking keeps the page's grouping and order; its money columns are yuan.
    const sales = await owner('reports.sales', { period: 'month', by: 'product', sort: 'qty' });
    const ranking = await sheetOf((await exp(a.owner)('export.create', { kind: 'report-sales', period: 'month', by: 'product', sort: 'qty' })).fileID);
    expect(ranking.rows.slice(0, -1).map((r) => [r['排名'], r['商品'], r['数量'], r['销售额']])).toEqual(sales.items.map((x: any, i: number) => [i + 1, x.label, x.qty, x.amountFen / 100]));
    expect(ranking.rows.at(-1)).toMatchObject({ 商品: '合计', 销售额: sales.totals.amountFen / 100, 毛利: sales.totals.profitFen / 100 });
    const byDay = await sheetOf((await exp(a.owner)('export.create', { kind: 'report-sales', by: 'day' })).fileID);
    expect(byDay.headers[0]).toBe('日期');

    // The others: their own columns, and a custom period named in the file.
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    for (const [kind, header] of [['report-turnover', '周转次数'], ['report-returns', '退货率(%)'], ['report-slow', '多少天没卖']] as const) {
      const f = await exp(a.owner)('export.create', { kind, from: today, to: today });
      expect(f.fileName).toContain(today);
      expect((await sheetOf(f.fileID)).headers).toContain(header);
    }
    const purchases = await exp(a.owner)('export.create', { kind: 'report-purchases', period: 'year' });
    expect((await sheetOf(purchases.fileID)).rows).toEqual([expect.objectContaining({ 供应商: '批发部', 进货: (48 * 170 + 20 * 300) / 100 })]);
    expect((await sheetOf(purchases.fileID, 1)).headers).toEqual(expect.arrayContaining(['商品', '期间首次进价', '期间最近进价']));

    expect((await apiError(exp(a.clerk)('export.create', { kind: 'report-sales' }))).code).toBe('E_FORBIDDEN');
    expect((await apiError(exp(a.owner)('export.create', { kind: 'report-stock', period: 'custom', from: today }))).code).toBe('E_VALIDATION');
  });

  test('bad input is a typed error', async () => {
    expect((await apiError(exp(a.owner)('export.create', { kind: 'everything' }))).code).toBe('E_VALIDATION');
    expect((await apiError(exp(a.owner)('export.create', { kind: 'ledger', from: '2026-02-01', to: '2026-01-01' }))).code).toBe('E_VALIDATION');
    expect((await apiError(exp('stranger')('export.create', { kind: 'products' }))).code).toBe('E_NO_SHOP');
  });
});

describe('import', () => {
  const HEADERS = ['名称', '条码', '基本单位', '进货单位', '进货单位数量', '售价', '参考进价', '期初库存', '仓库', '批次管理', '批号', '到期日'];

  test('the preview lists every row’s problem and writes nothing; the commit then refuses', async () => {
    const b = await createTestShop(lc, 'fb');
    await b.as(b.owner)('products.create', { name: '已有商品', barcodes: ['6920000000012'] });
    const content = await xlsxOf(HEADERS, [
      ['好商品', '6901234567892', '瓶', '箱', 24, '3.00', '1.8', 10, '', '否'],
      ['', '6911111111117', '件'], // missing name
      ['坏条码', '6901234567891', '件'], // bad GS1 check digit
      ['重复条码', '6901234567892', '件'], // duplicate of row 2 in the file
      ['店里已有', '6920000000012', '件'], // duplicate in the shop
      ['坏单位', '', '件', '箱', 1], // factor < 2
      ['坏价格', '', '件', '', '', '3.456'],
      ['坏仓库', '', '件', '', '', '1', '', 5, '二号仓'],
      ['批次没批号', '', '件', '', '', '1', '', 5, '', '是'],
    ]);
    const fileID = await uploadImport(b.shopId, content);
    const before = lc.requestStats().byAction;
    const preview = await exp(b.owner)('import.preview', { fileID });
    const after = lc.requestStats().byAction;
    for (const write of ['database.insertDocument', 'database.updateDocument', 'database.deleteDocument']) expect(after[write] ?? 0).toBe(before[write] ?? 0);
    expect(preview.total).toBe(9);
    expect(preview.bad).toBe(8);
    const byRow = Object.fromEntries(preview.rows.map((r: any) => [r.rowNo, r.problems.join('；')]));
    expect(byRow[2]).toBe('');
    expect(byRow[3]).toContain('缺少名称');
    expect(byRow[4]).toContain('校验位');
    // Each problem is said once, not again by the contract's own check of the same column.
    const problemsOf = (n: number): string[] => preview.rows.find((r: any) => r.rowNo === n).problems;
    expect(problemsOf(3).filter((p) => p.includes('名称'))).toHaveLength(1);
    expect(problemsOf(4).filter((p) => p.includes('校验位'))).toHaveLength(1);
    expect(byRow[5]).toContain('与第 2 行重复');
    expect(byRow[6]).toContain('已被店里的商品「已有商品」使用');
    expect(byRow[7]).toContain('进货单位数量');
    expect(byRow[8]).toContain('售价');
    expect(byRow[9]).toContain('仓库「二号仓」不存在');
    expect(byRow[10]).toContain('批号');

    const err = await apiError(exp(b.owner)('import.commit', { fileID, requestId: rid() }));
    expect(err.code).toBe('E_VALIDATION');
    expect(err.message).toContain('8 行');
    expect((await b.as(b.owner)('products.list', {})).items.map((p: any) => p.name)).toEqual(['已有商品']);
  });

  test('a valid file imports products and opening stock; a retry with the same request id doubles nothing', async () => {
    const c = await createTestShop(lc, 'fc');
    const content = await xlsxOf(HEADERS, [
      ['雪碧 330ml', '6901234567892', '瓶', '箱', 24, '3', '1.5', 30, '默认仓库', '否'],
      ['酸奶', '', '杯', '', '', '5.5', '3', 12, '', '是', 'Y1', '2099-12-31'],
      ['毛巾', '6911111111117', '条', '', '', '12'],
    ]);
    const fileID = await uploadImport(c.shopId, content);
    expect((await exp(c.owner)('import.preview', { fileID })).bad).toBe(0);
    const requestId = rid();
    expect(await exp(c.owner)('import.commit', { fileID, requestId })).toEqual({ total: 3, imported: 3, done: true });
    expect(await exp(c.owner)('import.commit', { fileID, requestId })).toEqual({ total: 3, imported: 3, done: true });
    const owner = c.as(c.owner);
    const products = (await owner('products.list', { pageSize: 100 })).items;
    expect(products.map((p: any) => [p.name, p.onHand]).sort()).toEqual([['毛巾', 0], ['酸奶', 12], ['雪碧 330ml', 30]]);
    expect(products.find((p: any) => p.name === '雪碧 330ml')).toMatchObject({ salePriceFen: 300, purchasePriceFen: 150, purchaseUnit: { name: '箱', factor: 24 } });
    const balances = (await owner('stock.balances', { pageSize: 100 })).items;
    expect(balances.find((b: any) => b.productId === products.find((p: any) => p.name === '酸奶')._id).batches).toEqual([expect.objectContaining({ batchNo: 'Y1', expiryDate: '2099-12-31', qty: 12 })]);
    expect((await owner('stock.reconcile', {})).differences).toEqual([]);
    // The same file again with a new request id: every barcode is now taken, nothing is written.
    expect((await apiError(exp(c.owner)('import.commit', { fileID, requestId: rid() }))).code).toBe('E_VALIDATION');
  });

  test('another shop’s file, a non-Excel file and clerks are refused', async () => {
    const d = await createTestShop(lc, 'fd');
    const foreign = await uploadImport(a.shopId, await xlsxOf(['名称'], [['x']]));
    expect((await apiError(exp(d.owner)('import.preview', { fileID: foreign }))).code).toBe('E_NOT_FOUND');
    const text = (await t.cloud.uploadFile({ cloudPath: `imports/${d.shopId}/x.xlsx`, fileContent: Buffer.from('not excel') })).fileID;
    expect((await apiError(exp(d.owner)('import.preview', { fileID: text }))).message).toContain('不是 Excel');
    expect((await apiError(exp(d.clerk)('import.preview', { fileID: text }))).code).toBe('E_FORBIDDEN');
  });

  test('round trip: the template and an exported product list import into another shop as the same products', async () => {
    const template = await exp(a.owner)('import.template', {});
    expect((await sheetOf(template.fileID)).headers).toEqual(expect.arrayContaining(['名称', '条码', '期初库存', '仓库']));
    const exported = await exp(a.owner)('export.create', { kind: 'products' });
    const e = await createTestShop(lc, 'fe');
    const content = (await t.cloud.downloadFile({ fileID: exported.fileID })).fileContent as Buffer;
    const fileID = await uploadImport(e.shopId, content);
    const preview = await exp(e.owner)('import.preview', { fileID });
    expect(preview.bad).toBe(0);
    expect(preview.ignoredColumns).toEqual([]);
    await exp(e.owner)('import.commit', { fileID, requestId: rid() });
    const fields = (p: any) => ({ name: p.name, barcodes: p.barcodes, category: p.category, baseUnit: p.baseUnit, purchaseUnit: p.purchaseUnit, saleUnit: p.saleUnit, salePriceFen: p.salePriceFen, purchasePriceFen: p.purchasePriceFen, minStock: p.minStock, maxStock: p.maxStock, batchTracked: p.batchTracked, leadTimeDays: p.leadTimeDays, minOrderQty: p.minOrderQty, sku: p.sku, spec: p.spec, brand: p.brand });
    const list = async (s: TestShop) => (await s.as(s.owner)('products.list', { pageSize: 100 })).items.map(fields).sort((x: any, y: any) => x.name.localeCompare(y.name));
    expect(await list(e)).toEqual(await list(a));
  });
});

describe('backup and restore', () => {
  test('back up → restore into a new shop → reconcile 0 and identical answers', async () => {
    const src = await createTestShop(lc, 'fs');
    await seedShop(src);
    const backup = await exp(src.owner)('backup.create', {});
    expect(backup.fileID).toMatch(new RegExp(`/backups/${src.shopId}/manual-`));
    expect(backup.restoreKey).toMatch(/^[A-Z0-9]{12}$/);
    expect((await exp(src.owner)('backup.list', {})).backups.map((b: any) => b.fileID)).toEqual([backup.fileID]);
    expect((await apiError(exp(src.manager)('backup.create', {}))).code).toBe('E_FORBIDDEN');

    const dst = await createTestShop(lc, 'fr');
    expect((await apiError(exp(dst.owner)('backup.restore', { fileID: backup.fileID, restoreKey: 'AAAAAAAAAAAA' }))).code).toBe('E_FORBIDDEN');
    const restored = await exp(dst.owner)('backup.restore', { fileID: backup.fileID, restoreKey: backup.restoreKey });
    expect(restored.done).toBe(true);
    expect(restored.byCollection).toMatchObject({ products: 2, suppliers: 1, customers: 1, sales_orders: 1, purchase_orders: 1 });
    expect(restored.skipped).toEqual(['members: 3', 'invites: 2']);

    const [s, d] = [src.as(src.owner), dst.as(dst.owner)];
    expect((await d('stock.reconcile', {})).differences).toEqual([]);
    // Same answers with every id mapped: compare by what the owner reads.
    const strip = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (k, x) => (/(^_id$|Id$|Ids$|^id$|^shopId$|^requestId$|postingId|^by$|^createdBy$|^operator$|^history$)/.test(k) ? undefined : x)));
    for (const [action, input] of [['products.list', { pageSize: 100 }], ['stock.balances', { pageSize: 100 }], ['purchase.list', {}], ['sales.list', {}], ['customers.list', {}]] as const) {
      expect(strip(await d(action, input))).toEqual(strip(await s(action, input)));
    }
    // References still meet: a restored product is found by its barcode and sells from restored stock.
    const found = await d('products.byBarcode', { code: '6901234567892' });
    expect(found.product.onHand).toBe(43);
    await d('stock.sell', { requestId: rid(), lines: [{ barcode: '6901234567892', qty: 3 }] });
    expect((await d('products.byBarcode', { code: '6901234567892' })).product.onHand).toBe(40);
    expect((await s('products.byBarcode', { code: '6901234567892' })).product.onHand).toBe(43);

    // A shop with data, or one already restored, refuses.
    expect((await apiError(exp(dst.owner)('backup.restore', { fileID: backup.fileID, restoreKey: backup.restoreKey }))).code).toBe('E_INVALID_STATE');
    expect((await apiError(exp(src.owner)('backup.restore', { fileID: backup.fileID, restoreKey: backup.restoreKey }))).code).toBe('E_INVALID_STATE');
  });

  test('the weekly timer backs up every shop and keeps the last 4', async () => {
    const w = await createTestShop(lc, 'fw');
    for (let i = 0; i < 5; i++) {
      const r = await lc.invoke('export', { Type: 'Timer', TriggerName: 'weeklyBackup' }, {});
      expect((r.result as any).ok).toBe(true);
    }
    const backups = (await exp(w.owner)('backup.list', {})).backups;
    expect(backups).toHaveLength(4);
    expect(backups.every((b: any) => b.trigger === 'weekly')).toBe(true);
    expect(lc.files.list().filter((p) => p.startsWith(`backups/${w.shopId}/`))).toHaveLength(4);
    // A mini program user cannot start it.
    expect(((await lc.invoke('export', { Type: 'Timer' }, { openid: w.owner })).result as any).error.code).toBe('E_FORBIDDEN');
  });
});
