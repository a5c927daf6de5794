// Products and opening stock from .xlsx. preview reads the file and lists every row's problems,
// writing nothing; commit re-checks the whole file the same way and writes only when no row has a
// problem. "All or none" on the cloud: nothing is written unless every row is valid; the writes
// themselves are many transactions (a product each, an opening posting per warehouse and 100
// lines), each with an id derived from the request id, so a commit cut off by the function's time
// limit (or a network failure) is completed — never doubled — by calling it again with the same
// request id. A conflicting change between the check and the writes (someone adds the same barcode
// at that moment) stops the commit with that row's error; the rows before it stay imported.
import crypto from 'node:crypto';
import type { z } from 'zod';
import { schemas } from '../../typings/api';
import { describeIssue, FIELD_LABELS } from '../../typings/api/common';
import type { ImportCommit, ImportPreview, ImportRow } from '../../typings/api/files';
import type { Shop } from '../../typings/models';
import { barcodeProblem } from '../../miniprogram/utils/barcode';
import { yuanToFen } from '../../miniprogram/utils/money';
import { checkUnits, createProduct } from '../actions/products';
import { stockActions } from '../actions/stock';
import { AppError } from '../core/errors';
import type { MemberContext } from '../core/router';
import { canSeeCost, loadShop } from '../core/shop';
import { barcodeDocId } from '../stock/codes';
import { BARCODE_SEPARATOR, OPENING_COLUMNS, productColumns } from './products-sheet';
import { readShopFile } from './storage';
import { readFirstSheet } from './xlsx';

export const MAX_IMPORT_ROWS = 2000;
const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const OPENING_CHUNK = 100;

type ProductInput = z.output<(typeof schemas)['products.create']>;

interface CheckedRow {
  view: ImportRow;
  product: ProductInput | null;
  opening: { qty: number; unitCostFen?: number; warehouseId: string; batchNo?: string; expiryDate?: string } | null;
}

const KNOWN = new Set([...productColumns(true), ...OPENING_COLUMNS, { header: '库存' }, { header: '停用' }].map((c) => c.header));

function intOf(text: string, label: string, problems: string[], min = 0): number | undefined {
  if (!text) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) {
    problems.push(`${label}应为不小于 ${min} 的整数（现在是「${text}」）`);
    return undefined;
  }
  return Number(text);
}

function moneyOf(text: string, label: string, problems: string[]): number | undefined {
  if (!text) return undefined;
  const fen = yuanToFen(text);
  if (fen === null) problems.push(`${label}应为金额，最多两位小数（现在是「${text}」）`);
  return fen ?? undefined;
}

function unitOf(name: string, factorText: string, code: string, label: string, problems: string[]) {
  if (!name && !factorText && !code) return null;
  if (!name) {
    problems.push(`填写了${label}数量或条码，但没有${label}名称`);
    return null;
  }
  const factor = intOf(factorText, `${label}数量`, problems, 2);
  if (factor === undefined) {
    if (!factorText) problems.push(`${label}「${name}」需要填写数量（1${name} 等于多少基本单位，至少 2）`);
    return null;
  }
  return { name, factor, ...(code ? { barcode: code } : {}) };
}

