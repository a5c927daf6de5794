// Products with barcodes. A barcode is unique within a shop: barcodes/{shopId}_{code} documents,
// written in the same transaction as the product, make a duplicate a refusal (or a conflict).
import type { z } from 'zod';
import { schemas } from '../../typings/api';
import type { ProductView } from '../../typings/api/products';
import type { Product, StockBalance } from '../../typings/models';
import { Tx } from '../core/db';
import { audit, changesOf } from '../core/audit';
import { AppError } from '../core/errors';
import { action, MemberContext } from '../core/router';
import { canSeeCost, loadShop, newId, warehouseName } from '../core/shop';
import { escapeRegExp, pageOf } from '../core/query';
import { balanceId, stockFlags } from '../posting/engine';
import { barcodeDocId, codesOf, packsOf } from '../stock/codes';
import { getOwnParty } from './parties';
import { deleteFiles, isShopFile, tempUrls } from '../files/storage';

type ProductDoc = Product & { searchText: string };

/** A field left at nothing on a new product is not worth a line in the audit log. */
const isBlank = (v: unknown) => v === null || v === '' || v === false || v === 0 || (Array.isArray(v) && v.length === 0);

/** The product fields the audit log follows, with their labels. */
const AUDITED: Record<string, string> = {
  name: '名称', sku: '货号', barcodes: '条码', category: '分类', spec: '规格', brand: '品牌', images: '图片',
  baseUnit: '基本单位', purchaseUnit: '进货单位', saleUnit: '销售单位', salePriceFen: '售价', purchasePriceFen: '参考进价',
  minStock: '最低库存', maxStock: '最高库存', leadTimeDays: '到货天数', minOrderQty: '最小订货量',
  preferredSupplierId: '首选供应商', batchTracked: '批次管理', archived: '停用',
};

export function searchTextOf(p: Pick<Product, 'name' | 'sku' | 'barcodes' | 'brand' | 'spec'>): string {
  return [p.name, p.sku, p.brand, p.spec, ...p.barcodes].join(' ').toLowerCase();
}

export function productView(p: Product, ctx: MemberContext): ProductView {
  const { searchText, purchasePriceFen, ...rest } = p as ProductDoc;
  void searchText;
  const view: ProductView = { ...rest, ...stockFlags(p) };
  if (canSeeCost(ctx.member.role)) view.purchasePriceFen = purchasePriceFen ?? 0;
  return view;
}

/** The product if it belongs to the caller's shop; never another shop's, whatever id is sent. */
export async function getOwnProduct(ctx: MemberContext, id: string): Promise<ProductDoc> {
  const p = await ctx.db.getById<ProductDoc>('products', id);
  if (!p || p.shopId !== ctx.member.shopId) throw new AppError('E_NOT_FOUND', '商品不存在');
  return p;
}

/**
 * Rewrites the product's barcode claims in its transaction: every code it has now (its own and its
 * packs'), refused when another product holds one, and the codes it dropped released.
 */
async function claimBarcodes(tx: Tx, shopId: string, product: Pick<Product, '_id' | 'name' | 'barcodes' | 'purchaseUnit' | 'saleUnit'>, before: { code: string; unit: string | null }[] = []): Promise<void> {
  const own = new Set(product.barcodes);
  const packs = [product.purchaseUnit, product.saleUnit].filter((u) => u?.barcode);
  for (const u of packs) {
    if (own.has(u!.barcode!)) throw new AppError('E_VALIDATION', `条码 ${u!.barcode} 已是商品本身的条码，不能再作「${u!.name}」的条码`);
    if (packs.some((o) => o!.barcode === u!.barcode && o!.name !== u!.name)) throw new AppError('E_VALIDATION', `条码 ${u!.barcode} 不能同时是两个单位的条码`);
  }
  const all = codesOf(product);
  // Only new codes (or a code now standing for another unit) are read and written.
  const had = new Map(before.map((c) => [c.code, c.unit]));
  const codes = all.filter((c) => had.get(c.code) !== c.unit);
  const docs = await Promise.all(codes.map((c) => tx.get<{ productId: string; productName: string }>('barcodes', barcodeDocId(shopId, c.code))));
  docs.forEach((d, i) => {
    if (d && d.productId !== product._id) throw new AppError('E_DUPLICATE', `条码 ${codes[i].code} 已被商品「${d.productName}」使用`, { barcode: codes[i].code, productId: d.productId });
  });
  const kept = new Set(all.map((c) => c.code));
  await Promise.all([
    ...codes.map((c) => tx.set('barcodes', barcodeDocId(shopId, c.code), { shopId, code: c.code, productId: product._id, productName: product.name, ...(c.unit ? { unit: c.unit } : {}) })),
    ...before.filter((c) => !kept.has(c.code)).map((c) => tx.remove('barcodes', barcodeDocId(shopId, c.code))),
  ]);
}

