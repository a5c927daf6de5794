// The audit log through the real api function: every change that is not a posting writes who,
// when and before → after in the same transaction (a refused change writes nothing), and only the
// owner browses it, by kind, member or target.
import { LocalCloud } from '../../localcloud';
import { apiError, createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';

let lc: LocalCloud;
let shop: TestShop;
let owner: ReturnType<TestShop['as']>;
let manager: ReturnType<TestShop['as']>;
let clerk: ReturnType<TestShop['as']>;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'audit');
  owner = shop.as(shop.owner);
  manager = shop.as(shop.manager);
  clerk = shop.as(shop.clerk);
});
afterAll(() => lc.stop());

const entries = async (filter: Record<string, unknown> = {}) => (await owner('audit.list', { pageSize: 100, ...filter })).items;

test('a price change by the manager: who, when, before → after; a refused change writes nothing', async () => {
  const p = await manager('products.create', { name: '酸奶', salePriceFen: 500, purchasePriceFen: 300 });
  await manager('products.update', { id: p._id, salePriceFen: 550, purchasePriceFen: 320 });
  const [changed, created] = await entries({ targetId: p._id });
  expect(changed).toMatchObject({ kind: 'product', kindLabel: '商品', action: '修改商品', by: { openid: shop.manager, name: '店长小王', role: 'manager' }, target: { id: p._id, name: '酸奶' } });
  expect(changed.changes).toEqual([
    { field: 'salePriceFen', label: '售价', before: 500, after: 550 },
    { field: 'purchasePriceFen', label: '参考进价', before: 300, after: 320 },
  ]);
  expect(created).toMatchObject({ action: '新建商品', changes: expect.arrayContaining([{ field: 'salePriceFen', label: '售价', before: null, after: 500 }]) });
  // Refused: max below min. Neither the product nor the log changes.
  await apiError(manager('products.update', { id: p._id, minStock: 10, maxStock: 5 }));
  expect(await entries({ targetId: p._id })).toHaveLength(2);
  // Saving the same values again is not a change.
  await manager('products.update', { id: p._id, salePriceFen: 550 });
  expect(await entries({ targetId: p._id })).toHaveLength(2);
});

test('settings, members and warehouses are logged; two warehouse saves at once both stay', async () => {
  await owner('shops.updateSettings', { settings: { clerkDiscountLimitPct: 5, allowNegativeStock: false } });
  const [settings] = await entries({ kind: 'settings' });
  expect(settings.changes).toEqual([{ field: 'clerkDiscountLimitPct', label: '店员最大优惠（%）', before: 0, after: 5 }]);

  await owner('members.update', { openid: shop.clerk, role: 'manager' });
  await owner('members.update', { openid: shop.clerk, role: 'clerk', status: 'disabled' });
  const [disabled, promoted] = await entries({ kind: 'member', targetId: shop.clerk });
  expect(promoted.changes).toEqual([{ field: 'role', label: '角色', before: 'clerk', after: 'manager' }]);
  expect(disabled).toMatchObject({ action: '停用店员', changes: [{ field: 'role', before: 'manager', after: 'clerk' }, { field: 'status', before: 'active', after: 'disabled' }] });
  await owner('members.update', { openid: shop.clerk, status: 'active' });

  const [a, b] = await Promise.all([owner('warehouses.save', { name: '后仓' }), manager('warehouses.save', { name: '二店' })]);
  const names = (await owner('shops.mine', {})).shop.warehouses.map((w: any) => w.name);
  expect(names).toEqual(expect.arrayContaining(['后仓', '二店']));
  await owner('warehouses.save', { id: a.id, name: '后仓A', archived: false });
  await owner('warehouses.save', { id: b.id, name: '二店', archived: true });
  const logged = await entries({ kind: 'warehouse' });
  expect(logged.map((e: any) => e.action)).toEqual(['停用仓库', '修改仓库', expect.stringMatching('新建仓库'), '新建仓库']);
  expect(logged[1].changes).toEqual([{ field: 'name', label: '名称', before: '后仓', after: '后仓A' }]);
});

test('document steps and overrides are logged; only the owner browses the log', async () => {
  const supplier = await owner('suppliers.save', { name: '批发部' });
  const p = await owner('products.create', { name: '牛奶', purchasePriceFen: 200, salePriceFen: 300 });
  const order = await manager('purchase.create', { requestId: rid(), supplierId: supplier._id, lines: [{ productId: p._id, qty: 5 }] });
  await manager('purchase.submit', { id: order._id, requestId: rid(), note: '周末要用' });
  const [submitted] = await entries({ targetId: order._id });
  expect(submitted).toMatchObject({ kind: 'document', action: '提交采购单', target: { name: order.no }, note: '周末要用', changes: [{ field: 'status', before: '草稿', after: '已审批' }] });

  const customer = await owner('customers.save', { name: '老李' });
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: p._id, qty: 10, unitCostFen: 200 }] });
  const sales = await owner('sales.create', { requestId: rid(), customerId: customer._id, onCredit: true, lines: [{ productId: p._id, qty: 2 }] });
  await owner('sales.confirm', { id: sales._id, requestId: rid(), override: { reason: '熟客' } });
  const [override] = await entries({ kind: 'override' });
  expect(override).toMatchObject({ action: '特批赊账', target: { id: sales._id, name: sales.no }, note: '熟客', by: { role: 'owner' } });
  expect((await entries({ openid: shop.manager })).every((e: any) => e.by.openid === shop.manager)).toBe(true);

  for (const as of [manager, clerk]) expect((await apiError(as('audit.list', {}))).code).toBe('E_FORBIDDEN');
  const other = await createTestShop(lc, 'auditother');
  expect((await shop.as(other.owner)('audit.list', { pageSize: 100 })).items.every((e: any) => e.shopId === other.shopId)).toBe(true);
});
