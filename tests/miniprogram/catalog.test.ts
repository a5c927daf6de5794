// The catalogue as a merchant moves through it (miniprogram-simulate + the real api on localcloud):
// the home page's low-stock count opens the same products, the list keeps its pages when coming
// back and refreshes only what changed, rows show price and a 库存低 tag, the product page shows
// stock in purchase units, the edit page names its mode and archives with a confirmation, clerks
// see no 新建/编辑, and the owner shares an invite that opens 首页 with the code filled in.
import { LocalCloud } from '../../localcloud';
import { createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';
import { installWx, renderPage, simulate, tap, text, type, waitFor, WxBridge } from '../helpers/miniprogram';

let lc: LocalCloud;
let wx: WxBridge;
let shop: TestShop;
const products: any[] = [];
let cola: any;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'cat');
  const owner = shop.as(shop.owner);
  for (let i = 1; i <= 44; i++) {
    // Every tenth product has a minimum stock and nothing on hand: low.
    products.push(await owner('products.create', { name: `商品 ${String(i).padStart(2, '0')}`, baseUnit: '件', salePriceFen: 100 * i, minStock: i % 10 === 0 ? 5 : 0 }));
  }
  cola = await owner('products.create', { name: '可乐 330ml', baseUnit: '罐', purchaseUnit: { name: '箱', factor: 24 }, salePriceFen: 350, minStock: 6 });
  await owner('stock.receive', { requestId: rid(), lines: [{ productId: cola._id, qty: 134, unitCostFen: 200 }] });
  wx = installWx(lc, shop.owner);
});
afterAll(() => lc.stop());

const calls = (action: string, from: number) => wx.calls.slice(from).filter((c) => c.data.action === action);
const lastNav = () => wx.navigations[wx.navigations.length - 1];

async function openList() {
  const list = renderPage('pages/products/index');
  list.instance.onLoad();
  await waitFor(() => !list.data.loading && list.data.page === 1 && list.data.role !== '');
  return list;
}

test('home: the low-stock count is the products the filtered list shows', async () => {
  const home = renderPage('pages/home/index');
  home.instance.onLoad({});
  await waitFor(() => home.data.state === 'ready');
  expect(text(home, '.low-count')).toContain('4 个');
  home.querySelector('.low-count').querySelector('.van-cell').dispatchEvent('tap');
  await simulate.sleep(10);
  expect(lastNav()).toBe('/pages/products/index');

  const list = await openList(); // the tab opens with the filter the home page asked for
  expect(list.data.lowOnly).toBe(true);
  expect(list.data.items.map((r: any) => r.name)).toEqual(['商品 40', '商品 30', '商品 20', '商品 10']);
  expect(text(list, '.product')).toContain('库存低');
  expect(text(list, '.low-filter')).toBe('只看库存低');
  // The alerts tab shows the same live count, next to last night's alerts, and opens the same list.
  const alerts = renderPage('pages/alerts/index');
  alerts.instance.onLoad();
  await waitFor(() => alerts.data.state === 'ready');
  expect(text(alerts, '.low-now')).toBe('现在有 4 个商品不高于最低库存查看 ›');
  // Off again: every product.
  list.querySelector('.low-filter').dispatchEvent('tap');
  await waitFor(() => !list.data.loading && !list.data.lowOnly && list.data.items.length === 20);
});

