// Shops, members, roles and invites.
import { LocalCloud } from '../../localcloud';
import { apiError, callApi, createTestShop, startApiCloud, TestShop } from '../helpers/cloud';

let lc: LocalCloud;
let shop: TestShop;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'shops');
});
afterAll(() => lc.stop());

test('a new user has no shop; creating one makes them its owner with a default warehouse', async () => {
  const fresh = shop.as('fresh-user');
  expect(await fresh('shops.mine')).toMatchObject({ member: null, shop: null });
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

test('a disabled member can do nothing; the owner cannot be demoted', async () => {
  const owner = shop.as(shop.owner);
  const invite = await owner('invites.create', { role: 'clerk' });
  await shop.as('temp-clerk')('invites.accept', { code: invite.code, name: '临时工' });
  expect((await shop.as('temp-clerk')('products.list')).items).toEqual([]);
  await owner('members.update', { openid: 'temp-clerk', status: 'disabled' });
  expect((await callApi(lc, 'temp-clerk', 'products.list')).error.code).toBe('E_NO_SHOP');
  expect((await apiError(owner('members.update', { openid: shop.owner, role: 'clerk' }))).code).toBe('E_INVALID_STATE');
  const other = await createTestShop(lc, 'shops-other');
  expect((await apiError(owner('members.update', { openid: other.clerk, status: 'disabled' }))).code).toBe('E_NOT_FOUND');
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

test('only the owner changes shop settings', async () => {
  expect((await apiError(shop.as(shop.manager)('shops.updateSettings', { settings: { allowNegativeStock: true } }))).code).toBe('E_FORBIDDEN');
  const r = await shop.as(shop.owner)('shops.updateSettings', { name: '改名小店', settings: { expiryWindowDays: 15 } });
  expect(r.shop.name).toBe('改名小店');
  expect(r.shop.settings).toMatchObject({ expiryWindowDays: 15, allowNegativeStock: false });
});
