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

const barcodeDocId = (shopId: string, code: string) => `${shopId}_${code}`;

type ProductDoc = Product & { searchText: string };

export function searchTextOf(p: Pick<Product, 'name' | 'sku' | 'barcodes' | 'brand' | 'spec'>): string {
  return [p.name, p.sku, p.brand, p.spec, ...p.barcodes].join(' ').toLowerCase();
}

export function productView(p: Product, onHand: number, ctx: MemberContext): ProductView {
  const { searchText, purchasePriceFen, ...rest } = p as ProductDoc;
  void searchText;
  const view: ProductView = { ...rest, onHand };
  if (canSeeCost(ctx.member.role)) view.purchasePriceFen = purchasePriceFen ?? 0;
  return view;
}

/** Total on hand per product (all warehouses), one query. */
export async function onHandByProduct(ctx: MemberContext, productIds: string[]): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  if (productIds.length === 0) return totals;
  const balances = await ctx.db.find<StockBalance>('stock', { shopId: ctx.member.shopId, productId: ctx.db.command.in(productIds) }, { limit: 1000 });
  for (const b of balances) totals.set(b.productId, (totals.get(b.productId) ?? 0) + b.qty);
  return totals;
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

function checkUnits(p: Pick<Product, 'baseUnit' | 'purchaseUnit' | 'saleUnit'>) {
  for (const u of [p.purchaseUnit, p.saleUnit]) {
    if (u && u.name === p.baseUnit) throw new AppError('E_VALIDATION', `单位「${u.name}」与基本单位相同，请换一个名称`);
  }
}

export const productActions = {
  'products.create': action(['owner', 'manager'], schemas['products.create'], async (ctx, input) => {
    const shopId = ctx.member.shopId;
    const barcodes = [...new Set(input.barcodes)];
    checkUnits(input);
    const id = newId();
    const now = new Date();
    const doc = { ...input, barcodes, shopId, archived: false, createdAt: now, updatedAt: now, searchText: searchTextOf({ ...input, barcodes }) };
    await ctx.db.transaction(async (tx) => {
      await claimBarcodes(tx, shopId, id, barcodes);
      await Promise.all([
        tx.set('products', id, doc),
        ...barcodes.map((c) => tx.set('barcodes', barcodeDocId(shopId, c), { shopId, code: c, productId: id, productName: input.name })),
      ]);
    });
    return productView({ ...(doc as unknown as Product), _id: id, createdAt: now.toISOString(), updatedAt: now.toISOString() }, 0, ctx);
  }),

  'products.update': action(['owner', 'manager'], schemas['products.update'], async (ctx, input) => {
    const shopId = ctx.member.shopId;
    const { id, ...patch } = input;
    const updated = await ctx.db.transaction(async (tx) => {
      const current = await tx.get<ProductDoc>('products', id);
      if (!current || current.shopId !== shopId) throw new AppError('E_NOT_FOUND', '商品不存在');
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const next = { ...current, ...defined, barcodes: patch.barcodes ? [...new Set(patch.barcodes)] : current.barcodes } as ProductDoc;
      if (next.maxStock && next.minStock && next.maxStock < next.minStock) throw new AppError('E_VALIDATION', '最高库存不能低于最低库存');
      checkUnits(next);
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
    const onHand = (await onHandByProduct(ctx, [id])).get(id) ?? 0;
    return productView(updated, onHand, ctx);
  }),

  'products.get': action(['owner', 'manager', 'clerk'], schemas['products.get'], async (ctx, input) => {
    const [product, shop, balances] = await Promise.all([
      getOwnProduct(ctx, input.id),
      loadShop(ctx),
      ctx.db.find<StockBalance>('stock', { shopId: ctx.member.shopId, productId: input.id }, { limit: 100 }),
    ]);
    const seeCost = canSeeCost(ctx.member.role);
    const onHand = balances.reduce((s, b) => s + b.qty, 0);
    return {
      product: productView(product, onHand, ctx),
      balances: balances.map(({ unitCost, ...b }) => ({ ...b, ...(seeCost ? { unitCost } : {}), warehouseName: warehouseName(shop, b.warehouseId) })),
    };
  }),

  'products.byBarcode': action(['owner', 'manager', 'clerk'], schemas['products.byBarcode'], async (ctx, input) => {
    const [p] = await ctx.db.find<ProductDoc>('products', { shopId: ctx.member.shopId, barcodes: input.code }, { limit: 1 });
    if (!p) return { product: null, code: input.code };
    const onHand = (await onHandByProduct(ctx, [p._id])).get(p._id) ?? 0;
    return { product: productView(p, onHand, ctx), code: input.code };
  }),

  'products.list': action(['owner', 'manager', 'clerk'], schemas['products.list'], async (ctx, input) => {
    const where: Record<string, unknown> = { shopId: ctx.member.shopId };
    if (!input.includeArchived) where.archived = false;
    if (input.category) where.category = input.category;
    if (input.keyword) where.searchText = ctx.db.regExp(escapeRegExp(input.keyword.toLowerCase()), '');
    const rows = await ctx.db.find<ProductDoc>('products', where, {
      orderBy: [['updatedAt', 'desc'], ['_id', 'asc']],
      skip: (input.page - 1) * input.pageSize,
      limit: input.pageSize + 1,
    });
    const paged = pageOf(rows, input.page, input.pageSize);
    const onHand = await onHandByProduct(ctx, paged.items.map((p) => p._id));
    return { ...paged, items: paged.items.map((p) => productView(p, onHand.get(p._id) ?? 0, ctx)) };
  }),
};
