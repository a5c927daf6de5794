// Every page of the mini program and the states worth a picture: `npm run screenshots` renders each
// to docs/screenshots/<name>--<state>.png. Adding a page (a subpackage's too) is one entry: its path
// under miniprogram/ and its states; each state opens the page as a role of the demo shop and
// drives it like a user. States run in this order against one shared localcloud.
import type { Role, ShotContext } from './harness';

export interface ShotState {
  /** File-name part: <page>--<state>.png */
  state: string;
  /** One line for the index. */
  description: string;
  role: Role;
  /** Opens the page and brings it into the state; answers the page. */
  run(ctx: ShotContext): Promise<any>;
}

export interface ShotPage {
  /** Page path under miniprogram/, as in app.json (subpackage root included). */
  page: string;
  /** File-name part; default: the path without pages/ and index, dashed (packages/catalog/pages/detail/index → catalog-detail). */
  name?: string;
  states: ShotState[];
}

export const SPEC: ShotPage[] = [
  {
    page: 'pages/home/index',
    states: [
      { state: 'first-use', role: 'newUser', description: '第一次打开：开店或用邀请码加入', run: (c) => c.open('pages/home/index') },
      {
        state: 'first-use-error',
        role: 'newUser',
        description: '开店时没填店名',
        run: async (c) => {
          const page = await c.open('pages/home/index');
          await c.tap(page, '.create-shop');
          return page;
        },
      },
      { state: 'owner', role: 'owner', description: '店主：快捷入口和今日关注', run: (c) => c.open('pages/home/index') },
      { state: 'clerk', role: 'clerk', description: '店员看到的首页', run: (c) => c.open('pages/home/index') },
      {
        state: 'offline',
        role: 'owner',
        description: '没有网络',
        run: async (c) => {
          c.goOffline();
          return c.open('pages/home/index');
        },
      },
    ],
  },
  {
    page: 'pages/products/index',
    states: [
      { state: 'owner', role: 'owner', description: '商品列表（店主）', run: (c) => c.open('pages/products/index') },
      { state: 'clerk', role: 'clerk', description: '商品列表（店员）', run: (c) => c.open('pages/products/index') },
      {
        state: 'search-none',
        role: 'owner',
        description: '搜索没有结果',
        run: async (c) => {
          const page = await c.open('pages/products/index');
          page.querySelector('.search').dispatchEvent('change', { detail: '不存在的东西' });
          page.querySelector('.search').dispatchEvent('search', { detail: '不存在的东西' });
          await c.settle();
          return page;
        },
      },
      { state: 'empty', role: 'emptyShop', description: '新店还没有商品', run: (c) => c.open('pages/products/index') },
      { state: 'no-shop', role: 'newUser', description: '还没有店铺', run: (c) => c.open('pages/products/index') },
      {
        state: 'offline',
        role: 'owner',
        description: '没有网络',
        run: async (c) => {
          c.goOffline();
          return c.open('pages/products/index');
        },
      },
    ],
  },
  {
    page: 'pages/sell/index',
    states: [
      { state: 'empty', role: 'clerk', description: '开单：还没有扫码', run: (c) => c.open('pages/sell/index') },
      {
        state: 'lines',
        role: 'clerk',
        description: '店员扫了三样商品（可乐扫两次）',
        run: async (c) => {
          const page = await c.open('pages/sell/index');
          await c.scan(page, c.products.cola.barcode, c.products.cola.barcode, c.products.chips.barcode, c.products.milk.barcode);
          return page;
        },
      },
      {
        state: 'short-stock',
        role: 'owner',
        description: '数量超过库存，提交被拒',
        run: async (c) => {
          const page = await c.open('pages/sell/index');
          await c.scan(page, c.products.detergent.barcode, c.products.oreo.barcode);
          await c.setLineQty(page, 0, 50);
          await c.tap(page, '.submit');
          return page;
        },
      },
      {
        state: 'no-shop',
        role: 'newUser',
        description: '还没有店铺就扫码',
        run: async (c) => {
          const page = await c.open('pages/sell/index');
          await c.scan(page, c.products.cola.barcode);
          return page;
        },
      },
      {
        state: 'unknown-code',
        role: 'clerk',
        description: '输入了不存在的条码',
        run: async (c) => {
          c.wx.modalConfirm = false; // 不去新建
          const page = await c.open('pages/sell/index');
          await c.enterCode(page, '6900000000000');
          return page;
        },
      },
    ],
  },
  {
    page: 'pages/alerts/index',
    states: [
      { state: 'owner', role: 'owner', description: '预警（已计算）', run: (c) => c.open('pages/alerts/index') },
      {
        state: 'suggestions',
        role: 'owner',
        description: '补货建议，按供应商',
        run: async (c) => {
          const page = await c.open('pages/alerts/index');
          await c.tap(page, '.tab-suggestions');
          return page;
        },
      },
      { state: 'clerk', role: 'clerk', description: '店员看到的预警', run: (c) => c.open('pages/alerts/index') },
      { state: 'not-computed', role: 'emptyShop', description: '新店，还没有计算过', run: (c) => c.open('pages/alerts/index') },
      { state: 'no-shop', role: 'newUser', description: '还没有店铺', run: (c) => c.open('pages/alerts/index') },
      {
        state: 'offline',
        role: 'owner',
        description: '没有网络',
        run: async (c) => {
          c.goOffline();
          return c.open('pages/alerts/index');
        },
      },
    ],
  },
  {
    page: 'pages/me/index',
    states: [
      { state: 'owner', role: 'owner', description: '店主：成员邀请和预警设置', run: (c) => c.open('pages/me/index') },
      {
        state: 'invite',
        role: 'owner',
        description: '店主刚生成了店员邀请码',
        run: async (c) => {
          const page = await c.open('pages/me/index');
          await c.tap(page, '.actions van-button');
          return page;
        },
      },
      { state: 'clerk', role: 'clerk', description: '店员的“我的”', run: (c) => c.open('pages/me/index') },
      { state: 'no-shop', role: 'newUser', description: '还没有店铺', run: (c) => c.open('pages/me/index') },
      {
        state: 'offline',
        role: 'owner',
        description: '没有网络',
        run: async (c) => {
          c.goOffline();
          return c.open('pages/me/index');
        },
      },
    ],
  },
  {
    page: 'packages/catalog/pages/detail/index',
    states: [
      { state: 'owner', role: 'owner', description: '批次商品（牛奶）：库存、批次和流水', run: (c) => c.open('packages/catalog/pages/detail/index', { id: c.products.milk.id }) },
      { state: 'clerk', role: 'clerk', description: '店员看不到进价', run: (c) => c.open('packages/catalog/pages/detail/index', { id: c.products.cola.id }) },
      { state: 'not-found', role: 'owner', description: '商品不存在（已删除或别的店）', run: (c) => c.open('packages/catalog/pages/detail/index', { id: 'no-such-product' }) },
    ],
  },
  {
    page: 'packages/catalog/pages/edit/index',
    states: [
      { state: 'new', role: 'owner', description: '新建商品', run: (c) => c.open('packages/catalog/pages/edit/index') },
      { state: 'new-from-scan', role: 'owner', description: '扫到不认识的条码后新建', run: (c) => c.open('packages/catalog/pages/edit/index', { barcode: '6901234599990' }) },
      {
        state: 'new-errors',
        role: 'owner',
        description: '没填名称、售价写错就保存',
        run: async (c) => {
          const page = await c.open('packages/catalog/pages/edit/index');
          await c.type(page, '#field-salePrice', '3.5x');
          await c.tap(page, '.save');
          return page;
        },
      },
      { state: 'edit', role: 'owner', description: '编辑已有商品（牛奶，按批次管理）', run: (c) => c.open('packages/catalog/pages/edit/index', { id: c.products.milk.id }) },
    ],
  },
  {
    page: 'packages/purchase/pages/receive/index',
    states: [
      { state: 'empty', role: 'owner', description: '入库：还没有扫码', run: (c) => c.open('packages/purchase/pages/receive/index') },
      {
        state: 'lines',
        role: 'owner',
        description: '店主扫了可乐和牛奶（批次商品），改了数量和进价',
        run: async (c) => {
          const page = await c.open('packages/purchase/pages/receive/index');
          await c.scan(page, c.products.cola.barcode, c.products.milk.barcode);
          await c.setLineQty(page, 0, 48);
          return page;
        },
      },
      {
        state: 'missing-batch',
        role: 'owner',
        description: '批次商品没填批号就提交',
        run: async (c) => {
          const page = await c.open('packages/purchase/pages/receive/index');
          await c.scan(page, c.products.milk.barcode);
          await c.tap(page, '.submit');
          return page;
        },
      },
      {
        state: 'clerk',
        role: 'clerk',
        description: '店员入库（不填进价）',
        run: async (c) => {
          const page = await c.open('packages/purchase/pages/receive/index');
          await c.scan(page, c.products.water.barcode, c.products.noodles.barcode);
          return page;
        },
      },
      {
        state: 'suppliers',
        role: 'owner',
        description: '选择供应商',
        run: async (c) => {
          const page = await c.open('packages/purchase/pages/receive/index');
          await c.tap(page, 'van-cell');
          return page;
        },
      },
    ],
  },
];

export function pageName(p: ShotPage): string {
  return p.name ?? p.page.replace(/\/index$/, '').replace(/^packages\//, '').replace(/(^|\/)pages\//g, '$1').replace(/\//g, '-');
}
