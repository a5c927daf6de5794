// Products with barcodes: validation, uniqueness per shop, the scan lookup, search and paging.
import { LocalCloud } from '../../localcloud';
import { apiError, createTestShop, startApiCloud, TestShop } from '../helpers/cloud';

let lc: LocalCloud;
let shop: TestShop;
let owner: TestShop['as'] extends (o: string) => infer F ? F : never;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'products');
  owner = shop.as(shop.owner);
});
afterAll(() => lc.stop());

test('create with barcodes, units and prices; find it by scanning', async () => {
  const p = await owner('products.create', {
    name: '可口可乐 330ml',
    barcodes: ['6901234500011'],
    baseUnit: '罐',
    purchaseUnit: { name: '箱', factor: 24 },
    salePriceFen: 300,
    purchasePriceFen: 180,
    minStock: 24,
  });
  expect(p).toMatchObject({ name: '可口可乐 330ml', barcodes: ['6901234500011'], onHand: 0, purchasePriceFen: 180, archived: false });
  const found = await owner('products.byBarcode', { code: '6901234500011' });
  expect(found.product._id).toBe(p._id);
  expect(await owner('products.byBarcode', { code: '6900000000007' })).toEqual({ product: null, code: '6900000000007', unit: null, warehouseOnHand: null });
});

test('GS1 check digits are validated; internal codes are allowed', async () => {
  const bad = await apiError(owner('products.create', { name: '错码', barcodes: ['6901234500016'] }));
  expect(bad.code).toBe('E_VALIDATION');
  expect(bad.message).toContain('条码校验位错误');
  expect((await apiError(owner('products.create', { name: '错码', barcodes: ['12345678'] }))).message).toContain('EAN-8');
  const internal = await owner('products.create', { name: '散装瓜子', barcodes: ['GZ-001'], baseUnit: '斤' });
  expect(internal.barcodes).toEqual(['GZ-001']);
});

test('a barcode is unique within a shop, free in another shop, and freed when removed', async () => {
  const a = await owner('products.create', { name: '农夫山泉', barcodes: ['6921168509256'] });
  const dup = await apiError(owner('products.create', { name: '假山泉', barcodes: ['6921168509256'] }));
  expect(dup).toMatchObject({ code: 'E_DUPLICATE', message: '条码 6921168509256 已被商品「农夫山泉」使用' });
  const other = await createTestShop(lc, 'products-other');
  await expect(other.as(other.owner)('products.create', { name: '农夫山泉', barcodes: ['6921168509256'] })).resolves.toBeTruthy();
  await owner('products.update', { id: a._id, barcodes: ['6921168509263'] });
  const b = await owner('products.create', { name: '新品', barcodes: ['6921168509256'] });
  expect((await owner('products.byBarcode', { code: '6921168509256' })).product._id).toBe(b._id);
  expect((await owner('products.byBarcode', { code: '6921168509263' })).product._id).toBe(a._id);
});

test('concurrent creates of the same barcode: exactly one wins', async () => {
  const results = await Promise.allSettled(Array.from({ length: 6 }, (_x, i) => owner('products.create', { name: `抢码${i}`, barcodes: ['6937623400013'] })));
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
});

test('update changes only what is sent; min/max and units are checked', async () => {
  const p = await owner('products.create', { name: '薯片', salePriceFen: 750, minStock: 5, maxStock: 50, category: '零食' });
  const u = await owner('products.update', { id: p._id, salePriceFen: 800 });
  expect(u).toMatchObject({ salePriceFen: 800, minStock: 5, maxStock: 50, category: '零食' });
  expect((await apiError(owner('products.update', { id: p._id, maxStock: 3 }))).message).toBe('最高库存不能低于最低库存');
  expect((await apiError(owner('products.update', { id: p._id, purchaseUnit: { name: '件', factor: 10 } }))).code).toBe('E_VALIDATION');
});