/** Every row of the sheet checked against the product contract, the file itself and the shop. */
async function checkRows(ctx: MemberContext, shop: Shop, fileID: string): Promise<{ rows: CheckedRow[]; ignoredColumns: string[] }> {
  const buffer = await readShopFile(ctx.cloud, fileID, ['imports', 'exports'], shop._id, MAX_IMPORT_BYTES);
  const sheet = await readFirstSheet(buffer, MAX_IMPORT_ROWS);
  if (!sheet) throw new AppError('E_VALIDATION', '文件不是 Excel（.xlsx）表格，请用导入模板填写后上传');
  if (!sheet.headers.includes('名称')) throw new AppError('E_VALIDATION', '表格第一行没有「名称」列，请用导入模板填写');
  if (sheet.rows.length > MAX_IMPORT_ROWS) throw new AppError('E_VALIDATION', `一次最多导入 ${MAX_IMPORT_ROWS} 行，请分成几个文件`);
  if (!sheet.rows.length) throw new AppError('E_VALIDATION', '表格里没有商品行');
  const withCost = canSeeCost(ctx.member.role);
  const warehouses = shop.warehouses.filter((w) => !w.archived);
  const defaultWh = warehouses.find((w) => w.isDefault) ?? warehouses[0];
  const firstSeen = new Map<string, number>();

  const rows: CheckedRow[] = sheet.rows.map(({ rowNo, cells }) => {
    const c = (h: string) => cells[h] ?? '';
    const problems: string[] = [];
    const name = c('名称');
    if (!name) problems.push('缺少名称');
    const codes = c('条码') ? c('条码').split(BARCODE_SEPARATOR).filter(Boolean) : [];
    const purchaseUnit = unitOf(c('进货单位'), c('进货单位数量'), c('进货单位条码'), '进货单位', problems);
    const saleUnit = unitOf(c('销售单位'), c('销售单位数量'), c('销售单位条码'), '销售单位', problems);
    for (const code of [...codes, c('进货单位条码'), c('销售单位条码')].filter(Boolean)) {
      const bad = barcodeProblem(code);
      if (bad) problems.push(`条码 ${code}：${bad}`);
      const seen = firstSeen.get(code);
      if (seen !== undefined && seen !== rowNo) problems.push(`条码 ${code} 与第 ${seen} 行重复`);
      else firstSeen.set(code, rowNo);
    }
    const purchasePriceFen = moneyOf(c('参考进价'), '参考进价', problems);
    if (purchasePriceFen !== undefined && !withCost) problems.push('店员不能导入参考进价，请删除该列');
    const raw = {
      name,
      sku: c('货号'),
      barcodes: codes,
      category: c('分类'),
      brand: c('品牌'),
      spec: c('规格'),
      baseUnit: c('基本单位') || undefined,
      purchaseUnit,
      saleUnit,
      salePriceFen: moneyOf(c('售价'), '售价', problems),
      purchasePriceFen,
      minStock: intOf(c('最低库存'), '最低库存', problems),
      maxStock: intOf(c('最高库存'), '最高库存', problems),
      leadTimeDays: intOf(c('到货天数'), '到货天数', problems),
      minOrderQty: intOf(c('最小订货量'), '最小订货量', problems, 1),
      batchTracked: ['是', 'y', 'yes', '1', 'true'].includes(c('批次管理').toLowerCase()),
    };
    let product: ProductInput | null = null;
    const parsed = schemas['products.create'].safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const text = describeIssue(issue.path, issue.message);
        // The sheet's own checks already named this column (缺少名称, 条码 …: 校验位): say it once.
        const column = FIELD_LABELS[String(issue.path[0])];
        if (column && problems.some((p) => p.includes(column))) continue;
        if (!problems.some((p) => p.includes(text))) problems.push(text);
      }
    } else {
      product = parsed.data;
      try {
        checkUnits(product);
      } catch (e) {
        problems.push((e as Error).message);
      }
    }

    let opening: CheckedRow['opening'] = null;
    const qty = intOf(c('期初库存'), '期初库存', problems);
    const whName = c('仓库');
    const wh = whName ? warehouses.find((w) => w.name === whName) : defaultWh;
    if (!wh) problems.push(`仓库「${whName}」不存在（店里的仓库：${warehouses.map((w) => w.name).join('、')}）`);
    const unitCostFen = moneyOf(c('期初单价'), '期初单价', problems);
    if (unitCostFen !== undefined && !withCost) problems.push('店员不能填写期初单价');
    if (qty) {
      const batchNo = c('批号') || undefined;
      const expiryDate = c('到期日') || undefined;
      if (expiryDate && !/^\d{4}-\d{2}-\d{2}$/.test(expiryDate)) problems.push(`到期日应为 YYYY-MM-DD（现在是「${expiryDate}」）`);
      if (raw.batchTracked && (!batchNo || !expiryDate)) problems.push('批次管理的商品有期初库存时，需要填写批号和到期日');
      if (wh) opening = { qty, warehouseId: wh.id, ...(unitCostFen !== undefined ? { unitCostFen } : {}), ...(batchNo ? { batchNo } : {}), ...(expiryDate ? { expiryDate } : {}) };
    }
    return { view: { rowNo, name, barcode: codes[0] ?? '', openingQty: qty ?? 0, warehouseName: wh?.name ?? whName, problems }, product, opening };
  });

  // Barcodes another product of the shop already holds: one read per 100 codes.
  const codes = [...firstSeen.keys()].filter((code) => !barcodeProblem(code));
  const claims = await ctx.db.getMany<{ _id: string; code: string; productName: string }>('barcodes', codes.map((code) => barcodeDocId(shop._id, code)));
  const taken = new Map(claims.map((cl) => [cl.code, cl.productName]));
  for (const r of rows) {
    const mine = [...(r.product?.barcodes ?? []), r.product?.purchaseUnit?.barcode, r.product?.saleUnit?.barcode].filter((x): x is string => Boolean(x));
    for (const code of mine) if (taken.has(code)) r.view.problems.push(`条码 ${code} 已被店里的商品「${taken.get(code)}」使用`);
  }
  return { rows, ignoredColumns: sheet.headers.filter((h) => !KNOWN.has(h)) };
}

