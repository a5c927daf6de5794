// Scanning: wx.scanCode, then the product behind the code (null when the shop has none).
import type { ProductView } from '../../typings/api/products';
import { productsService } from './products';

export interface ScanResult {
  code: string;
  product: ProductView | null;
}

/** null when the user cancelled the camera. */
export function scanCode(): Promise<string | null> {
  return new Promise((resolve) => {
    wx.scanCode({
      scanType: ['barCode', 'qrCode'],
      success: (res) => resolve(res.result.trim()),
      fail: () => resolve(null),
    });
  });
}

export async function lookupCode(code: string): Promise<ScanResult> {
  const r = await productsService.byBarcode(code);
  return { code, product: r.product };
}

/** Offers to create the product of an unknown code; true when the user went to create it. */
export async function offerCreate(code: string): Promise<boolean> {
  const res = await wx.showModal({ title: '未找到商品', content: `条码 ${code} 还没有对应的商品，现在新建吗？`, confirmText: '新建' });
  if (!res.confirm) return false;
  wx.navigateTo({ url: `/packages/catalog/pages/edit/index?barcode=${encodeURIComponent(code)}` });
  return true;
}
