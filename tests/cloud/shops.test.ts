// Shops, members, roles and invites.
import { LocalCloud } from '../../localcloud';
import { apiError, callApi, createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';

let lc: LocalCloud;
let shop: TestShop;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'shops');
});
afterAll(() => lc.stop());

test('a new user has no shop; creating one makes them its owner with a default warehouse', async () => {
  const fresh = shop.as('fresh-user');
  expect(await fresh('shops.mine')).toEqual({ member: null, shop: null, disabled: null, digestTemplateId: '' });
  const mine = await fresh('shops.create', { name: '新开小店', ownerName: '老张' });
  expect(mine.member).toEqual({ openid: 'fresh-user', name: '老张', role: 'owner' });
  expect(mine.shop.warehouses).toEqual([{ id: 'main', name: '默认仓库', isDefault: true, archived: false }]);
  expect(mine.shop.settings.allowNegativeStock).toBe(false);
  expect((await apiError(fresh('shops.create', { name: '第二家' }))).code).toBe('E_DUPLICATE');
});

test('members joined through invites, listed with their roles', async () => {
  const members = await shop.as(shop.owner)('members.list');
  expect(members.map((m: any) => [m.openid, m.role, m.status])).toEqual([
    [shop.owner, 'owner', 'active'],
    [shop.manager, 'manager', 'active'],
    [shop.clerk, 'clerk', 'active'],
  ]);
  expect((await apiError(shop.as(shop.clerk)('members.list'))).code).toBe('E_FORBIDDEN');
});

test('an invite works once, not after it expired, and not for someone already in a shop', async () => {
  const owner = shop.as(shop.owner);
  const invite = await owner('invites.create', { role: 'clerk', expiresInHours: 1 });
  expect(invite.code).toMatch(/^[A-Z0-9]{8}$/);
  expect((await apiError(shop.as(shop.manager)('invites.accept', { code: invite.code, name: 'x' }))).message).toBe('你已经是该店铺成员');
  await shop.as('newbie')('invites.accept', { code: invite.code.toLowerCase(), name: '小新' });
  expect((await apiError(shop.as('another')('invites.accept', { code: invite.code, name: 'y' }))).message).toBe('邀请码已被使用');
  expect((await apiError(shop.as('another')('invites.accept', { code: 'ZZZZZZZZ', name: 'y' }))).code).toBe('E_NOT_FOUND');
  const { db } = { db: (require('wx-server-sdk') as any).database() };
  const old = await owner('invites.create', { role: 'clerk' });
  await db.collection('invites').doc(old.code).update({ data: { expiresAt: new Date(Date.now() - 1000) } });
  expect((await apiError(shop.as('late')('invites.accept', { code: old.code, name: 'z' }))).message).toBe('邀请码已过期');
});

test('a disabled member is told so, everywhere, and what to do; the owner cannot be demoted', async () => {
  const owner = shop.as(shop.owner);
  const invite = await owner('invites.create', { role: 'clerk' });
  const temp = shop.as('temp-clerk');
  await temp('invites.accept', { code: invite.code, name: '临时工' });
  expect((await temp('products.list')).items).toEqual([]);
  await owner('members.update', { openid: 'temp-clerk', status: 'disabled' });
  const disabled = { code: 'E_MEMBER_DISABLED', message: '你在该店铺的账号已被停用，请联系店主恢复' };
  expect((await callApi(lc, 'temp-clerk', 'products.list')).error).toEqual(disabled);
  // Not "you have no shop" then "you already joined one": the same clear answer when opening or joining.
  expect(await apiError(temp('shops.create', { name: '自己开一家' }))).toEqual(disabled);
  const another = await owner('invites.create', { role: 'clerk' });
  expect(await apiError(temp('invites.accept', { code: another.code, name: '临时工' }))).toEqual(disabled);
  // The home page learns which shop disabled the account, and nothing of the shop's data.
  const mine = await temp('shops.mine');
  expect(mine).toMatchObject({ member: null, shop: null, disabled: { shopName: 'shops 小店' } });
  await owner('members.update', { openid: 'temp-clerk', status: 'active' });
  expect((await temp('shops.mine')).disabled).toBeNull();
  expect((await temp('products.list')).items).toEqual([]);
  expect((await apiError(owner('members.update', { openid: shop.owner, role: 'clerk' }))).code).toBe('E_INVALID_STATE');
  const other = await createTestShop(lc, 'shops-other');
  expect((await apiError(owner('members.update', { openid: other.clerk, status: 'disabled' }))).code).toBe('E_NOT_FOUND');
});

