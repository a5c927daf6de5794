// Product images: fileIDs of the shop's own products/ folder only, kept in order; temporary URLs
// of a page's images in one storage call.
import { LocalCloud } from '../../localcloud';
import { apiError, createTestShop, startApiCloud, TestShop } from '../helpers/cloud';

let lc: LocalCloud;
let cloud: any;
let shop: TestShop;
let other: TestShop;
let owner: ReturnType<TestShop['as']>;

beforeAll(async () => {
  ({ lc, cloud } = await startApiCloud());
  shop = await createTestShop(lc, 'images');
  other = await createTestShop(lc, 'images-other');
  owner = shop.as(shop.owner);
});
afterAll(() => lc.stop());

const upload = async (cloudPath: string, bytes: Buffer) => (await cloud.uploadFile({ cloudPath, fileContent: bytes })).fileID as string;

test('images of the shop are saved in order and answer temporary URLs that serve their bytes', async () => {
  const a = await upload(`products/${shop.shopId}/a.jpg`, Buffer.from('first image'));
  const b = await upload(`products/${shop.shopId}/b.jpg`, Buffer.from('second image'));
  const p = await owner('products.create', { name: '有图的商品', images: [b, a] });
  expect(p.images).toEqual([b, a]);
  expect((await owner('products.get', { id: p._id })).product.images).toEqual([b, a]);

  lc.resetStats();
  const clerk = shop.as(shop.clerk);
  const { urls } = await clerk('products.imageUrls', { fileIDs: [b, a] });
  // one storage call for both files; the one database read is the caller's membership
  expect(lc.requestStats()).toEqual({ total: 2, byAction: { 'database.getDocument': 1, 'storage.batchGetDownloadUrl': 1 } });
  expect(urls.map((u: { fileID: string }) => u.fileID)).toEqual([b, a]);
  const bodies = await Promise.all(urls.map(async (u: { tempFileURL: string }) => Buffer.from(await (await fetch(u.tempFileURL)).arrayBuffer()).toString()));
  expect(bodies).toEqual(['second image', 'first image']);

  const updated = await owner('products.update', { id: p._id, images: [a] });
  expect(updated.images).toEqual([a]);
  // The image taken off the product is gone from storage; the kept one still serves.
  const after = (await clerk('products.imageUrls', { fileIDs: [b, a] })).urls;
  expect(after.map((u: { tempFileURL: string }) => !!u.tempFileURL)).toEqual([false, true]);
  expect((await cloud.downloadFile({ fileID: a })).fileContent.toString()).toBe('first image');
  await expect(cloud.downloadFile({ fileID: b })).rejects.toBeTruthy();
});

test("another shop's, another folder's or a malformed fileID is refused with E_VALIDATION and changes nothing", async () => {
  const mine = await upload(`products/${shop.shopId}/keep.jpg`, Buffer.from('kept'));
  const p = await owner('products.create', { name: '图片不变', images: [mine] });
  const foreign = await upload(`products/${other.shopId}/x.jpg`, Buffer.from('foreign'));
  const importFile = await upload(`imports/${shop.shopId}/x.jpg`, Buffer.from('not a product image'));
  const env = mine.slice(0, mine.indexOf('/products/'));
  const bad = [foreign, importFile, 'https://example.com/a.jpg', `${env}/products/${shop.shopId}/../x.jpg`, `${env}/products/${shop.shopId}/a b.jpg`, mine.replace('cloud://', '')];
  const before = await owner('products.get', { id: p._id });
  const count = (await owner('products.list', {})).items.length;
  for (const f of bad) {
    const create = await apiError(owner('products.create', { name: '外来图片', images: [f] }));
    expect(create.code).toBe('E_VALIDATION');
    expect(create.message).toMatch(/图片/);
    const update = await apiError(owner('products.update', { id: p._id, images: [mine, f] }));
    expect(update.code).toBe('E_VALIDATION');
    expect(update.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'images.1' })]));
    expect((await apiError(owner('products.imageUrls', { fileIDs: [f] }))).code).toBe('E_VALIDATION');
  }
  expect((await apiError(owner('products.update', { id: p._id, images: [mine, mine] }))).code).toBe('E_VALIDATION');
  expect((await apiError(owner('products.update', { id: p._id, images: Array(10).fill(mine) }))).message).toContain('最多 9 张');
  expect(await owner('products.get', { id: p._id })).toEqual(before);
  expect((await owner('products.list', {})).items.length).toBe(count);
});

test('discardImages deletes only the uploaded pictures no product names, for owner and manager, in one read', async () => {
  const named = await upload(`products/${shop.shopId}/named.jpg`, Buffer.from('on a product'));
  const onArchived = await upload(`products/${shop.shopId}/archived.jpg`, Buffer.from('on an archived product'));
  const unkept = await upload(`products/${shop.shopId}/unkept.jpg`, Buffer.from('left by a form'));
  await owner('products.create', { name: '留着的图', images: [named] });
  const gone = await owner('products.create', { name: '停用的商品', images: [onArchived] });
  await owner('products.update', { id: gone._id, archived: true });

  // A clerk may not delete pictures; another shop's or another folder's fileID is refused whole.
  expect((await apiError(shop.as(shop.clerk)('products.discardImages', { fileIDs: [unkept] }))).code).toBe('E_FORBIDDEN');
  const foreign = await upload(`products/${other.shopId}/y.jpg`, Buffer.from('foreign'));
  expect((await apiError(owner('products.discardImages', { fileIDs: [unkept, foreign] }))).code).toBe('E_VALIDATION');
  expect((await cloud.downloadFile({ fileID: unkept })).fileContent.toString()).toBe('left by a form');
  expect((await cloud.downloadFile({ fileID: foreign })).fileContent.toString()).toBe('foreign');

  lc.resetStats();
  const r = await shop.as(shop.manager)('products.discardImages', { fileIDs: [named, onArchived, unkept] });
  expect(r).toEqual({ deleted: 1 });
  // the caller's membership, the products naming them, one storage call
  expect(lc.requestStats()).toEqual({ total: 3, byAction: { 'database.getDocument': 2, 'storage.batchDeleteFile': 1 } });
  await expect(cloud.downloadFile({ fileID: unkept })).rejects.toBeTruthy();
  expect((await cloud.downloadFile({ fileID: named })).fileContent.toString()).toBe('on a product');
  expect((await cloud.downloadFile({ fileID: onArchived })).fileContent.toString()).toBe('on an archived product');
});