test('keyword search escapes user input; paging says whether there is more', async () => {
  for (let i = 0; i < 5; i++) await owner('products.create', { name: `测试品 ${i}`, sku: `T-${i}` });
  expect((await owner('products.list', { keyword: '测试品' })).items).toHaveLength(5);
  expect((await owner('products.list', { keyword: 't-3' })).items.map((p: any) => p.name)).toEqual(['测试品 3']);
  expect((await owner('products.list', { keyword: '.*' })).items).toHaveLength(0);
  expect((await owner('products.list', { keyword: '(' })).items).toHaveLength(0);
  const page1 = await owner('products.list', { keyword: '测试品', pageSize: 2 });
  const page3 = await owner('products.list', { keyword: '测试品', pageSize: 2, page: 3 });
  expect([page1.items.length, page1.hasMore, page3.items.length, page3.hasMore]).toEqual([2, true, 1, false]);
});

test('clerks see products but never their purchase price; other shops\' products stay hidden', async () => {
  const p = await owner('products.create', { name: '面膜', purchasePriceFen: 700, salePriceFen: 1500 });
  const clerkView = await shop.as(shop.clerk)('products.get', { id: p._id });
  expect(clerkView.product.salePriceFen).toBe(1500);
  expect(clerkView.product).not.toHaveProperty('purchasePriceFen');
  const other = await createTestShop(lc, 'products-spy');
  expect((await apiError(other.as(other.owner)('products.get', { id: p._id }))).code).toBe('E_NOT_FOUND');
  expect((await apiError(other.as(other.owner)('products.update', { id: p._id, name: '偷改' }))).code).toBe('E_NOT_FOUND');
  expect((await owner('products.get', { id: p._id })).product.name).toBe('面膜');
});

test('archived products leave the list unless asked for', async () => {
  const p = await owner('products.create', { name: '停产商品' });
  await owner('products.update', { id: p._id, archived: true });
  expect((await owner('products.list', { keyword: '停产' })).items).toHaveLength(0);
  expect((await owner('products.list', { keyword: '停产', includeArchived: true })).items).toHaveLength(1);
});

test('a case barcode stands for one pack: the scan lookup, a sale and a count take a whole case', async () => {
  const p = await owner('products.create', { name: '矿泉水 550ml', barcodes: ['6901234501018'], baseUnit: '瓶', purchaseUnit: { name: '箱', factor: 24, barcode: '6901234501025' }, salePriceFen: 200 });
  expect(p.purchaseUnit).toEqual({ name: '箱', factor: 24, barcode: '6901234501025' });
  const found = await owner('products.byBarcode', { code: '6901234501025' });
  expect(found).toMatchObject({ product: { _id: p._id }, unit: { name: '箱', factor: 24 } });
  expect((await owner('products.byBarcode', { code: '6901234501018' })).unit).toBeNull();
  await owner('stock.opening', { requestId: `case-${Date.now()}`, lines: [{ productId: p._id, qty: 3, unit: '箱', unitCostFen: 2400 }] });
  const sale = await owner('stock.sell', { requestId: `casesale-${Date.now()}`, lines: [{ barcode: '6901234501025', qty: 1 }] });
  expect(sale.lines[0]).toMatchObject({ qty: -24, qtyAfter: 48 });
  // The case code is the shop's: another product cannot take it, nor can the product's own barcode be its case code.
  expect((await apiError(owner('products.create', { name: '别的水', barcodes: ['6901234501025'] }))).code).toBe('E_DUPLICATE');
  expect((await apiError(owner('products.update', { id: p._id, purchaseUnit: { name: '箱', factor: 24, barcode: '6901234501018' } }))).code).toBe('E_VALIDATION');
  // A new case code frees the old one.
  await owner('products.update', { id: p._id, purchaseUnit: { name: '箱', factor: 24, barcode: '6901234501032' } });
  expect((await owner('products.byBarcode', { code: '6901234501025' })).product).toBeNull();
  expect((await owner('products.byBarcode', { code: '6901234501032' })).unit).toEqual({ name: '箱', factor: 24 });
  const count = await owner('count.create', { requestId: `casecount-${Date.now()}`, scope: { kind: 'products', productIds: [p._id] } });
  const scanned = await owner('count.scan', { countId: count._id, requestId: `casescan-${Date.now()}`, barcode: '6901234501032' });
  expect(scanned.line.countedQty).toBe(24);
});