export async function previewImport(ctx: MemberContext, fileID: string): Promise<ImportPreview> {
  const shop = await loadShop(ctx);
  const { rows, ignoredColumns } = await checkRows(ctx, shop, fileID);
  return {
    rows: rows.map((r) => r.view),
    total: rows.length,
    bad: rows.filter((r) => r.view.problems.length).length,
    products: rows.length,
    openingLines: rows.filter((r) => r.opening).length,
    ignoredColumns,
  };
}

/** Stable ids for one import request: a retry writes the same products and postings. */
function importKey(shopId: string, requestId: string): string {
  return crypto.createHash('sha1').update(`${shopId}:${requestId}`).digest('hex');
}

export async function commitImport(ctx: MemberContext, fileID: string, requestId: string, deadline: number): Promise<ImportCommit> {
  const shop = await loadShop(ctx);
  const key = importKey(shop._id, requestId);
  // 24 hex digits, like the database's ids, so a restore remaps them (server/files/backup.ts RANDOM_ID).
  const productId = (rowNo: number) => `${key.slice(0, 20)}${rowNo.toString(16).padStart(4, '0')}`;
  const { rows } = await checkRows(ctx, shop, fileID);
  // A retry finds its own products: their barcodes are "taken" by this import, not by another product.
  const existing = new Set((await ctx.db.getMany<{ _id: string }>('products', rows.map((r) => productId(r.view.rowNo)))).map((p) => p._id));
  const bad = rows.filter((r) => r.view.problems.some((p) => !(existing.has(productId(r.view.rowNo)) && p.includes('已被店里的商品'))));
  if (bad.length) {
    throw new AppError('E_VALIDATION', `有 ${bad.length} 行有问题，什么都没有导入：请按预览修改后重新上传`, { rows: bad.slice(0, 50).map((r) => ({ rowNo: r.view.rowNo, problems: r.view.problems })) });
  }
  let imported = 0;
  for (const r of rows) {
    if (Date.now() > deadline) return { total: rows.length, imported, done: false };
    if (!existing.has(productId(r.view.rowNo))) await createProduct(ctx, r.product!, productId(r.view.rowNo));
    imported++;
  }
  // Opening stock: one posting per warehouse and 100 lines, idempotent by its server-made request id.
  const byWarehouse = new Map<string, { row: CheckedRow; id: string }[]>();
  for (const r of rows) if (r.opening) byWarehouse.set(r.opening.warehouseId, [...(byWarehouse.get(r.opening.warehouseId) ?? []), { row: r, id: productId(r.view.rowNo) }]);
  for (const [warehouseId, lines] of byWarehouse) {
    for (let i = 0; i < lines.length; i += OPENING_CHUNK) {
      if (Date.now() > deadline) return { total: rows.length, imported, done: false };
      const chunk = lines.slice(i, i + OPENING_CHUNK);
      await stockActions['stock.opening'].handler(ctx, {
        requestId: `imp_${key.slice(0, 16)}_${warehouseId}_${i / OPENING_CHUNK}`,
        warehouseId,
        note: 'Excel 导入期初库存',
        confirmExpired: true,
        lines: chunk.map(({ row, id }) => {
          const { warehouseId: _w, ...line } = row.opening!;
          void _w;
          return { productId: id, ...line };
        }),
      });
    }
  }
  return { total: rows.length, imported, done: true };
}