/** A unit name means one quantity on a product: 1 箱 cannot be 12 when buying and 6 when selling. */
export function checkUnits(p: Pick<Product, 'baseUnit' | 'purchaseUnit' | 'saleUnit'>) {
  for (const u of [p.purchaseUnit, p.saleUnit]) {
    if (u && u.name === p.baseUnit) throw new AppError('E_VALIDATION', `单位「${u.name}」与基本单位相同，请换一个名称`);
  }
  const [buy, sell] = [p.purchaseUnit, p.saleUnit];
  if (buy && sell && buy.name === sell.name && buy.factor !== sell.factor) {
    throw new AppError('E_VALIDATION', `进货单位和销售单位都叫「${buy.name}」，但一个是 ${buy.factor}${p.baseUnit}、一个是 ${sell.factor}${p.baseUnit}：同名单位必须相同，请换一个名称`);
  }
}

/** Images must be the caller's shop's uploads (the contract already checked their form). */
function checkImages(shopId: string, images: string[] | undefined) {
  const i = images?.findIndex((f) => !isShopFile(f, ['products'], shopId)) ?? -1;
  if (i >= 0) throw new AppError('E_VALIDATION', `第 ${i + 1} 张图片不是本店上传的，请重新选择`, [{ path: `images.${i}`, message: '图片不是本店上传的' }]);
}

/** A preferred supplier must be one of the caller's shop's suppliers. */
async function checkSupplier(ctx: MemberContext, supplierId: string | undefined) {
  if (supplierId) await getOwnParty(ctx, 'suppliers', supplierId);
}

/**
 * Switching batch tracking moves no stock, so it is allowed only while the product has none:
 * tracked stock lives in batches, untracked stock does not, and neither may be stranded.
 */
function checkBatchSwitch(current: Product, next: Product) {
  if (current.batchTracked === next.batchTracked || !(current.onHand ?? 0)) return;
  const turning = next.batchTracked ? '开启' : '关闭';
  throw new AppError('E_INVALID_STATE', `「${current.name}」还有 ${current.onHand}${current.baseUnit} 库存，不能${turning}批次管理：请先把库存卖完或调整为 0，${next.batchTracked ? '再按批号和到期日入库' : '再重新入库'}`, {
    onHand: current.onHand,
  });
}

/**
 * A new product. With an `id` (the Excel import's, derived from its request id) a retry finds the
 * product already written and leaves it as it is, so a cut-off import completes on the next call.
 */
export async function createProduct(ctx: MemberContext, input: z.output<(typeof schemas)['products.create']>, fixedId?: string): Promise<ProductView> {
  const shopId = ctx.member.shopId;
  const barcodes = [...new Set(input.barcodes)];
  checkUnits(input);
  checkImages(shopId, input.images);
  await checkSupplier(ctx, input.preferredSupplierId);
  const id = fixedId ?? newId();
  const now = new Date();
  const doc = { ...input, barcodes, shopId, archived: false, ...stockFlags({ onHand: 0, minStock: input.minStock }), createdAt: now, updatedAt: now, searchText: searchTextOf({ ...input, barcodes }) };
  const created = await ctx.db.transaction(async (tx) => {
    if (fixedId && (await tx.get('products', fixedId))) return false;
    await claimBarcodes(tx, shopId, { ...input, _id: id, barcodes });
    await Promise.all([
      tx.set('products', id, doc),
      audit(tx, ctx, { kind: 'product', action: '新建商品', target: { id, name: input.name }, changes: changesOf(null, doc as unknown as Record<string, unknown>, AUDITED).filter((c) => !isBlank(c.after)) }),
    ]);
    return true;
  });
  if (!created) return productView((await getOwnProduct(ctx, id)) as Product, ctx);
  return productView({ ...(doc as unknown as Product), _id: id, createdAt: now.toISOString(), updatedAt: now.toISOString() }, ctx);
}