test('demo data only where the deployment enables it; setup only from the console or command line', async () => {
  const before = process.env.STOCKMATE_DEMO;
  try {
    delete process.env.STOCKMATE_DEMO;
    const refused = await apiError(shop.as('demo-seeker')('dev.seedDemo'));
    expect(refused.code).toBe('E_FORBIDDEN');
    expect(refused.message).toMatch(/未开启示范店铺/);
    expect((await shop.as('demo-seeker')('shops.mine')).shop).toBeNull();
    process.env.STOCKMATE_DEMO = '1';
    expect(await shop.as('demo-seeker')('dev.seedDemo')).toEqual({ created: true, shopName: '示范小店' });
  } finally {
    if (before === undefined) delete process.env.STOCKMATE_DEMO;
    else process.env.STOCKMATE_DEMO = before;
  }
  // Any WeChat user, even an owner, is refused; the console (no OPENID) is not.
  const setup = await callApi(lc, shop.owner, 'system.setup');
  expect(setup.error).toEqual({ code: 'E_FORBIDDEN', message: '该操作只能在云开发控制台或命令行执行' });
  const console = await lc.invoke('api', { action: 'system.setup' });
  expect(console.result).toEqual({ ok: true, data: { created: [], backfilledProducts: 0 } });
});

test('warehouses: add, rename, archive; the default one stays', async () => {
  const manager = shop.as(shop.manager);
  const wh = await manager('warehouses.save', { name: '二号仓' });
  expect(wh).toMatchObject({ name: '二号仓', isDefault: false, archived: false });
  expect((await apiError(manager('warehouses.save', { name: '二号仓' }))).code).toBe('E_DUPLICATE');
  await manager('warehouses.save', { id: wh.id, name: '二号仓（停用）', archived: true });
  expect((await apiError(manager('warehouses.save', { id: 'main', name: '默认仓库', archived: true }))).code).toBe('E_INVALID_STATE');
  const mine = await manager('shops.mine');
  expect(mine.shop.warehouses.map((w: any) => [w.name, w.archived])).toEqual([['默认仓库', false], ['二号仓（停用）', true]]);
});

test('a warehouse holding stock cannot be archived; the answer names what is left', async () => {
  const owner = shop.as(shop.owner);
  const wh = await owner('warehouses.save', { name: '冷库' });
  const product = await owner('products.create', { name: '冰棍', baseUnit: '支' });
  await owner('stock.receive', { requestId: rid(), warehouseId: wh.id, lines: [{ productId: product._id, qty: 7, unitCostFen: 100 }] });
  const err = await apiError(owner('warehouses.save', { id: wh.id, name: '冷库', archived: true }));
  expect(err).toEqual({ code: 'E_INVALID_STATE', message: '仓库「冷库」还有库存：冰棍 7 支。请先盘点清零或调出后再停用' });
  expect((await owner('shops.mine')).shop.warehouses.find((w: any) => w.id === wh.id).archived).toBe(false);
  await owner('stock.adjust', { requestId: rid(), warehouseId: wh.id, reason: 'loss', lines: [{ productId: product._id, qty: -7 }] });
  // A zero total over open batches (one batch over-sold under negative stock) still holds stock.
  const balance = (require('wx-server-sdk') as any).database().collection('stock').doc(`${shop.shopId}_${wh.id}_${product._id}`);
  await balance.update({ data: { batches: [{ batchNo: 'A', expiryDate: null, qty: 2 }, { batchNo: 'B', expiryDate: null, qty: -2 }] } });
  expect((await apiError(owner('warehouses.save', { id: wh.id, name: '冷库', archived: true }))).message).toBe('仓库「冷库」还有库存：冰棍 0 支（批号 A 2 支、B -2 支）。请先盘点清零或调出后再停用');
  // Once the stock is gone, archiving works.
  await balance.update({ data: { batches: [] } });
  expect((await owner('warehouses.save', { id: wh.id, name: '冷库', archived: true })).archived).toBe(true);
});

test('only the owner changes shop settings', async () => {
  expect((await apiError(shop.as(shop.manager)('shops.updateSettings', { settings: { allowNegativeStock: true } }))).code).toBe('E_FORBIDDEN');
  const r = await shop.as(shop.owner)('shops.updateSettings', { name: '改名小店', settings: { expiryWindowDays: 15 } });
  expect(r.shop.name).toBe('改名小店');
  expect(r.shop.settings).toMatchObject({ expiryWindowDays: 15, allowNegativeStock: false });
});
