// Products with barcodes. A barcode is unique within a shop: barcodes/{shopId}_{code} documents,
// written in the same transaction as the product, make a duplicate a refusal (or a conflict).
import { schemas } from '../../typings/api';
import type { ProductView } from '../../typings/api/products';
import type { Product, StockBalance } from '../../typings/models';
import { Tx } from '../core/db';
import { AppError } from '../core/errors';
import { action, MemberContext } from '../core/router';
import { canSeeCost, loadShop, newId, warehouseName } from '../core/shop';
import { escapeRegExp, pageOf } from '../core/query';
import { balanceId, stockFlags } from '../posting/engine';
import { getOwnParty } from './parties';

const barcodeDocId = (shopId: string, code: string) => `${shopId}_${code}`;

type ProductDoc = Product & { searchText: string };

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

async function claimBarcodes(tx: Tx, shopId: string, productId: string, codes: string[]): Promise<void> {
  const docs = await Promise.all(codes.map((c) => tx.get<{ productId: string; productName: string }>('barcodes', barcodeDocId(shopId, c))));
  docs.forEach((d, i) => {
    if (d && d.productId !== productId) throw new AppError('E_DUPLICATE', `条码 ${codes[i]} 已被商品「${d.productName}」使用`, { barcode: codes[i], productId: d.productId });
  });
}

/** A unit name means one quantity on a product: 1 箱 cannot be 12 when buying and 6 when selling. */
function checkUnits(p: Pick<Product, 'baseUnit' | 'purchaseUnit' | 'saleUnit'>) {
  for (const u of [p.purchaseUnit, p.saleUnit]) {
    if (u && u.name === p.baseUnit) throw new AppError('E_VALIDATION', `单位「${u.name}」与基本单位相同，请换一个名称`);
  }
  const [buy, sell] = [p.purchaseUnit, p.saleUnit];
  if (buy && sell && buy.name === sell.name && buy.factor !== sell.factor) {
    throw new AppError('E_VALIDATION', `进货单位和销售单位都叫「${buy.name}」，但一个是 ${buy.factor}${p.baseUnit}、一个是 ${sell.factor}${p.baseUnit}：同名单位必须相同，请换一个名称`);
  }
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

export const productActions = {
  'products.create': action(['owner', 'manager'], schemas['products.create'], async (ctx, input) => {
    const shopId = ctx.member.shopId;
    const barcodes = [...new Set(input.barcodes)];
    checkUnits(input);
    await checkSupplier(ctx, input.preferredSupplierId);
    const id = newId();
    const now = new Date();
    const doc = { ...input, barcodes, shopId, archived: false, ...stockFlags({ onHand: 0, minStock: input.minStock }), createdAt: now, updatedAt: now, searchText: searchTextOf({ ...input, barcodes }) };
    await ctx.db.transaction(async (tx) => {
      await claimBarcodes(tx, shopId, id, barcodes);
      await Promise.all([
        tx.set('products', id, doc),
        ...barcodes.map((c) => tx.set('barcodes', barcodeDocId(shopId, c), { shopId, code: c, productId: id, productName: input.name })),
      ]);
    });
    return productView({ ...(doc as unknown as Product), _id: id, createdAt: now.toISOString(), updatedAt: now.toISOString() }, ctx);
  }),

  'products.update': action(['owner', 'manager'], schemas['products.update'], async (ctx, input) => {
    const shopId = ctx.member.shopId;
    const { id, ...patch } = input;
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
      const added = next.barcodes.filter((c) => !current.barcodes.includes(c));
      const removed = current.barcodes.filter((c) => !next.barcodes.includes(c));
      await claimBarcodes(tx, shopId, id, added);
      next.searchText = searchTextOf(next);
      next.updatedAt = new Date() as unknown as string;
      await Promise.all([
        tx.set('products', id, next as unknown as Record<string, unknown>),
        ...added.map((c) => tx.set('barcodes', barcodeDocId(shopId, c), { shopId, code: c, productId: id, productName: next.name })),
        ...removed.map((c) => tx.remove('barcodes', barcodeDocId(shopId, c))),
      ]);
      return next;
    });
    return productView(updated, ctx);
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
    const [p] = await ctx.db.find<ProductDoc>('products', { shopId: ctx.member.shopId, barcodes: input.code }, { limit: 1 });
    if (!p) return { product: null, code: input.code, warehouseOnHand: null };
    const balance = input.warehouseId ? await ctx.db.getById<StockBalance>('stock', balanceId(ctx.member.shopId, input.warehouseId, p._id)) : null;
    return { product: productView(p, ctx), code: input.code, warehouseOnHand: input.warehouseId ? (balance?.qty ?? 0) : null };
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
    return { ...paged, items: paged.items.map((p) => productView(p, ctx)) };
  }),

  'products.lowCount': action(['owner', 'manager', 'clerk'], schemas['products.lowCount'], async (ctx) => ({
    count: await ctx.db.count('products', { shopId: ctx.member.shopId, archived: false, lowStock: true }),
  })),
};
