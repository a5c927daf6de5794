// Scanning: wx.scanCode, then the product behind the code (null when the shop has none).
// A camera the user refused is not a silent no-op: the user is told and led to the settings.
import type { ProductView } from '../../typings/api/products';
import { productsService } from './products';

export interface ScanResult {
  code: string;
  product: ProductView | null;
  /** a case barcode: the pack it stands for (one scan = factor base units) */
  pack: { name: string; factor: number } | null;
}

function cameraRefused(errMsg: string): Promise<boolean> {
  // "scanCode:fail auth deny" (scope.camera refused) or a system permission denied for WeChat.
  if (/auth den|permission/i.test(errMsg)) return Promise.resolve(true);
  return new Promise((resolve) => {
    wx.getSetting({
      success: (s) => resolve(s.authSetting['scope.camera'] === false),
      fail: () => resolve(false),
    });
  });
}

/** Explains why scanning cannot work and opens the settings page when the user agrees. */
export async function guideCameraSetting(): Promise<void> {
  const res = await wx.showModal({ title: '无法使用相机', content: '扫码需要使用摄像头，请在设置中允许“摄像头”后再试', confirmText: '去设置' });
  if (res.confirm) wx.openSetting({});
}

/** The scanned code; null when the user cancelled the camera (or it is refused: then guided). */
export function scanCode(): Promise<string | null> {
  return new Promise((resolve) => {
    wx.scanCode({
      scanType: ['barCode', 'qrCode'],
      success: (res) => resolve(res.result.trim()),
      fail: async (err) => {
        const msg = String(err?.errMsg ?? '');
        if (!/cancel/.test(msg) && (await cameraRefused(msg))) await guideCameraSetting();
        resolve(null);
      },
    });
  });
}

/**
 * The product behind a code. With a warehouse (a document that moves stock there), its onHand is
 * what that warehouse holds, which is what the document can sell.
 */
export async function lookupCode(code: string, warehouseId?: string): Promise<ScanResult> {
  const r = await productsService.byBarcode(code, warehouseId);
  const product = r.product && r.warehouseOnHand !== null ? { ...r.product, onHand: r.warehouseOnHand } : r.product;
  return { code, product, pack: r.unit };
}

/**
 * Offers to create the product of an unknown code; true when the user went to create it.
 * `onCreated` (from a document being scanned) gets the new product back through the page's event
 * channel, and the product form then returns to the document instead of opening the product.
 */
export async function offerCreate(code: string, onCreated?: (product: ProductView) => void): Promise<boolean> {
  const res = await wx.showModal({ title: '未找到商品', content: `条码 ${code} 还没有对应的商品，现在新建吗？`, confirmText: '新建' });
  if (!res.confirm) return false;
  const url = `/packages/catalog/pages/edit/index?barcode=${encodeURIComponent(code)}${onCreated ? '&from=document' : ''}`;
  wx.navigateTo({ url, ...(onCreated ? { events: { created: onCreated } } : {}) });
  return true;
}

/** A code nobody can add now (a clerk cannot create products). */
export function unknownCode(code: string): void {
  wx.showModal({ title: '未找到商品', content: `条码 ${code} 还没有对应的商品，请店主或店长先新建`, showCancel: false });
}
