// The api function's contract: one router, typed errors with Chinese messages, identity from the
// WeChat context only, roles declared per action.
import { LocalCloud } from '../../localcloud';
import { callApi, createTestShop, startApiCloud, startTestCloud, TestShop } from '../helpers/cloud';

let lc: LocalCloud;
let shop: TestShop;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'contract');
});
afterAll(() => lc.stop());

test('an unknown action is a typed error', async () => {
  expect(await callApi(lc, shop.owner, 'products.explode')).toEqual({ ok: false, error: { code: 'E_UNKNOWN_ACTION', message: '不支持的操作：products.explode' } });
});

test('invalid input is refused at the edge with a Chinese message and the failing fields', async () => {
  const r = await callApi(lc, shop.owner, 'products.create', { name: '', salePriceFen: 1.5 });
  expect(r.ok).toBe(false);
  expect(r.error.code).toBe('E_VALIDATION');
  expect(r.error.message).toMatch(/^输入有误/);
  expect(r.error.details.map((d: any) => d.path)).toEqual(expect.arrayContaining(['name', 'salePriceFen']));
  // Nothing was created.
  expect((await shop.as(shop.owner)('products.list')).items).toHaveLength(0);
});

test('no WeChat identity, no shop, wrong role: each its own code', async () => {
  expect((await callApi(lc, '', 'products.list')).error.code).toBe('E_UNAUTHENTICATED');
  expect((await callApi(lc, 'stranger', 'products.list')).error).toEqual({ code: 'E_NO_SHOP', message: '你还没有加入任何店铺' });
  expect((await callApi(lc, shop.clerk, 'products.create', { name: '可乐' })).error.code).toBe('E_FORBIDDEN');
  expect((await callApi(lc, shop.manager, 'invites.create', { role: 'clerk' })).error.code).toBe('E_FORBIDDEN');
});

test('the caller\'s shop comes from OPENID, never from the request body', async () => {
  const other = await createTestShop(lc, 'contract-other');
  await other.as(other.owner)('products.create', { name: '别家的商品' });
  const mine = await shop.as(shop.owner)('products.list', { shopId: other.shopId } as any);
  expect(mine.items.map((p: any) => p.name)).not.toContain('别家的商品');
});

test('an unexpected failure answers E_INTERNAL without leaking a stack', async () => {
  const bare = await startTestCloud(); // collections never created: every query fails inside
  try {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const r = await callApi(bare.lc, 'someone', 'shops.mine');
    spy.mockRestore();
    expect(r).toEqual({ ok: false, error: { code: 'E_INTERNAL', message: '系统繁忙，请稍后再试' } });
    expect(JSON.stringify(r)).not.toMatch(/at .*\.js|Error:/);
  } finally {
    await bare.lc.stop();
  }
});