test('products: pages kept on return, only the changed row refreshed; price and 库存低 shown', async () => {
  const list = await openList();
  expect(list.data.lowOnly).toBe(false);
  expect(list.querySelector('.create')).toBeTruthy(); // the owner may create
  list.instance.onReachBottom();
  await waitFor(() => !list.data.loading && list.data.page === 2);
  list.instance.onReachBottom();
  await waitFor(() => !list.data.loading && list.data.page === 3);
  expect(list.data.items).toHaveLength(45);
  expect(text(list, '.page-state')).toBe('没有更多了');
  const row = (id: string) => text(list, `.product-${id}`);
  const p10 = products[9];
  expect(row(p10._id)).toContain('¥10.00');
  expect(row(p10._id)).toContain('库存低');
  expect(row(cola._id)).toContain('库存 134罐');

  // Edit a product: the edit page says so, saves, goes back.
  const edit = renderPage('packages/catalog/pages/edit/index');
  await edit.instance.onLoad({ id: p10._id });
  expect(wx.titles.at(-1)).toBe('编辑商品');
  await type(edit, '#field-salePrice', '12.5');
  const backs = wx.backs;
  await tap(edit, '.save');
  await waitFor(() => wx.backs === backs + 1);
  // Stock arrives for it elsewhere (入库): no longer low.
  const receive = renderPage('packages/purchase/pages/receive/index');
  receive.instance.onLoad({ productId: p10._id });
  await waitFor(() => receive.data.lines.length === 1);
  const stepper = receive.querySelector('.lines').querySelector('.line__qty').querySelector('.van-stepper__input');
  stepper.dispatchEvent('input', { detail: { value: '9' } });
  wx.toasts.length = 0;
  await tap(receive, '.submit');
  await waitFor(() => wx.toasts.length > 0);

  const before = wx.calls.length;
  list.instance.onShow();
  await waitFor(() => row(p10._id).includes('¥12.50'));
  expect(calls('products.list', before)).toHaveLength(0); // no reload from page 1
  expect(calls('products.get', before)).toHaveLength(1);
  expect(list.data.items).toHaveLength(45);
  expect(list.data.page).toBe(3);
  expect(row(p10._id)).toContain('库存 9件');
  expect(row(p10._id)).not.toContain('库存低');
  // Nothing changed since: showing the list again costs no call.
  const again = wx.calls.length;
  list.instance.onShow();
  await new Promise((r) => setTimeout(r, 30));
  expect(wx.calls.length).toBe(again);
});

test('edit: 新建商品 title; 停用 asks first and the row leaves the list', async () => {
  const list = await openList();
  const create = renderPage('packages/catalog/pages/edit/index');
  await create.instance.onLoad({});
  expect(wx.titles.at(-1)).toBe('新建商品');
  expect(create.querySelector('.archive')).toBeUndefined(); // nothing to archive yet

  const target = products[0];
  const edit = renderPage('packages/catalog/pages/edit/index');
  await edit.instance.onLoad({ id: target._id });
  await waitFor(() => edit.data.form.name === target.name);
  wx.modals.length = 0;
  wx.modalConfirm = false;
  await tap(edit, '.archive');
  expect(wx.modals[0].content).toContain(target.name);
  expect((await shop.as(shop.owner)('products.get', { id: target._id })).product.archived).toBe(false);
  wx.modalConfirm = true;
  const navs = wx.navigations.length;
  await tap(edit, '.archive');
  await waitFor(() => wx.navigations.length === navs + 1);
  expect(lastNav()).toBe('/pages/products/index');
  expect((await shop.as(shop.owner)('products.get', { id: target._id })).product.archived).toBe(true);
  list.instance.onShow();
  await waitFor(() => !list.data.items.some((r: any) => r._id === target._id));
  expect(text(list, '.list')).not.toContain(target.name);
});

test('product page: stock in purchase units; 入库 and 编辑 at the bottom for the owner', async () => {
  const detail = renderPage('packages/catalog/pages/detail/index');
  detail.instance.onLoad({ id: cola._id });
  await waitFor(() => !detail.data.loading && detail.data.role !== '');
  expect(text(detail, '.on-hand')).toBe('总库存134罐（5箱14罐）');
  expect(text(detail, '.last-counted')).toBe('上次盘点从未盘点');
  expect(text(detail, '.actions')).toBe('入库编辑');
  await tap(detail, '.receive');
  expect(lastNav()).toBe(`/packages/purchase/pages/receive/index?productId=${cola._id}`);
});

