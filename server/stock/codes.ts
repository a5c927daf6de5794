// Barcodes of a shop: barcodes/{shopId}_{code} claims make a code unique within the shop. A
// product's own barcodes are also on the product (one indexed query finds it); a pack unit's
// barcode (a case barcode) lives only in its claim, with the unit it stands for.
import type { Product } from '../../typings/models';
import { Db } from '../core/db';

export const barcodeDocId = (shopId: string, code: string) => `${shopId}_${code}`;

export interface BarcodeClaim {
  shopId: string;
  code: string;
  productId: string;
  productName: string;
  /** the pack unit this code stands for; absent for the product's own barcode */
  unit?: string;
}

/** Every code of a product: its own barcodes, then its pack units' barcodes. */
export function codesOf(p: Pick<Product, 'barcodes' | 'purchaseUnit' | 'saleUnit'>): { code: string; unit: string | null }[] {
  const codes = p.barcodes.map((code) => ({ code, unit: null as string | null }));
  for (const u of [p.purchaseUnit, p.saleUnit]) {
    if (u?.barcode && !codes.some((c) => c.code === u.barcode)) codes.push({ code: u.barcode, unit: u.name });
  }
  return codes;
}

/** The products and pack units behind case barcodes (codes no product lists as its own). */
export async function packsOf(db: Db, shopId: string, codes: string[]): Promise<Map<string, { product: Product; unit: string }>> {
  const found = new Map<string, { product: Product; unit: string }>();
  if (codes.length === 0) return found;
  const claims = (await db.getMany<BarcodeClaim & { _id: string }>('barcodes', codes.map((c) => barcodeDocId(shopId, c)))).filter((c) => c.shopId === shopId && c.unit);
  if (claims.length === 0) return found;
  const products = new Map((await db.getMany<Product>('products', claims.map((c) => c.productId))).map((p) => [p._id, p]));
  for (const c of claims) {
    const product = products.get(c.productId);
    if (product && product.shopId === shopId) found.set(c.code, { product, unit: c.unit! });
  }
  return found;
}
