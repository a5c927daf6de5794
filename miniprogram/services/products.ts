import type { ActionInput } from '../../typings/api';
import { call } from './api';

export const productsService = {
  list: (input: ActionInput<'products.list'>) => call('products.list', input),
  get: (id: string) => call('products.get', { id }),
  byBarcode: (code: string, warehouseId?: string) => call('products.byBarcode', { code, ...(warehouseId ? { warehouseId } : {}) }),
  create: (input: ActionInput<'products.create'>) => call('products.create', input),
  update: (input: ActionInput<'products.update'>) => call('products.update', input),
  /** products at or below their minimum stock (one indexed count on the server) */
  lowCount: () => call('products.lowCount', {}),
  /** temporary URLs of product images: a page's images in one call */
  imageUrls: (fileIDs: string[]) => call('products.imageUrls', { fileIDs }),
  /** deletes uploaded pictures no product kept (the server checks none names them) */
  discardImages: (fileIDs: string[]) => call('products.discardImages', { fileIDs }),
};

/** The products tab is a tab page (no query string): the filter it should open with. */
export function openProducts(filter: { lowOnly: boolean }): void {
  const app = getApp<{ globalData: { productsFilter?: { lowOnly: boolean } } }>();
  if (!app.globalData) app.globalData = {};
  app.globalData.productsFilter = filter;
  wx.switchTab({ url: '/pages/products/index' });
}

/** The filter another page asked for (taken once). */
export function takeProductsFilter(): { lowOnly: boolean } | null {
  const app = getApp<{ globalData?: { productsFilter?: { lowOnly: boolean } } }>();
  const f = app.globalData?.productsFilter ?? null;
  if (f) delete app.globalData!.productsFilter;
  return f;
}
