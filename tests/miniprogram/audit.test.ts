// 操作记录 through the page (miniprogram-simulate) and the real api function: the owner reaches it
// from 我的 and reads who changed a price (before → after in yuan), a role and a document's status,
// filters by kind and pages on; a clerk has no entry on 我的; a network failure offers 重试.
import { LocalCloud } from '../../localcloud';
import { createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';
import { installWx, renderPage, simulate, tap, waitFor, WxBridge, whileOffline } from '../helpers/miniprogram';

let lc: LocalCloud;
let wx: WxBridge;
let shop: TestShop;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'pages-audit');
  wx = installWx(lc, shop.owner);
  const manager = shop.as(shop.manager);
  const owner = shop.as(shop.owner);
  const p = await manager('products.create', { name: '酸奶', salePriceFen: 500 });
  await manager('products.update', { id: p._id, salePriceFen: 550 });
  await owner('members.update', { openid: shop.clerk, role: 'manager' });
  const supplier = await owner('suppliers.save', { name: '批发部' });
  const order = await manager('purchase.create', { requestId: rid(), supplierId: supplier._id, lines: [{ productId: p._id, qty: 1, unitPriceFen: 300 }] });
  await manager('purchase.submit', { id: order._id, requestId: rid() });
  for (let i = 0; i < 22; i++) await manager('products.update', { id: p._id, minStock: i + 1 });
});
afterAll(() => lc.stop());

const texts = (comp: any, selector: string): string[] => comp.querySelectorAll(selector).map((el: any) => String(el.dom.textContent).replace(/\s+/g, ' ').trim());

test('the owner reads who changed what, filters by kind and pages on', async () => {
  const me = renderPage('pages/me/index');
  me.instance.onLoad();
  await waitFor(() => !me.data.loading && Boolean(me.querySelector('.audit-link')));
  me.querySelector('.audit-link').querySelector('.van-cell').dispatchEvent('tap');
  await simulate.sleep(10);
  expect(wx.navigations.at(-1)).toBe('/packages/shop/pages/audit/index');

  const page = renderPage('packages/shop/pages/audit/index');
  page.instance.onLoad();
  await waitFor(() => !page.data.loading && page.data.items.length > 0);
  expect(page.data.items).toHaveLength(20);
  await tap(page, '.load-more');
  await waitFor(() => !page.data.loading && !page.data.hasMore);
  const all = texts(page, '.entry');
  expect(all.some((t) => t.includes('修改商品 · 酸奶') && t.includes('售价 ¥5.00 → ¥5.50') && t.includes('店长小王（店长）'))).toBe(true);
  expect(all.some((t) => t.includes('修改店员') && t.includes('角色 店员 → 店长'))).toBe(true);
  expect(all.some((t) => t.includes('提交采购单') && t.includes('状态 草稿 → 已审批'))).toBe(true);

  await tap(page, '.tab-document');
  await waitFor(() => !page.data.loading && page.data.kind === 'document');
  expect(texts(page, '.entry__title')).toEqual([expect.stringMatching(/^提交采购单 · CG\d{8}-\d{3}$/)]);
  await tap(page, '.tab-override');
  await waitFor(() => !page.data.loading && page.data.kind === 'override');
  expect(texts(page, '.empty')).toEqual([expect.stringContaining('还没有操作记录')]);
});

test('a failed load offers 重试; a clerk sees no 操作记录 on 我的', async () => {
  const page = renderPage('packages/shop/pages/audit/index');
  await whileOffline(async () => {
    page.instance.onLoad();
    await waitFor(() => page.data.error !== '');
  });
  await tap(page, '.retry');
  await waitFor(() => !page.data.loading && page.data.items.length > 0);

  wx.openid = shop.clerk;
  const me = renderPage('pages/me/index');
  me.instance.onLoad();
  await waitFor(() => !me.data.loading && Boolean(me.data.mine));
  expect(me.querySelector('.audit-link')).toBeFalsy();
});