export const productActions = {
  'products.create': action(['owner', 'manager'], schemas['products.create'], (ctx, input) => createProduct(ctx, input)),

  'products.update': action(['owner', 'manager'], schemas['products.update'], async (ctx, input) => {
    const shopId = ctx.member.shopId;
    const { id, ...patch } = input;
    checkImages(shopId, patch.images);
    await checkSupplier(ctx, patch.preferredSupplierId);
    const updated = await ctx.db.transaction(async (tx) => {
      const current = await tx.get<ProductDoc>('products', id);
      if (!current || current.shopId !== shopId) throw new AppError('E_NOT_FOUND', '商品不存在');
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const next = { ...current, ...defined, barcodes: patch.barcodes ? [...new Set(patch.barcodes)] : current.barcodes } as ProductDoc;
      if (next.maxStock && next.minStock && next.maxStock < next.minStock) throw new AppError('E_VALIDATION', '最高库存不能低于最低库存');
      checkUnits(next);
      checkBatchSwitch(current, next);
      // minStock may have changed; onHand is the engine's, read in this same transaction.
      Object.assign(next, stockFlags(current.onHand === undefined ? { ...next, onHand: 0 } : next));
      await claimBarcodes(tx, shopId, { ...next, _id: id }, codesOf(current));
      next.searchText = searchTextOf(next);
      next.updatedAt = new Date() as unknown as string;
      const changes = changesOf(current as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>, AUDITED);
      await Promise.all([
        tx.set('products', id, next as unknown as Record<string, unknown>),
        ...(changes.length ? [audit(tx, ctx, { kind: 'product', action: patch.archived === true && !current.archived ? '停用商品' : '修改商品', target: { id, name: next.name }, changes })] : []),
      ]);
      return { next, removedImages: (current.images ?? []).filter((f) => !(next.images ?? []).includes(f)) };
    });
    // Files are not in the transaction: removed only once the product no longer names them. A failed
    // delete leaves a file nobody shows, never a product without its picture.
    await deleteFiles(ctx.cloud, updated.removedImages).catch((e) => console.warn('products.update: removed images not deleted', e));
    return productView(updated.next, ctx);
  }),

  'products.get': action(['owner', 'manager', 'clerk'], schemas['products.get'], async (ctx, input) => {
    const [product, shop, balances] = await Promise.all([
      getOwnProduct(ctx, input.id),
      loadShop(ctx),
      ctx.db.find<StockBalance>('stock', { shopId: ctx.member.shopId, productId: input.id }, { limit: 100 }),
    ]);
    const seeCost = canSeeCost(ctx.member.role);
    return {
      product: productView(product, ctx),
      balances: balances.map(({ unitCost, ...b }) => ({ ...b, ...(seeCost ? { unitCost } : {}), warehouseName: warehouseName(shop, b.warehouseId) })),
    };
  }),

  'products.byBarcode': action(['owner', 'manager', 'clerk'], schemas['products.byBarcode'], async (ctx, input) => {
    const [own] = await ctx.db.find<ProductDoc>('products', { shopId: ctx.member.shopId, barcodes: input.code }, { limit: 1 });
    const pack = own ? undefined : (await packsOf(ctx.db, ctx.member.shopId, [input.code])).get(input.code);
    const p = own ?? pack?.product;
    if (!p) return { product: null, code: input.code, unit: null, warehouseOnHand: null };
    const packUnit = pack ? [p.purchaseUnit, p.saleUnit].find((u) => u?.name === pack.unit) : null;
    const balance = input.warehouseId ? await ctx.db.getById<StockBalance>('stock', balanceId(ctx.member.shopId, input.warehouseId, p._id)) : null;
    return { product: productView(p, ctx), code: input.code, unit: packUnit ? { name: packUnit.name, factor: packUnit.factor } : null, warehouseOnHand: input.warehouseId ? (balance?.qty ?? 0) : null };
  }),

  'products.list': action(['owner', 'manager', 'clerk'], schemas['products.list'], async (ctx, input) => {
    const where: Record<string, unknown> = { shopId: ctx.member.shopId };
    if (!input.includeArchived) where.archived = false;
    if (input.category) where.category = input.category;
    if (input.lowOnly) where.lowStock = true;
    if (input.keyword) where.searchText = ctx.db.regExp(escapeRegExp(input.keyword.toLowerCase()), '');
    const rows = await ctx.db.find<ProductDoc>('products', where, {
      orderBy: [['updatedAt', 'desc'], ['_id', 'asc']],
      skip: (input.page - 1) * input.pageSize,
      limit: input.pageSize + 1,
    });
    const paged = pageOf(rows, input.page, input.pageSize);
    // The page's covers in one storage call (no database request), only when a product has one.
    const covers = new Map((await tempUrls(ctx.cloud, paged.items.flatMap((p) => p.images?.slice(0, 1) ?? []))).map((u) => [u.fileID, u.tempFileURL]));
    return { ...paged, items: paged.items.map((p) => ({ ...productView(p, ctx), coverUrl: covers.get(p.images?.[0] ?? '') ?? '' })) };
  }),

  'products.lowCount': action(['owner', 'manager', 'clerk'], schemas['products.lowCount'], async (ctx) => ({
    count: await ctx.db.count('products', { shopId: ctx.member.shopId, archived: false, lowStock: true }),
  })),

  'products.imageUrls': action(['owner', 'manager', 'clerk'], schemas['products.imageUrls'], async (ctx, input) => {
    checkImages(ctx.member.shopId, input.fileIDs);
    return { urls: await tempUrls(ctx.cloud, input.fileIDs) };
  }),

  'products.discardImages': action(['owner', 'manager'], schemas['products.discardImages'], async (ctx, input) => {
    const shopId = ctx.member.shopId;
    checkImages(shopId, input.fileIDs);
    // One read: a picture any product of the shop names (archived ones too) is never deleted.
    const naming = await ctx.db.find<ProductDoc>('products', { shopId, images: ctx.db.command.in(input.fileIDs) }, { limit: 100, fields: { images: true } });
    const kept = new Set(naming.flatMap((p) => p.images ?? []));
    const unused = [...new Set(input.fileIDs)].filter((f) => !kept.has(f));
    await deleteFiles(ctx.cloud, unused);
    return { deleted: unused.length };
  }),
};
