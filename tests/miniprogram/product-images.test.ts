// Product images through the pages (miniprogram-simulate + the real api and storage on localcloud):
// chosen on the form with wx.chooseMedia, uploaded under products/<shopId>/, kept in order, one
// removable; the saved fileIDs download to the chosen bytes; the product page shows the first.
import path from 'node:path';
import { LocalCloud } from '../../localcloud';
import { createTestShop, startApiCloud, TestShop } from '../helpers/cloud';
import { installWx, MINIPROGRAM_ROOT, renderPage, simulate, tap, type, waitFor, WxBridge } from '../helpers/miniprogram';

let lc: LocalCloud;
let wx: WxBridge;
let shop: TestShop;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'pics');
  wx = installWx(lc, shop.owner);
});
afterAll(() => lc.stop());

const picture = (label: string) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from(` picture ${label}`)]);
const calls = (action: string, from = 0) => wx.calls.slice(from).filter((c) => c.data.action === action);
const tapOn = async (page: any, selector: string, index = 0) => {
  page.querySelectorAll(selector)[index].dispatchEvent('tap');
  await simulate.sleep(10);
};
/** The src an <image> renders (built-in attributes live on the virtual tree only). */
const srcOf = (image: any): string => String((image.dom.__wxElement._vt.attrs as { name: string; value: unknown }[]).find((a) => a.name === 'src')?.value ?? '');
/** What the phone gets when it downloads a fileID (wx.cloud.downloadFile, as a page would). */
const downloaded = async (fileID: string) => wx.files[((await (global as any).wx.cloud.downloadFile({ fileID })) as { tempFilePath: string }).tempFilePath];

test('choose three, remove one → the saved product has two fileIDs in order that download to the chosen bytes → the product page shows the first', async () => {
  const edit = renderPage('packages/catalog/pages/edit/index');
  await edit.instance.onLoad({});
  await type(edit, '#field-name', '带图的饼干');

  wx.media.push({ name: 'front.jpg', content: picture('front') }, { name: 'blurry.jpg', content: picture('blurry') }, { name: 'back.png', content: picture('back') });
  await tapOn(edit, '.add-images');
  await waitFor(() => edit.data.images.length === 3);
  expect(wx.mediaRequests[0]).toEqual({ count: 9, mediaType: ['image'], sizeType: ['compressed'] });
  expect(edit.querySelectorAll('.image__picture').map(srcOf)).toEqual(edit.data.images.map((i: any) => i.src));
  expect(edit.querySelector('.image__cover').dom.textContent).toBe('封面');

  await tapOn(edit, '.image__remove', 1); // the blurry one
  expect(edit.data.images.map((i: any) => wx.files[i.src].toString())).toEqual([picture('front').toString(), picture('back').toString()]);
  // Only what is left of nine may still be chosen.
  await tapOn(edit, '.add-images'); // nothing queued: the user cancels
  expect(wx.mediaRequests[1].count).toBe(7);
  expect(edit.data.images).toHaveLength(2);

  const before = wx.calls.length;
  await tap(edit, '.save');
  await waitFor(() => !edit.data.saving);
  expect(edit.data.error).toBe('');
  const created = calls('products.create', before)[0].data;
  expect(created.images).toHaveLength(2);
  for (const f of created.images) expect(f).toMatch(new RegExp(`^cloud://[^/]+/products/${shop.shopId}/[a-z0-9]+\\.(jpg|png)$`));
  expect(created.images[0]).toMatch(/\.jpg$/);
  expect(created.images[1]).toMatch(/\.png$/);
  expect(await Promise.all(created.images.map(downloaded))).toEqual([picture('front'), picture('back')]);

  const id = wx.navigations.at(-1)!.split('id=')[1];
  expect((await shop.as(shop.owner)('products.get', { id })).product.images).toEqual(created.images);

  const mark = wx.calls.length;
  const detail = renderPage('packages/catalog/pages/detail/index');
  detail.instance.onLoad({ id });
  await waitFor(() => detail.data.imageUrls.length === 2);
  expect(calls('products.imageUrls', mark)).toHaveLength(1); // one call for the page's images
  const shown = srcOf(detail.querySelector('.cover__picture'));
  expect(shown).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/storage\/products\//);
  const res = await new Promise<any>((resolve, reject) => (global as any).wx.downloadFile({ url: shown, success: resolve, fail: reject }));
  expect(wx.files[res.tempFilePath]).toEqual(picture('front'));
  expect(detail.querySelector('.cover__count').dom.textContent).toBe('1/2');

  // Editing keeps the saved images (no upload again) and their order; a new one goes last.
  const again = renderPage('packages/catalog/pages/edit/index');
  await again.instance.onLoad({ id });
  await waitFor(() => !again.data.loading);
  expect(again.data.images.map((i: any) => i.fileID)).toEqual(created.images);
  wx.media.push({ name: 'side.jpg', content: picture('side') });
  await tapOn(again, '.add-images');
  await waitFor(() => again.data.images.length === 3);
  const m2 = wx.calls.length;
  await tap(again, '.save');
  await waitFor(() => !again.data.saving);
  const updated = calls('products.update', m2)[0].data;
  expect(updated.images.slice(0, 2)).toEqual(created.images);
  expect(await downloaded(updated.images[2])).toEqual(picture('side'));

  // The product list shows each cover as a thumbnail (URLs come with the page: no extra call);
  // a product without a picture shows the first character of its name.
  await shop.as(shop.owner)('products.create', { name: '没有图的面包' });
  const m3 = wx.calls.length;
  const list = renderPage('pages/products/index');
  list.instance.onLoad();
  await waitFor(() => list.data.items.length === 2);
  expect(calls('products.imageUrls', m3)).toHaveLength(0);
  const names = list.data.items.map((r: any) => r.name);
  const thumbs = list.querySelectorAll('.product__thumb');
  const thumb = srcOf(thumbs[names.indexOf('带图的饼干')]);
  const listed = await new Promise<any>((resolve, reject) => (global as any).wx.downloadFile({ url: thumb, success: resolve, fail: reject }));
  expect(wx.files[listed.tempFilePath]).toEqual(picture('front'));
  expect(thumbs[names.indexOf('没有图的面包')].dom.textContent).toBe('没');
});