test('a clerk sees no 新建 and no 编辑', async () => {
  wx.openid = shop.clerk;
  try {
    const list = await openList();
    expect(list.data.role).toBe('clerk');
    expect(list.querySelector('.create')).toBeUndefined();
    const detail = renderPage('packages/catalog/pages/detail/index');
    detail.instance.onLoad({ id: cola._id });
    await waitFor(() => !detail.data.loading && detail.data.role === 'clerk');
    expect(text(detail, '.actions')).toBe('入库');
  } finally {
    wx.openid = shop.owner;
  }
});

test('我的: an invite is shared as a card that opens 首页 with the code, or copied', async () => {
  const me = renderPage('pages/me/index');
  me.instance.onLoad();
  await waitFor(() => !me.data.loading);
  await tap(me, '.invite-clerk');
  await waitFor(() => me.data.invite !== null);
  const code = me.data.invite.code;
  expect(text(me, '.invite')).toContain(code);
  expect(me.querySelector('.share-invite')).toBeTruthy();
  const card = me.instance.onShareAppMessage();
  expect(card.path).toBe(`/pages/home/index?invite=${code}`);
  expect(card.title).toContain('cat 小店');
  await tap(me, '.copy-invite');
  expect(wx.clipboard).toBe(code);
  // Labels fit on one line: the settings fields get room for their longest label.
  expect(me.querySelector('#setting-order-cost').data.titleWidth).toBe('8.5em');

  // The new clerk opens the card.
  wx.openid = 'cat-new-clerk';
  try {
    const home = renderPage('pages/home/index');
    home.instance.onLoad({ invite: code });
    await waitFor(() => home.data.state === 'noShop');
    expect(home.querySelector('#invite-code').data.value).toBe(code);
    await tap(home, '.join');
    await waitFor(() => home.data.state === 'ready');
    expect(text(home, '.shop-title')).toBe('cat 小店');
  } finally {
    wx.openid = shop.owner;
  }
});

test('alerts: without a digest template the owner is not asked to configure anything', async () => {
  const saved = process.env.STOCKMATE_DIGEST_TEMPLATE_ID;
  process.env.STOCKMATE_DIGEST_TEMPLATE_ID = '';
  try {
    const page = renderPage('pages/alerts/index');
    page.instance.onLoad();
    await waitFor(() => page.data.state === 'ready');
    expect(page.querySelector('.subscribe__button')).toBeUndefined();
    expect(text(page, '.subscribe--hint')).toBe('每晚 2 点自动检查库存，打开这里就能看到最新预警');
    expect(text(page, '.subscribe--hint')).not.toMatch(/模板|设置/);
  } finally {
    process.env.STOCKMATE_DIGEST_TEMPLATE_ID = saved;
  }
});

test('home: a member the owner disabled is told so (not offered a new shop); 采购单 is one tap away', async () => {
  const staff = `${shop.owner}-staff`;
  const invite = await shop.as(shop.owner)('invites.create', { role: 'clerk' });
  await shop.as(staff)('invites.accept', { code: invite.code, name: '小张' });
  await shop.as(shop.owner)('members.update', { openid: staff, status: 'disabled' });
  wx.openid = staff;
  try {
    const home = renderPage('pages/home/index');
    home.instance.onLoad({});
    await waitFor(() => home.data.state !== 'loading');
    expect(home.data.state).toBe('disabled');
    expect(text(home, '.disabled')).toContain(`你在「${(await shop.as(shop.owner)('shops.mine')).shop.name}」的账号已被停用`);
    expect(home.querySelector('.create-shop')).toBeFalsy();
  } finally {
    wx.openid = shop.owner;
  }
  const home = renderPage('pages/home/index');
  home.instance.onLoad({});
  await waitFor(() => home.data.state === 'ready');
  home.querySelector('.go-orders').querySelector('.van-grid-item').dispatchEvent('tap');
  await simulate.sleep(10);
  expect(lastNav()).toBe('/packages/purchase/pages/orders/index');
});
