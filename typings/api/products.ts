import { z } from 'zod';
import type { Product, StockBalance } from '../models';
import { barcode, fen, id, name, page, Paged, text } from './common';

/** A pack unit (箱); its own barcode makes one scan count a whole pack. */
const unit = z.object({ name: name('单位', 6), factor: z.number().int().min(2, '换算数量至少为 2').max(10000), barcode: barcode.optional() });

/**
 * A product image: a fileID under `products/<shopId>/` of cloud storage, where the product form
 * uploads (the action checks the shop is the caller's, see server/actions/products.ts).
 */
export const productImage = z
  .string()
  .max(256, '图片文件不正确')
  .regex(/^cloud:\/\/[A-Za-z0-9._-]+\/products\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,79}$/, '图片文件不正确，请重新上传');
const images = z
  .array(productImage)
  .max(9, '最多 9 张图片')
  .refine((list) => new Set(list).size === list.length, '图片重复');

/** The product's fields: with defaults for create, all optional (untouched when absent) for update. */
function productFields<D extends boolean>(withDefaults: D) {
  const d = <T extends z.ZodType>(schema: T, value: z.input<T>) =>
    (withDefaults ? schema.default(value as never) : schema.optional()) as D extends true ? z.ZodDefault<T> : z.ZodOptional<T>;
  return {
    sku: d(text(40), ''),
    barcodes: d(z.array(barcode).max(10, '最多 10 个条码'), []),
    spec: d(text(60), ''),
    brand: d(text(40), ''),
    category: d(text(30), ''),
    images: d(images, []),
    baseUnit: d(name('基本单位', 6), '件'),
    purchaseUnit: d(unit.nullable(), null),
    saleUnit: d(unit.nullable(), null),
    salePriceFen: d(fen, 0),
    purchasePriceFen: d(fen, 0),
    minStock: d(z.number().int().min(0), 0),
    maxStock: d(z.number().int().min(0), 0),
    leadTimeDays: d(z.number().int().min(0).max(365), 3),
    minOrderQty: d(z.number().int().min(1), 1),
    preferredSupplierId: d(text(64), ''),
    batchTracked: d(z.boolean(), false),
  };
}

const refineStock = (p: { minStock?: number; maxStock?: number }) => !p.maxStock || !p.minStock || p.maxStock >= p.minStock;

export const productSchemas = {
  'products.create': z
    .object({ name: name('商品名称'), ...productFields(true) })
    .refine(refineStock, { message: '最高库存不能低于最低库存', path: ['maxStock'] }),
  'products.update': z
    .object({ id, name: name('商品名称').optional(), ...productFields(false), archived: z.boolean().optional() })
    .refine(refineStock, { message: '最高库存不能低于最低库存', path: ['maxStock'] }),
  'products.get': z.object({ id }),
  /** The scan path; with a warehouse, also what that warehouse holds (a document moves stock there). */
  'products.byBarcode': z.object({ code: z.string().trim().min(1, '条码不能为空').max(32), warehouseId: id.optional() }),
  'products.list': z.object({
    keyword: z.string().trim().max(40).default(''),
    category: z.string().trim().max(30).optional(),
    includeArchived: z.boolean().default(false),
    /** only products at or below their minimum stock (the engine keeps the flag) */
    lowOnly: z.boolean().default(false),
    ...page,
  }),
  /** How many products are at or below their minimum stock: one indexed count. */
  'products.lowCount': z.object({}),
  /** Temporary URLs of the shop's product images, in one storage call (a page's images at once). */
  'products.imageUrls': z.object({ fileIDs: z.array(productImage).min(1, '没有图片').max(50, '一次最多 50 张图片') }),
  /**
   * Pictures a product form uploaded and then did not keep (the save failed and the form was left,
   * or a picture was taken off before saving): deleted unless a product of the shop names them.
   */
  'products.discardImages': z.object({ fileIDs: z.array(productImage).min(1, '没有图片').max(50, '一次最多 50 张图片') }),
};

/** A product as a page sees it: onHand (base units) and lowStock as the engine keeps them; cost fields only for owner/manager. */
export type ProductView = Omit<Product, 'purchasePriceFen'> & { purchasePriceFen?: number };

export interface ProductDetail {
  product: ProductView;
  balances: (Omit<StockBalance, 'unitCost'> & { unitCost?: string; warehouseName: string })[];
}

export interface ProductOutputs {
  'products.create': ProductView;
  'products.update': ProductView;
  'products.get': ProductDetail;
  /** unit: the pack the code names (a case barcode), null for the product's own barcode */
  'products.byBarcode': { product: ProductView | null; code: string; unit: { name: string; factor: number } | null; warehouseOnHand: number | null };
  /** coverUrl: a temporary URL of the first image ('' without one), for the list's thumbnail */
  'products.list': Paged<ProductView & { coverUrl: string }>;
  'products.lowCount': { count: number };
  /** in the order asked; tempFileURL '' for a file no longer stored */
  'products.imageUrls': { urls: { fileID: string; tempFileURL: string }[] };
  /** how many were deleted: those no product names */
  'products.discardImages': { deleted: number };
}