test('on localcloud (DevTools without a cloud environment) a picture uploads through its development route, to the same place', async () => {
  const { config } = require(path.join(MINIPROGRAM_ROOT, 'config'));
  const { uploadProductImage } = require(path.join(MINIPROGRAM_ROOT, 'services/files'));
  const saved = { ...config };
  Object.assign(config, { backend: 'localcloud', localcloudUrl: lc.url, devOpenid: shop.owner });
  wx.media.push({ name: 'local.jpg', content: picture('local') });
  const [file] = (await (global as any).wx.chooseMedia({ count: 1, mediaType: ['image'], sizeType: ['compressed'] })).tempFiles;
  let fileID: string;
  try {
    fileID = await uploadProductImage(shop.shopId, file.tempFilePath);
  } finally {
    Object.assign(config, saved);
  }
  expect(fileID).toMatch(new RegExp(`/products/${shop.shopId}/[a-z0-9]+\\.jpg$`));
  const p = await shop.as(shop.owner)('products.create', { name: '本地上传的图', images: [fileID] });
  expect(p.images).toEqual([fileID]);
  expect(await downloaded(fileID)).toEqual(picture('local'));
});

test('pictures a form uploaded but did not keep are deleted: taken off after a failed save, or the form left', async () => {
  await shop.as(shop.owner)('products.create', { name: '占用条码的商品', barcodes: ['6901234567892'] });
  const stored = async (fileID: string) => (await (global as any).wx.cloud.downloadFile({ fileID }).then(() => true, () => false)) as boolean;
  const until = async (pred: () => Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await pred()); i++) await simulate.sleep(10);
    expect(await pred()).toBe(true);
  };

  const edit = renderPage('packages/catalog/pages/edit/index');
  await edit.instance.onLoad({});
  await type(edit, '#field-name', '换了图的饼干');
  await type(edit, '#field-barcode', '6901234567892');
  wx.media.push({ name: 'keep.jpg', content: picture('keep') }, { name: 'drop.jpg', content: picture('drop') });
  await tapOn(edit, '.add-images');
  await waitFor(() => edit.data.images.length === 2);
  await tap(edit, '.save');
  await waitFor(() => !edit.data.saving);
  expect(edit.data.errors.barcode).toContain('已');
  const [keep, drop] = edit.data.images.map((i: any) => i.fileID);
  expect(await stored(drop)).toBe(true); // uploaded, kept for the next attempt

  await tapOn(edit, '.image__remove', 1);
  await type(edit, '#field-barcode', '');
  const mark = wx.calls.length;
  await tap(edit, '.save');
  await waitFor(() => calls('products.discardImages', mark).length === 1);
  expect(calls('products.create', mark)[0].data.images).toEqual([keep]);
  expect(calls('products.discardImages', mark)[0].data.fileIDs).toEqual([drop]);
  await until(async () => !(await stored(drop)));
  expect(await stored(keep)).toBe(true);

  // A new form whose save failed, then left: its upload goes; nothing saved is touched.
  const left = renderPage('packages/catalog/pages/edit/index');
  await left.instance.onLoad({});
  await type(left, '#field-name', '没保存的商品');
  await type(left, '#field-barcode', '6901234567892');
  wx.media.push({ name: 'lost.jpg', content: picture('lost') });
  await tapOn(left, '.add-images');
  await waitFor(() => left.data.images.length === 1);
  await tap(left, '.save');
  await waitFor(() => !left.data.saving && left.data.images[0].fileID !== '');
  const lost = left.data.images[0].fileID;
  left.instance.onUnload();
  await until(async () => !(await stored(lost)));
  expect(await stored(keep)).toBe(true);

  // A form that saved everything it uploaded discards nothing when it is left.
  const before = calls('products.discardImages').length;
  edit.instance.onUnload();
  await simulate.sleep(20);
  expect(calls('products.discardImages')).toHaveLength(before);
});
